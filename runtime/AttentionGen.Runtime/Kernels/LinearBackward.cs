using System;

namespace AttentionGen.Runtime;

public static partial class Linear
{
    /// <summary>
    /// Gradients of <see cref="Forward"/>, accumulated: <c>dx += dy·W</c>, <c>dWeight += dyᵀ·x</c>,
    /// <c>dBias += Σ_rows dy</c>. Nothing is overwritten, so a weight used twice (tied) or an input that
    /// feeds two layers (a residual) just receives both contributions. Two packed <see cref="Gemm"/> products,
    /// each reading its operands in place through their layouts (dy as dyᵀ for dWeight) and adding into the
    /// gradient in the microkernel's registers; dBias is summed from dy while dy is packed for dWeight, not
    /// in a pass of its own. Large products run on all cores, split so no two threads write the same element.
    /// </summary>
    /// <param name="x">The forward input, (rows, inFeatures) row-major.</param>
    /// <param name="weight">Weight, (outFeatures, inFeatures) row-major.</param>
    /// <param name="dy">Gradient of the forward output, (rows, outFeatures) row-major.</param>
    /// <param name="dx">Gradient of the input, (rows, inFeatures), added to; empty when the input needs no gradient.</param>
    /// <param name="dWeight">Gradient of the weight, (outFeatures, inFeatures), added to.</param>
    /// <param name="dBias">Gradient of the bias, outFeatures elements, added to; empty for a layer without bias.</param>
    /// <param name="rows">Number of rows (batch × positions).</param>
    /// <param name="inFeatures">Input features.</param>
    /// <param name="outFeatures">Output features.</param>
    public static void Backward(
        ReadOnlySpan<float> x, ReadOnlySpan<float> weight, ReadOnlySpan<float> dy,
        Span<float> dx, Span<float> dWeight, Span<float> dBias, int rows, int inFeatures, int outFeatures) =>
        BackwardCore(x, weight, dy, dx, dWeight, dBias, rows, inFeatures, outFeatures, accumulateInputGradient: true);

    /// <summary>
    /// <see cref="Backward(ReadOnlySpan{float}, ReadOnlySpan{float}, ReadOnlySpan{float}, Span{float}, Span{float}, Span{float}, int, int, int)"/>,
    /// with <paramref name="accumulateInputGradient"/> false writing dx = dy·W instead of adding to it: a layer's own
    /// working gradient then needs no zeroing first (the parameter gradients always accumulate).
    /// </summary>
    internal static unsafe void BackwardCore(
        ReadOnlySpan<float> x, ReadOnlySpan<float> weight, ReadOnlySpan<float> dy,
        Span<float> dx, Span<float> dWeight, Span<float> dBias, int rows, int inFeatures, int outFeatures, bool accumulateInputGradient)
    {
        Check.NonNegative(rows, nameof(rows));
        Check.NonNegative(inFeatures, nameof(inFeatures));
        Check.NonNegative(outFeatures, nameof(outFeatures));
        Check.Length(x.Length, (long)rows * inFeatures, nameof(x), $"rows × inFeatures = {rows} × {inFeatures}");
        Check.Length(weight.Length, (long)outFeatures * inFeatures, nameof(weight), $"outFeatures × inFeatures = {outFeatures} × {inFeatures}");
        Check.Length(dy.Length, (long)rows * outFeatures, nameof(dy), $"rows × outFeatures = {rows} × {outFeatures}");
        Check.OptionalLength(dx.Length, (long)rows * inFeatures, nameof(dx), $"rows × inFeatures = {rows} × {inFeatures}");
        Check.Length(dWeight.Length, (long)outFeatures * inFeatures, nameof(dWeight), $"outFeatures × inFeatures = {outFeatures} × {inFeatures}");
        Check.OptionalLength(dBias.Length, outFeatures, nameof(dBias), $"outFeatures = {outFeatures}");
        Check.NoOverlap(x, dx, nameof(x), nameof(dx));
        Check.NoOverlap(weight, dx, nameof(weight), nameof(dx));
        Check.NoOverlap(dy, dx, nameof(dy), nameof(dx));
        Check.NoOverlap(x, dWeight, nameof(x), nameof(dWeight));
        Check.NoOverlap(weight, dWeight, nameof(weight), nameof(dWeight));
        Check.NoOverlap(dy, dWeight, nameof(dy), nameof(dWeight));
        Check.NoOverlap(dx, dWeight, nameof(dx), nameof(dWeight));
        Check.NoOverlap(dy, dBias, nameof(dy), nameof(dBias));
        Check.NoOverlap(x, dBias, nameof(x), nameof(dBias));
        Check.NoOverlap(weight, dBias, nameof(weight), nameof(dBias));
        Check.NoOverlap(dx, dBias, nameof(dx), nameof(dBias));
        Check.NoOverlap(dWeight, dBias, nameof(dWeight), nameof(dBias));
        if (rows == 0 || outFeatures == 0)
        {
            if (!accumulateInputGradient && !dx.IsEmpty)
            {
                dx.Slice(0, rows * inFeatures).Clear();
            }

            return;
        }

        fixed (float* px = x, pw = weight, pdy = dy, pdx = dx, pdw = dWeight, pdb = dBias)
        {
            if (!dx.IsEmpty)
            {
                var inputGradient = new GemmProblem
                {
                    A = pdy,
                    Lda = outFeatures,
                    B = pw,
                    Ldb = inFeatures,
                    C = pdx,
                    Ldc = inFeatures,
                    M = rows,
                    N = inFeatures,
                    K = outFeatures,
                    Accumulate = accumulateInputGradient,
                };
                Gemm.Multiply(in inputGradient);
            }

            var weightGradient = new GemmProblem
            {
                A = pdy,
                Lda = outFeatures,
                ATransposed = true,
                B = px,
                Ldb = inFeatures,
                C = pdw,
                Ldc = inFeatures,
                M = outFeatures,
                N = inFeatures,
                K = rows,
                Accumulate = true,
                ARowSums = dBias.IsEmpty ? null : pdb,
            };
            Gemm.Multiply(in weightGradient);
        }
    }
}
