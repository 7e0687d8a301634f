using System;

namespace AttentionGen.Runtime;

public static partial class Attention
{
    /// <summary>
    /// The attention probabilities of one batch row, which <see cref="Forward(ReadOnlySpan{float}, int, ReadOnlySpan{float}, int, ReadOnlySpan{float}, int, Span{float}, int, int, int, int, int, bool, ReadOnlySpan{int}, Span{float})"/>
    /// computes and uses but does not keep: softmax(q·kᵀ/√headDim + mask) per head, from the same q and k (a model's
    /// saved packed Q, K, V, or its cross-attention queries and memory keys). For inspection and pictures, not speed:
    /// one row, scores accumulated in double.
    /// </summary>
    /// <param name="layer">The attention layer's PyTorch module name, carried into the map.</param>
    /// <param name="q">Queries of the whole batch: batch × queryLen rows of stride <paramref name="qStride"/>.</param>
    /// <param name="qStride">Floats between consecutive query rows, at least heads × headDim.</param>
    /// <param name="k">Keys of the whole batch: batch × keyLen rows of stride <paramref name="kStride"/>.</param>
    /// <param name="kStride">Floats between consecutive key rows, at least heads × headDim.</param>
    /// <param name="batch">Batch rows in q and k.</param>
    /// <param name="batchIndex">The batch row whose weights to compute, in [0, batch).</param>
    /// <param name="queryLen">Queries per batch row.</param>
    /// <param name="keyLen">Keys per batch row.</param>
    /// <param name="heads">Number of heads, 1 or more.</param>
    /// <param name="headDim">Features per head, 1 or more.</param>
    /// <param name="causal">When true, query i sees only keys j ≤ i, as in <c>Forward</c>.</param>
    /// <param name="keyLengths">Empty: every key is valid. Otherwise one count per batch row: only the first keyLengths[b] keys are valid.</param>
    /// <returns>heads × queryLen × keyLen weights; masked keys get 0, and a query that sees no key an all-zero row.</returns>
    public static AttentionMap Weights(
        string layer, ReadOnlySpan<float> q, int qStride, ReadOnlySpan<float> k, int kStride,
        int batch, int batchIndex, int queryLen, int keyLen, int heads, int headDim, bool causal, ReadOnlySpan<int> keyLengths)
    {
        ArgumentNullException.ThrowIfNull(layer);
        Check.Positive(batch, nameof(batch));
        if ((uint)batchIndex >= (uint)batch)
            throw new ArgumentOutOfRangeException(nameof(batchIndex), batchIndex, $"batchIndex is {batchIndex}, outside the batch of {batch} row(s): it must be in [0, {batch}).");
        Check.NonNegative(queryLen, nameof(queryLen));
        Check.NonNegative(keyLen, nameof(keyLen));
        Check.Positive(heads, nameof(heads));
        Check.Positive(headDim, nameof(headDim));
        int width = checked(heads * headDim);
        CheckStride(qStride, width, nameof(qStride));
        CheckStride(kStride, width, nameof(kStride));
        Check.Length(q.Length, StridedLength((long)batch * queryLen, qStride, width), nameof(q), $"batch × queryLen = {batch} × {queryLen} rows of stride qStride = {qStride}, heads × headDim = {heads} × {headDim} used");
        Check.Length(k.Length, StridedLength((long)batch * keyLen, kStride, width), nameof(k), $"batch × keyLen = {batch} × {keyLen} rows of stride kStride = {kStride}, heads × headDim = {heads} × {headDim} used");
        Check.Lengths(keyLengths, batch, keyLen, nameof(keyLengths));

        int validKeys = keyLengths.IsEmpty ? keyLen : keyLengths[batchIndex];
        var weights = new float[checked(heads * queryLen * keyLen)];
        var scores = new double[keyLen];
        double scale = 1.0 / Math.Sqrt(headDim);
        long queryBase = (long)batchIndex * queryLen;
        long keyBase = (long)batchIndex * keyLen;
        for (int h = 0; h < heads; h++)
        {
            for (int i = 0; i < queryLen; i++)
            {
                ReadOnlySpan<float> query = q.Slice(checked((int)((queryBase + i) * qStride) + (h * headDim)), headDim);
                int visible = causal ? Math.Min(validKeys, i + 1) : validKeys;
                if (visible <= 0)
                    continue; // nothing to attend to: the row stays zero, as Forward's output does
                double max = double.NegativeInfinity;
                for (int j = 0; j < visible; j++)
                {
                    ReadOnlySpan<float> key = k.Slice(checked((int)((keyBase + j) * kStride) + (h * headDim)), headDim);
                    double dot = 0;
                    for (int d = 0; d < headDim; d++)
                        dot += (double)query[d] * key[d];
                    scores[j] = dot * scale;
                    max = Math.Max(max, scores[j]);
                }
                double sum = 0;
                for (int j = 0; j < visible; j++)
                {
                    scores[j] = Math.Exp(scores[j] - max);
                    sum += scores[j];
                }
                Span<float> row = weights.AsSpan(((h * queryLen) + i) * keyLen, keyLen);
                for (int j = 0; j < visible; j++)
                    row[j] = (float)(scores[j] / sum);
            }
        }
        return new AttentionMap(layer, heads, queryLen, keyLen, weights);
    }
}
