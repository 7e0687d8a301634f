using System;

namespace AttentionGen.Runtime;

/// <summary>
/// PyTorch's <c>nn.MultiheadAttention</c> applied as <c>attn(x, x, x)</c>, forward and backward: the packed projection
/// <c>in_proj_weight (3·width, width)</c> gives Q, K and V (rows in that order), each head attends over its slice of
/// features, <c>out_proj</c> mixes the heads. The forward keeps <c>qkv</c>, <c>context</c> and each query's log-sum-exp for the backward.
/// </summary>
public static class SelfAttentionLayer
{
    /// <summary>
    /// y = out_proj(attention(in_proj(x))); <paramref name="qkv"/> (rows, 3·width), <paramref name="context"/> (rows, width)
    /// and <paramref name="logSumExp"/> (rows, heads; may be empty when no backward follows) are kept. With a
    /// <paramref name="residual"/> (rows, width), y = residual + out_proj(…): the sub-layer lands on the residual stream
    /// in out_proj's epilogue, bit for bit the sum a separate add would give.
    /// </summary>
    public static void Forward(
        ReadOnlySpan<float> x, Span<float> qkv, Span<float> context, Span<float> logSumExp, Span<float> y,
        ReadOnlySpan<float> inProjWeight, ReadOnlySpan<float> inProjBias, ReadOnlySpan<float> outProjWeight, ReadOnlySpan<float> outProjBias,
        int batch, int seqLen, int width, int heads, bool causal, ReadOnlySpan<int> lengths, float dropout, ulong seed, ReadOnlySpan<float> residual = default) =>
        ForwardFor(new RuntimeDimension(width / heads), x, qkv, context, logSumExp, y, inProjWeight, inProjBias, outProjWeight, outProjBias, batch, seqLen, width, heads, causal, lengths, dropout, seed, residual);

    /// <summary>
    /// The overload above, compiled for the head size <typeparamref name="THead"/> carries (width / heads, checked):
    /// generated models call this overload with a size type, so the attention kernels' loops over a head run to a constant.
    /// </summary>
    public static void Forward<THead>(
        ReadOnlySpan<float> x, Span<float> qkv, Span<float> context, Span<float> logSumExp, Span<float> y,
        ReadOnlySpan<float> inProjWeight, ReadOnlySpan<float> inProjBias, ReadOnlySpan<float> outProjWeight, ReadOnlySpan<float> outProjBias,
        int batch, int seqLen, int width, int heads, bool causal, ReadOnlySpan<int> lengths, float dropout, ulong seed, ReadOnlySpan<float> residual = default)
        where THead : struct, IDimension =>
        ForwardFor(Attention.HeadSize<THead>(width, heads), x, qkv, context, logSumExp, y, inProjWeight, inProjBias, outProjWeight, outProjBias, batch, seqLen, width, heads, causal, lengths, dropout, seed, residual);

    private static void ForwardFor<THead>(
        THead head, ReadOnlySpan<float> x, Span<float> qkv, Span<float> context, Span<float> logSumExp, Span<float> y,
        ReadOnlySpan<float> inProjWeight, ReadOnlySpan<float> inProjBias, ReadOnlySpan<float> outProjWeight, ReadOnlySpan<float> outProjBias,
        int batch, int seqLen, int width, int heads, bool causal, ReadOnlySpan<int> lengths, float dropout, ulong seed, ReadOnlySpan<float> residual)
        where THead : struct, IDimension
    {
        int rows = batch * seqLen;
        Linear.Forward(x, inProjWeight, inProjBias, qkv, rows, width, 3 * width);
        Attention.Forward(
            head, qkv, 3 * width, qkv.Slice(width), 3 * width, qkv.Slice(2 * width), 3 * width,
            context, logSumExp, batch, seqLen, seqLen, heads, causal, lengths, dropout, seed);
        Linear.ForwardOnResidual(context, outProjWeight, outProjBias, residual, y, rows, width, width);
    }

    /// <summary>
    /// Accumulates the gradients of <see cref="Forward"/>'s input and parameters from <paramref name="dy"/>.
    /// <paramref name="dQkv"/> and <paramref name="dContext"/> are the layer's working gradients: written, not added to,
    /// so they need no zeroing first.
    /// With <paramref name="accumulateInputGradient"/> false, <paramref name="dx"/> is written rather than added to
    /// (a pre-norm block's normalized input, whose only reader is this layer), so it needs no zeroing either.
    /// </summary>
    public static void Backward(
        ReadOnlySpan<float> x, ReadOnlySpan<float> qkv, ReadOnlySpan<float> context, ReadOnlySpan<float> logSumExp, ReadOnlySpan<float> dy,
        Span<float> dx, Span<float> dQkv, Span<float> dContext,
        ReadOnlySpan<float> inProjWeight, ReadOnlySpan<float> outProjWeight,
        Span<float> dInProjWeight, Span<float> dInProjBias, Span<float> dOutProjWeight, Span<float> dOutProjBias,
        int batch, int seqLen, int width, int heads, bool causal, ReadOnlySpan<int> lengths, float dropout, ulong seed, bool accumulateInputGradient = true) =>
        BackwardFor(new RuntimeDimension(width / heads), x, qkv, context, logSumExp, dy, dx, dQkv, dContext, inProjWeight, outProjWeight, dInProjWeight, dInProjBias, dOutProjWeight, dOutProjBias, batch, seqLen, width, heads, causal, lengths, dropout, seed, accumulateInputGradient);

    /// <summary>
    /// The overload above, compiled for the head size <typeparamref name="THead"/> carries (width / heads, checked):
    /// generated models call this overload with a size type, so the attention kernels' loops over a head run to a constant.
    /// </summary>
    public static void Backward<THead>(
        ReadOnlySpan<float> x, ReadOnlySpan<float> qkv, ReadOnlySpan<float> context, ReadOnlySpan<float> logSumExp, ReadOnlySpan<float> dy,
        Span<float> dx, Span<float> dQkv, Span<float> dContext,
        ReadOnlySpan<float> inProjWeight, ReadOnlySpan<float> outProjWeight,
        Span<float> dInProjWeight, Span<float> dInProjBias, Span<float> dOutProjWeight, Span<float> dOutProjBias,
        int batch, int seqLen, int width, int heads, bool causal, ReadOnlySpan<int> lengths, float dropout, ulong seed, bool accumulateInputGradient = true)
        where THead : struct, IDimension =>
        BackwardFor(Attention.HeadSize<THead>(width, heads), x, qkv, context, logSumExp, dy, dx, dQkv, dContext, inProjWeight, outProjWeight, dInProjWeight, dInProjBias, dOutProjWeight, dOutProjBias, batch, seqLen, width, heads, causal, lengths, dropout, seed, accumulateInputGradient);

    private static void BackwardFor<THead>(
        THead head, ReadOnlySpan<float> x, ReadOnlySpan<float> qkv, ReadOnlySpan<float> context, ReadOnlySpan<float> logSumExp, ReadOnlySpan<float> dy,
        Span<float> dx, Span<float> dQkv, Span<float> dContext,
        ReadOnlySpan<float> inProjWeight, ReadOnlySpan<float> outProjWeight,
        Span<float> dInProjWeight, Span<float> dInProjBias, Span<float> dOutProjWeight, Span<float> dOutProjBias,
        int batch, int seqLen, int width, int heads, bool causal, ReadOnlySpan<int> lengths, float dropout, ulong seed, bool accumulateInputGradient)
        where THead : struct, IDimension
    {
        int rows = batch * seqLen;
        Linear.BackwardCore(context, outProjWeight, dy, dContext, dOutProjWeight, dOutProjBias, rows, width, width, accumulateInputGradient: false);
        Attention.BackwardCore(
            head, qkv, 3 * width, qkv.Slice(width), 3 * width, qkv.Slice(2 * width), 3 * width, context, dContext, logSumExp,
            dQkv, 3 * width, dQkv.Slice(width), 3 * width, dQkv.Slice(2 * width), 3 * width,
            batch, seqLen, seqLen, heads, causal, lengths, dropout, seed, accumulate: false);
        Linear.BackwardCore(x, inProjWeight, dQkv, dx, dInProjWeight, dInProjBias, rows, width, 3 * width, accumulateInputGradient);
    }
}
