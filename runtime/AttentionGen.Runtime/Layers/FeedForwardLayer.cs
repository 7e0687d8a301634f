using System;

namespace AttentionGen.Runtime;

/// <summary>
/// A Transformer block's feed-forward network, <c>linear2(dropout(activation(linear1(x))))</c> as in PyTorch's
/// <c>nn.TransformerEncoderLayer</c>, forward and backward. The forward keeps the pre-activation and the (dropped)
/// activation for the backward.
/// </summary>
public static class FeedForwardLayer
{
    /// <summary>
    /// y = linear2(dropout(activation(linear1(x)))); <paramref name="hidden"/> and <paramref name="activated"/> (rows,
    /// hiddenWidth) are kept. With a <paramref name="residual"/> (rows, width), y = residual + linear2(…), added in
    /// linear2's epilogue.
    /// </summary>
    public static void Forward(
        ReadOnlySpan<float> x, Span<float> hidden, Span<float> activated, Span<float> y,
        ReadOnlySpan<float> weight1, ReadOnlySpan<float> bias1, ReadOnlySpan<float> weight2, ReadOnlySpan<float> bias2,
        int rows, int width, int hiddenWidth, AttentionGen.Activation activation, float dropout, ulong seed, ReadOnlySpan<float> residual = default)
    {
        Linear.ForwardActivated(x, weight1, bias1, hidden, activated, rows, width, hiddenWidth, activation);
        Dropout.CheckProbability(dropout, nameof(dropout));
        if (dropout > 0)
        {
            Dropout.Forward(activated, dropout, seed);
        }
        Linear.ForwardOnResidual(activated, weight2, bias2, residual, y, rows, hiddenWidth, width);
    }

    /// <summary>
    /// Accumulates the gradients of <see cref="Forward"/>'s input and parameters from <paramref name="dy"/>.
    /// <paramref name="dHidden"/> and <paramref name="dActivated"/> are the layer's working gradients: written, not
    /// added to, so they need no zeroing first.
    /// With <paramref name="accumulateInputGradient"/> false, <paramref name="dx"/> is written rather than added to
    /// (a pre-norm block's normalized input, whose only reader is this layer), so it needs no zeroing either.
    /// </summary>
    public static void Backward(
        ReadOnlySpan<float> x, ReadOnlySpan<float> hidden, ReadOnlySpan<float> activated, ReadOnlySpan<float> dy,
        Span<float> dx, Span<float> dHidden, Span<float> dActivated,
        ReadOnlySpan<float> weight1, ReadOnlySpan<float> weight2,
        Span<float> dWeight1, Span<float> dBias1, Span<float> dWeight2, Span<float> dBias2,
        int rows, int width, int hiddenWidth, AttentionGen.Activation activation, float dropout, ulong seed, bool accumulateInputGradient = true)
    {
        Linear.BackwardCore(activated, weight2, dy, dActivated, dWeight2, dBias2, rows, hiddenWidth, width, accumulateInputGradient: false);
        // Dropout's backward scales the gradient by the same mask, regenerated from the seed.
        Dropout.CheckProbability(dropout, nameof(dropout));
        if (dropout > 0)
        {
            Dropout.Forward(dActivated, dropout, seed);
        }
        Activations.BackwardCore(hidden, dActivated, dHidden, activation, accumulate: false);
        Linear.BackwardCore(x, weight1, dHidden, dx, dWeight1, dBias1, rows, width, hiddenWidth, accumulateInputGradient);
    }
}
