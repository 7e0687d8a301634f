using System;

namespace AttentionGen.Runtime;

public static partial class Linear
{
    /// <summary>Rows up to which <see cref="ForwardDecode"/> takes dot products instead of the packed product.</summary>
    internal const int DecodeRows = 4;

    /// <summary>
    /// <see cref="Forward"/> for the few rows of a decoding step (one new position per sequence): up to
    /// <see cref="DecodeRows"/> rows, each output is a dot product straight off the weight's (out, in) rows, without
    /// the packing that pays off only when many rows share it; more rows go to <see cref="Forward"/>.
    /// </summary>
    public static unsafe void ForwardDecode(
        ReadOnlySpan<float> x, ReadOnlySpan<float> weight, ReadOnlySpan<float> bias, Span<float> y,
        int rows, int inFeatures, int outFeatures)
    {
        if (rows > DecodeRows)
        {
            Forward(x, weight, bias, y, rows, inFeatures, outFeatures);
            return;
        }

        Check.NonNegative(rows, nameof(rows));
        Check.NonNegative(inFeatures, nameof(inFeatures));
        Check.NonNegative(outFeatures, nameof(outFeatures));
        Check.Length(x.Length, (long)rows * inFeatures, nameof(x), $"rows × inFeatures = {rows} × {inFeatures}");
        Check.Length(weight.Length, (long)outFeatures * inFeatures, nameof(weight), $"outFeatures × inFeatures = {outFeatures} × {inFeatures}");
        Check.OptionalLength(bias.Length, outFeatures, nameof(bias), $"outFeatures = {outFeatures}");
        Check.Length(y.Length, (long)rows * outFeatures, nameof(y), $"rows × outFeatures = {rows} × {outFeatures}");
        Check.NoOverlap(x, y, nameof(x), nameof(y));
        Check.NoOverlap(weight, y, nameof(weight), nameof(y));
        Check.NoOverlap(bias, y, nameof(bias), nameof(y));
        fixed (float* px = x, pw = weight, pb = bias, py = y)
        {
            for (int r = 0; r < rows; r++)
            {
                float* row = px + (long)r * inFeatures;
                float* output = py + (long)r * outFeatures;
                for (int o = 0; o < outFeatures; o++)
                    output[o] = Simd.Dot(row, pw + (long)o * inFeatures, inFeatures) + (bias.IsEmpty ? 0f : pb[o]);
            }
        }
    }
}
