using System;

namespace AttentionGen.Runtime;

/// <summary>
/// PyTorch's <c>nn.MultiheadAttention</c> applied as <c>attn(x, memory, memory)</c>, forward and backward: queries from
/// the target stream (rows 0..width of <c>in_proj_weight</c>), keys and values from the encoder's output (rows
/// width..3·width); source keys past each sequence's length are masked.
/// </summary>
public static class CrossAttentionLayer
{
    /// <summary>
    /// y = out_proj(attention(q(x), k(memory), v(memory))); <paramref name="query"/>, <paramref name="keyValue"/>,
    /// <paramref name="context"/> and <paramref name="logSumExp"/> (target rows × heads; may be empty when no backward
    /// follows) are kept. With a <paramref name="residual"/> (target rows, width), y = residual + out_proj(…), added in
    /// out_proj's epilogue.
    /// </summary>
    public static void Forward(
        ReadOnlySpan<float> x, ReadOnlySpan<float> memory, Span<float> query, Span<float> keyValue, Span<float> context, Span<float> logSumExp, Span<float> y,
        ReadOnlySpan<float> inProjWeight, ReadOnlySpan<float> inProjBias, ReadOnlySpan<float> outProjWeight, ReadOnlySpan<float> outProjBias,
        int batch, int targetLen, int sourceLen, int width, int heads, ReadOnlySpan<int> sourceLengths, float dropout, ulong seed, ReadOnlySpan<float> residual = default) =>
        ForwardFor(new RuntimeDimension(width / heads), x, memory, query, keyValue, context, logSumExp, y, inProjWeight, inProjBias, outProjWeight, outProjBias, batch, targetLen, sourceLen, width, heads, sourceLengths, dropout, seed, residual);

    /// <summary>
    /// The overload above, compiled for the head size <typeparamref name="THead"/> carries (width / heads, checked):
    /// generated models call this overload with a size type, so the attention kernels' loops over a head run to a constant.
    /// </summary>
    public static void Forward<THead>(
        ReadOnlySpan<float> x, ReadOnlySpan<float> memory, Span<float> query, Span<float> keyValue, Span<float> context, Span<float> logSumExp, Span<float> y,
        ReadOnlySpan<float> inProjWeight, ReadOnlySpan<float> inProjBias, ReadOnlySpan<float> outProjWeight, ReadOnlySpan<float> outProjBias,
        int batch, int targetLen, int sourceLen, int width, int heads, ReadOnlySpan<int> sourceLengths, float dropout, ulong seed, ReadOnlySpan<float> residual = default)
        where THead : struct, IDimension =>
        ForwardFor(Attention.HeadSize<THead>(width, heads), x, memory, query, keyValue, context, logSumExp, y, inProjWeight, inProjBias, outProjWeight, outProjBias, batch, targetLen, sourceLen, width, heads, sourceLengths, dropout, seed, residual);

    private static void ForwardFor<THead>(
        THead head, ReadOnlySpan<float> x, ReadOnlySpan<float> memory, Span<float> query, Span<float> keyValue, Span<float> context, Span<float> logSumExp, Span<float> y,
        ReadOnlySpan<float> inProjWeight, ReadOnlySpan<float> inProjBias, ReadOnlySpan<float> outProjWeight, ReadOnlySpan<float> outProjBias,
        int batch, int targetLen, int sourceLen, int width, int heads, ReadOnlySpan<int> sourceLengths, float dropout, ulong seed, ReadOnlySpan<float> residual)
        where THead : struct, IDimension
    {
        int targetRows = batch * targetLen, sourceRows = batch * sourceLen;
        Linear.Forward(x, inProjWeight.Slice(0, width * width), inProjBias.Slice(0, width), query, targetRows, width, width);
        Linear.Forward(memory, inProjWeight.Slice(width * width, 2 * width * width), inProjBias.Slice(width, 2 * width), keyValue, sourceRows, width, 2 * width);
        Attention.Forward(
            head, query, width, keyValue, 2 * width, keyValue.Slice(width), 2 * width,
            context, logSumExp, batch, targetLen, sourceLen, heads, causal: false, sourceLengths, dropout, seed);
        Linear.ForwardOnResidual(context, outProjWeight, outProjBias, residual, y, targetRows, width, width);
    }

    /// <summary>
    /// Accumulates the gradients of <see cref="Forward"/>'s inputs (x and memory) and parameters from <paramref name="dy"/>.
    /// <paramref name="dQuery"/>, <paramref name="dKeyValue"/> and <paramref name="dContext"/> are the layer's working
    /// gradients: written, not added to, so they need no zeroing first.
    /// With <paramref name="accumulateInputGradient"/> false, <paramref name="dx"/> is written rather than added to
    /// (a pre-norm block's normalized input, whose only reader is this layer), so it needs no zeroing either.
    /// <paramref name="dMemory"/> always accumulates: every decoder block adds to it.
    /// </summary>
    public static void Backward(
        ReadOnlySpan<float> x, ReadOnlySpan<float> memory, ReadOnlySpan<float> query, ReadOnlySpan<float> keyValue, ReadOnlySpan<float> context,
        ReadOnlySpan<float> logSumExp, ReadOnlySpan<float> dy, Span<float> dx, Span<float> dMemory, Span<float> dQuery, Span<float> dKeyValue, Span<float> dContext,
        ReadOnlySpan<float> inProjWeight, ReadOnlySpan<float> outProjWeight,
        Span<float> dInProjWeight, Span<float> dInProjBias, Span<float> dOutProjWeight, Span<float> dOutProjBias,
        int batch, int targetLen, int sourceLen, int width, int heads, ReadOnlySpan<int> sourceLengths, float dropout, ulong seed, bool accumulateInputGradient = true) =>
        BackwardFor(new RuntimeDimension(width / heads), x, memory, query, keyValue, context, logSumExp, dy, dx, dMemory, dQuery, dKeyValue, dContext, inProjWeight, outProjWeight, dInProjWeight, dInProjBias, dOutProjWeight, dOutProjBias, batch, targetLen, sourceLen, width, heads, sourceLengths, dropout, seed, accumulateInputGradient);

    /// <summary>
    /// The overload above, compiled for the head size <typeparamref name="THead"/> carries (width / heads, checked):
    /// generated models call this overload with a size type, so the attention kernels' loops over a head run to a constant.
    /// </summary>
    public static void Backward<THead>(
        ReadOnlySpan<float> x, ReadOnlySpan<float> memory, ReadOnlySpan<float> query, ReadOnlySpan<float> keyValue, ReadOnlySpan<float> context,
        ReadOnlySpan<float> logSumExp, ReadOnlySpan<float> dy, Span<float> dx, Span<float> dMemory, Span<float> dQuery, Span<float> dKeyValue, Span<float> dContext,
        ReadOnlySpan<float> inProjWeight, ReadOnlySpan<float> outProjWeight,
        Span<float> dInProjWeight, Span<float> dInProjBias, Span<float> dOutProjWeight, Span<float> dOutProjBias,
        int batch, int targetLen, int sourceLen, int width, int heads, ReadOnlySpan<int> sourceLengths, float dropout, ulong seed, bool accumulateInputGradient = true)
        where THead : struct, IDimension =>
        BackwardFor(Attention.HeadSize<THead>(width, heads), x, memory, query, keyValue, context, logSumExp, dy, dx, dMemory, dQuery, dKeyValue, dContext, inProjWeight, outProjWeight, dInProjWeight, dInProjBias, dOutProjWeight, dOutProjBias, batch, targetLen, sourceLen, width, heads, sourceLengths, dropout, seed, accumulateInputGradient);

    private static void BackwardFor<THead>(
        THead head, ReadOnlySpan<float> x, ReadOnlySpan<float> memory, ReadOnlySpan<float> query, ReadOnlySpan<float> keyValue, ReadOnlySpan<float> context,
        ReadOnlySpan<float> logSumExp, ReadOnlySpan<float> dy, Span<float> dx, Span<float> dMemory, Span<float> dQuery, Span<float> dKeyValue, Span<float> dContext,
        ReadOnlySpan<float> inProjWeight, ReadOnlySpan<float> outProjWeight,
        Span<float> dInProjWeight, Span<float> dInProjBias, Span<float> dOutProjWeight, Span<float> dOutProjBias,
        int batch, int targetLen, int sourceLen, int width, int heads, ReadOnlySpan<int> sourceLengths, float dropout, ulong seed, bool accumulateInputGradient)
        where THead : struct, IDimension
    {
        int targetRows = batch * targetLen, sourceRows = batch * sourceLen;
        Linear.BackwardCore(context, outProjWeight, dy, dContext, dOutProjWeight, dOutProjBias, targetRows, width, width, accumulateInputGradient: false);
        Attention.BackwardCore(
            head, query, width, keyValue, 2 * width, keyValue.Slice(width), 2 * width, context, dContext, logSumExp,
            dQuery, width, dKeyValue, 2 * width, dKeyValue.Slice(width), 2 * width,
            batch, targetLen, sourceLen, heads, causal: false, sourceLengths, dropout, seed, accumulate: false);
        Linear.Backward(memory, inProjWeight.Slice(width * width, 2 * width * width), dKeyValue, dMemory,
            dInProjWeight.Slice(width * width, 2 * width * width), dInProjBias.Slice(width, 2 * width), sourceRows, width, 2 * width);
        Linear.BackwardCore(x, inProjWeight.Slice(0, width * width), dQuery, dx,
            dInProjWeight.Slice(0, width * width), dInProjBias.Slice(0, width), targetRows, width, width, accumulateInputGradient);
    }
}
