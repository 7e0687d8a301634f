using System;

namespace AttentionGen.Runtime;

/// <summary>Fully connected layer, PyTorch's <c>nn.Linear</c>: weight is (out, in), <c>y = x·Wᵀ + b</c>.</summary>
public static partial class Linear
{
    /// <summary>
    /// <c>y[r, o] = Σᵢ x[r, i]·weight[o, i] + bias[o]</c> for <paramref name="rows"/> rows: one packed
    /// <see cref="Gemm"/> product that reads the weight in PyTorch's (out, in) layout (transposed while packing,
    /// no copy of it is kept) and adds the bias in the microkernel's registers. Large products run on all cores.
    /// </summary>
    /// <param name="x">Input, (rows, inFeatures) row-major.</param>
    /// <param name="weight">Weight, (outFeatures, inFeatures) row-major, as PyTorch stores it.</param>
    /// <param name="bias">Bias, outFeatures elements, or empty for a layer without bias.</param>
    /// <param name="y">Output, (rows, outFeatures) row-major; must not overlap x, weight or bias.</param>
    /// <param name="rows">Number of input rows (batch × positions).</param>
    /// <param name="inFeatures">Input features.</param>
    /// <param name="outFeatures">Output features.</param>
    public static void Forward(
        ReadOnlySpan<float> x, ReadOnlySpan<float> weight, ReadOnlySpan<float> bias, Span<float> y,
        int rows, int inFeatures, int outFeatures) =>
        ForwardProduct(x, weight, bias, default, y, rows, inFeatures, outFeatures, default, AttentionGen.Activation.None);

    /// <summary>
    /// <c>y = residual + x·Wᵀ + b</c>: a sub-layer's output projection landing on the residual stream, the residual
    /// added to each tile of the product in the epilogue while it is in L1 (bit for bit the product followed by
    /// <see cref="TensorMath.Add"/>, without that second pass over both tensors). An empty
    /// <paramref name="residual"/> is <see cref="Forward(ReadOnlySpan{float}, ReadOnlySpan{float}, ReadOnlySpan{float}, Span{float}, int, int, int)"/>.
    /// </summary>
    internal static void ForwardOnResidual(
        ReadOnlySpan<float> x, ReadOnlySpan<float> weight, ReadOnlySpan<float> bias, ReadOnlySpan<float> residual, Span<float> y,
        int rows, int inFeatures, int outFeatures)
    {
        if (!residual.IsEmpty)
        {
            Check.Length(residual.Length, (long)rows * outFeatures, nameof(residual), $"rows × outFeatures = {rows} × {outFeatures}");
            Check.NoOverlap(residual, y, nameof(residual), nameof(y));
        }

        ForwardProduct(x, weight, bias, residual, y, rows, inFeatures, outFeatures, default, AttentionGen.Activation.None);
    }

    private static unsafe void ForwardProduct(
        ReadOnlySpan<float> x, ReadOnlySpan<float> weight, ReadOnlySpan<float> bias, ReadOnlySpan<float> residual, Span<float> y,
        int rows, int inFeatures, int outFeatures, Span<float> activated, AttentionGen.Activation activation)
    {
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
        if (rows == 0 || outFeatures == 0)
        {
            return;
        }

        // Panels packed by an earlier call while the weights are unchanged (an inference session's), or null.
        float* packedWeight = inFeatures > 0 ? WeightPanels.Find(weight, outFeatures, inFeatures) : null;
        fixed (float* px = x, pw = weight, pb = bias, pr = residual, py = y, pa = activated)
        {
            var product = new GemmProblem
            {
                A = px,
                Lda = inFeatures,
                B = pw,
                Ldb = inFeatures,
                BTransposed = true,
                PackedB = packedWeight,
                C = py,
                Ldc = outFeatures,
                M = rows,
                N = outFeatures,
                K = inFeatures,
                Bias = bias.IsEmpty ? null : pb,
                Residual = residual.IsEmpty ? null : pr,
                Activated = activated.IsEmpty ? null : pa,
                Activation = activation,
            };
            Gemm.Multiply(in product);
        }
    }

    /// <summary>
    /// <see cref="Forward(ReadOnlySpan{float}, ReadOnlySpan{float}, ReadOnlySpan{float}, Span{float}, int, int, int)"/> with the activation in the product's epilogue: <paramref name="y"/> gets <c>x·Wᵀ + b</c> (the
    /// pre-activation, which the backward pass reads) and <paramref name="activated"/> gets <c>f(y)</c>, each tile
    /// activated while it is in L1 instead of in a second pass over both tensors.
    /// </summary>
    internal static unsafe void ForwardActivated(
        ReadOnlySpan<float> x, ReadOnlySpan<float> weight, ReadOnlySpan<float> bias, Span<float> y, Span<float> activated,
        int rows, int inFeatures, int outFeatures, AttentionGen.Activation activation)
    {
        Check.Length(activated.Length, (long)rows * outFeatures, nameof(activated), $"rows × outFeatures = {rows} × {outFeatures}");
        Check.NoOverlap(y, activated, nameof(y), nameof(activated));
        Check.NoOverlap(x, activated, nameof(x), nameof(activated));
        Check.NoOverlap(weight, activated, nameof(weight), nameof(activated));
        if (inFeatures == 0)
        {
            // No product to fuse with: the bias alone, then the activation.
            Forward(x, weight, bias, y, rows, inFeatures, outFeatures);
            Activations.Apply(y, activated, activation);
            return;
        }

        ForwardProduct(x, weight, bias, default, y, rows, inFeatures, outFeatures, activated, activation);
    }
}
