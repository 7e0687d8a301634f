using System;

namespace AttentionGen.Runtime;

/// <summary>
/// Causal attention of new queries over a key/value cache, for generating one token (or a prompt) at a time: the
/// queries sit at positions <c>start</c> to <c>start + count − 1</c> of each sequence, and query <c>start + i</c>
/// sees the cached keys and values of positions 0 to <c>start + i</c>, as a causal mask over the whole sequence would
/// let it. The cache holds every position's keys and values once, so a new token costs one row of attention instead
/// of re-running the window.
/// </summary>
public static class CachedAttention
{
    /// <summary>
    /// Copies the keys and values of <paramref name="count"/> new positions per sequence from a packed QKV buffer,
    /// (batch × count, 3 × width) with Q, K, V in that order, into the caches at positions start onwards.
    /// </summary>
    /// <param name="qkv">The new positions' packed projections, (batch, count, 3 × width) row-major.</param>
    /// <param name="keys">The key cache, (batch, capacity, width) row-major.</param>
    /// <param name="values">The value cache, laid out as <paramref name="keys"/>.</param>
    /// <param name="batch">Sequences, 1 or more.</param>
    /// <param name="count">New positions per sequence, 1 or more.</param>
    /// <param name="start">Position of the first new one; start + count must not exceed capacity.</param>
    /// <param name="capacity">Positions the cache holds per sequence.</param>
    /// <param name="width">Features of one key (heads × headDim).</param>
    public static void Store(ReadOnlySpan<float> qkv, Span<float> keys, Span<float> values, int batch, int count, int start, int capacity, int width)
    {
        Check.Positive(batch, nameof(batch));
        Check.Positive(count, nameof(count));
        Check.NonNegative(start, nameof(start));
        Check.Positive(width, nameof(width));
        if ((long)start + count > capacity)
            throw new ArgumentOutOfRangeException(nameof(count), count, $"start + count = {start} + {count} exceeds the cache's capacity of {capacity} positions.");
        Check.Length(qkv.Length, (long)batch * count * 3 * width, nameof(qkv), $"batch × count × 3 × width = {batch} × {count} × 3 × {width}");
        Check.Length(keys.Length, (long)batch * capacity * width, nameof(keys), $"batch × capacity × width = {batch} × {capacity} × {width}");
        Check.Length(values.Length, (long)batch * capacity * width, nameof(values), $"batch × capacity × width = {batch} × {capacity} × {width}");
        for (int b = 0; b < batch; b++)
        {
            for (int i = 0; i < count; i++)
            {
                var row = qkv.Slice((b * count + i) * 3 * width, 3 * width);
                int at = (b * capacity + start + i) * width;
                row.Slice(width, width).CopyTo(keys.Slice(at, width));
                row.Slice(2 * width, width).CopyTo(values.Slice(at, width));
            }
        }
    }

    /// <summary>
    /// <c>output = softmax(q·kᵀ/√headDim)·v</c> per batch row, query and head, each query over the cached positions up
    /// to its own. Inference only: no dropout, no padding mask (every row of the batch is at the same position).
    /// </summary>
    /// <param name="q">Queries: batch × count rows, row r starting at r·qStride (a packed QKV buffer's Q part); head h reads features [h·headDim, (h+1)·headDim).</param>
    /// <param name="qStride">Floats between consecutive query rows, at least heads × headDim.</param>
    /// <param name="keys">The key cache, (batch, capacity, heads × headDim) row-major, filled up to position start + count − 1.</param>
    /// <param name="values">The value cache, laid out as <paramref name="keys"/>.</param>
    /// <param name="output">Contiguous (batch, count, heads × headDim); must not overlap the other spans.</param>
    /// <param name="batch">Sequences, 1 or more.</param>
    /// <param name="count">New queries per sequence, 1 or more.</param>
    /// <param name="start">Position of the first new query; start + count must not exceed capacity.</param>
    /// <param name="capacity">Positions the cache holds per sequence.</param>
    /// <param name="heads">Number of heads, 1 or more.</param>
    /// <param name="headDim">Features per head, 1 or more.</param>
    /// <param name="scores">Working memory of at least <paramref name="capacity"/> floats; overwritten.</param>
    public static unsafe void Forward(
        ReadOnlySpan<float> q, int qStride, ReadOnlySpan<float> keys, ReadOnlySpan<float> values, Span<float> output,
        int batch, int count, int start, int capacity, int heads, int headDim, Span<float> scores)
    {
        Check.Positive(batch, nameof(batch));
        Check.Positive(count, nameof(count));
        Check.NonNegative(start, nameof(start));
        Check.Positive(heads, nameof(heads));
        Check.Positive(headDim, nameof(headDim));
        if ((long)start + count > capacity)
            throw new ArgumentOutOfRangeException(nameof(count), count, $"start + count = {start} + {count} exceeds the cache's capacity of {capacity} positions.");
        int width = checked(heads * headDim);
        if (qStride < width)
            throw new ArgumentOutOfRangeException(nameof(qStride), qStride, $"qStride is {qStride}; it must be at least heads × headDim = {width}.");
        long cacheLength = (long)batch * capacity * width;
        Check.Length(q.Length, ((long)batch * count - 1) * qStride + width, nameof(q), $"batch × count = {batch} × {count} rows of stride qStride = {qStride}");
        Check.Length(keys.Length, cacheLength, nameof(keys), $"batch × capacity × width = {batch} × {capacity} × {width}");
        Check.Length(values.Length, cacheLength, nameof(values), $"batch × capacity × width = {batch} × {capacity} × {width}");
        Check.Length(output.Length, (long)batch * count * width, nameof(output), $"batch × count × width = {batch} × {count} × {width}");
        if (scores.Length < capacity)
            throw new ArgumentException($"scores has {scores.Length} floats; it needs at least capacity = {capacity}.", nameof(scores));
        Check.NoOverlap(q, output, nameof(q), nameof(output));
        Check.NoOverlap(keys, output, nameof(keys), nameof(output));
        Check.NoOverlap(values, output, nameof(values), nameof(output));

        float scale = 1f / MathF.Sqrt(headDim);
        fixed (float* pq = q, pk = keys, pv = values, po = output, ps = scores)
        {
            for (int b = 0; b < batch; b++)
            {
                float* cachedKeys = pk + (long)b * capacity * width;
                float* cachedValues = pv + (long)b * capacity * width;
                for (int i = 0; i < count; i++)
                {
                    int visible = start + i + 1; // positions 0 … start + i
                    float* query = pq + ((long)b * count + i) * qStride;
                    float* row = po + ((long)b * count + i) * width;
                    for (int h = 0; h < heads; h++)
                    {
                        int offset = h * headDim;
                        for (int j = 0; j < visible; j++)
                            ps[j] = Simd.Dot(query + offset, cachedKeys + (long)j * width + offset, headDim) * scale;
                        float max = Simd.Max(ps, visible);
                        float inverseSum = 1f / Simd.ExpShiftSum(ps, visible, max);
                        float* head = row + offset;
                        Simd.Clear(head, headDim);
                        for (int j = 0; j < visible; j++)
                            Simd.Axpy(ps[j] * inverseSum, cachedValues + (long)j * width + offset, head, headDim);
                    }
                }
            }
        }
    }
}
