using System;
using System.Runtime.Intrinsics;
using System.Threading.Tasks;

namespace AttentionGen.Runtime;

/// <summary>
/// Scaled dot-product attention over all heads: the core of <c>nn.MultiheadAttention</c> between
/// <c>in_proj</c> and <c>out_proj</c>.
/// </summary>
/// <remarks>
/// Masks are given as counts, not boolean tensors: a key is visible to a query when it is among the
/// first <c>keyLengths[b]</c> keys of its batch row (padding) and, with <c>causal</c>, when its index is at
/// most the query's. A query that sees no key gets an all-zero output row, never NaN.
/// </remarks>
public static class Attention
{
    /// <summary>Multiply-adds (batch × heads × queryLen × keyLen × headDim) above which heads are spread across threads.</summary>
    internal const long ParallelThreshold = 1L << 18;

    /// <summary>Workers <see cref="ScratchLength"/> provides for: one per logical processor, at most 64.</summary>
    internal static readonly int MaxWorkers = Math.Clamp(Environment.ProcessorCount, 1, 64);

    /// <summary>
    /// Floats of scratch <see cref="Forward"/> needs: one slice of keyLen scores (rounded up to a multiple
    /// of 16) per worker, for <c>min(Environment.ProcessorCount, 64)</c> workers. The kernel needs nothing
    /// per query, so <paramref name="queryLen"/> does not change the size today; it is part of the
    /// signature so a tiled kernel can take more without changing callers. A smaller scratch still works
    /// as long as it holds one slice: <see cref="Forward"/> then uses as many workers as it has slices.
    /// </summary>
    /// <param name="queryLen">Queries per batch row.</param>
    /// <param name="keyLen">Keys per batch row.</param>
    /// <returns>The scratch length to allocate once and pass to every <see cref="Forward"/> call of this shape.</returns>
    public static int ScratchLength(int queryLen, int keyLen)
    {
        Check.NonNegative(queryLen, nameof(queryLen));
        Check.NonNegative(keyLen, nameof(keyLen));
        return checked(MaxWorkers * SliceLength(keyLen));
    }

    /// <summary>
    /// <c>output = softmax(q·kᵀ/√headDim + mask)·v</c> for every batch row and head.
    /// </summary>
    /// <param name="q">Queries: batch × queryLen rows, row i starting at i·qStride; head h reads features [h·headDim, (h+1)·headDim).</param>
    /// <param name="qStride">Floats between consecutive query rows, at least heads × headDim (3·width for a packed QKV buffer).</param>
    /// <param name="k">Keys: batch × keyLen rows with stride <paramref name="kStride"/>; may be an offset view into the same packed buffer as q.</param>
    /// <param name="kStride">Floats between consecutive key rows.</param>
    /// <param name="v">Values: batch × keyLen rows with stride <paramref name="vStride"/>.</param>
    /// <param name="vStride">Floats between consecutive value rows.</param>
    /// <param name="output">Contiguous (batch, queryLen, heads × headDim); must not overlap q, k, v or scratch.</param>
    /// <param name="batch">Batch rows.</param>
    /// <param name="queryLen">Queries per batch row.</param>
    /// <param name="keyLen">Keys (and values) per batch row.</param>
    /// <param name="heads">Number of heads, 1 or more.</param>
    /// <param name="headDim">Features per head, 1 or more.</param>
    /// <param name="causal">When true, query i sees only keys j ≤ i (aligned at the first position, as PyTorch's is_causal).</param>
    /// <param name="keyLengths">Empty: every key is valid. Otherwise one count per batch row in [0, keyLen]: only the first keyLengths[b] keys are valid (a key padding mask).</param>
    /// <param name="scratch">Working memory of <see cref="ScratchLength"/> floats (at least one worker's slice); contents are overwritten.</param>
    public static unsafe void Forward(
        ReadOnlySpan<float> q, int qStride, ReadOnlySpan<float> k, int kStride, ReadOnlySpan<float> v, int vStride,
        Span<float> output, int batch, int queryLen, int keyLen, int heads, int headDim,
        bool causal, ReadOnlySpan<int> keyLengths, Span<float> scratch)
    {
        Check.NonNegative(batch, nameof(batch));
        Check.NonNegative(queryLen, nameof(queryLen));
        Check.NonNegative(keyLen, nameof(keyLen));
        Check.Positive(heads, nameof(heads));
        Check.Positive(headDim, nameof(headDim));
        int width = checked(heads * headDim);
        CheckStride(qStride, width, nameof(qStride));
        CheckStride(kStride, width, nameof(kStride));
        CheckStride(vStride, width, nameof(vStride));
        long queryRows = (long)batch * queryLen;
        long keyRows = (long)batch * keyLen;
        Check.Length(q.Length, StridedLength(queryRows, qStride, width), nameof(q), $"batch × queryLen = {batch} × {queryLen} rows of stride qStride = {qStride}, heads × headDim = {heads} × {headDim} used");
        Check.Length(k.Length, StridedLength(keyRows, kStride, width), nameof(k), $"batch × keyLen = {batch} × {keyLen} rows of stride kStride = {kStride}, heads × headDim = {heads} × {headDim} used");
        Check.Length(v.Length, StridedLength(keyRows, vStride, width), nameof(v), $"batch × keyLen = {batch} × {keyLen} rows of stride vStride = {vStride}, heads × headDim = {heads} × {headDim} used");
        Check.Length(output.Length, queryRows * width, nameof(output), $"batch × queryLen × heads × headDim = {batch} × {queryLen} × {heads} × {headDim}");
        Check.Lengths(keyLengths, batch, keyLen, nameof(keyLengths));
        int slice = SliceLength(keyLen);
        if (scratch.Length < slice)
        {
            throw new ArgumentException(
                $"scratch holds {scratch.Length} floats, fewer than the {slice} one worker needs for keyLen = {keyLen}; allocate Attention.ScratchLength({queryLen}, {keyLen}) = {ScratchLength(queryLen, keyLen)}.",
                nameof(scratch));
        }

        Check.NoOverlap(q, output, nameof(q), nameof(output));
        Check.NoOverlap(k, output, nameof(k), nameof(output));
        Check.NoOverlap(v, output, nameof(v), nameof(output));
        Check.NoOverlap(scratch, output, nameof(scratch), nameof(output));
        Check.NoOverlap(q, scratch, nameof(q), nameof(scratch));
        Check.NoOverlap(k, scratch, nameof(k), nameof(scratch));
        Check.NoOverlap(v, scratch, nameof(v), nameof(scratch));
        if (queryRows == 0)
        {
            return;
        }

        var shape = new Shape
        {
            QStride = qStride,
            KStride = kStride,
            VStride = vStride,
            Heads = heads,
            HeadDim = headDim,
            QueryLen = queryLen,
            KeyLen = keyLen,
            Causal = causal,
            Scale = (float)(1.0 / Math.Sqrt(headDim)),
        };

        int items = batch * heads;
        long work = (long)items * queryLen * keyLen * headDim;
        int workers = Math.Min(Math.Min(MaxWorkers, scratch.Length / slice), items);
        fixed (float* pq = q, pk = k, pv = v, po = output, ps = scratch)
        fixed (int* pl = keyLengths)
        {
            int* lengths = keyLengths.IsEmpty ? null : pl;
            if (work < ParallelThreshold || workers < 2)
            {
                Run(in shape, pq, pk, pv, po, lengths, ps, 0, items);
                return;
            }

            RunParallel(in shape, pq, pk, pv, po, lengths, ps, slice, items, workers);
        }
    }

    /// <summary>
    /// Spreads the (batch, head) items over workers, each with its own scratch slice. Kept out of
    /// <see cref="Forward"/> because the lambda's captured variables would otherwise be allocated on every call.
    /// </summary>
    private static unsafe void RunParallel(in Shape shape, float* pq, float* pk, float* pv, float* po, int* lengths, float* ps, int slice, int items, int workers)
    {
        // Pointers cannot be captured; the caller keeps the buffers pinned until Parallel.For returns.
        Shape s = shape;
        nint aq = (nint)pq, ak = (nint)pk, av = (nint)pv, ao = (nint)po, al = (nint)lengths, ascr = (nint)ps;
        int chunk = (items + workers - 1) / workers;
        int parts = (items + chunk - 1) / chunk;
        Parallel.For(0, parts, p =>
        {
            int first = p * chunk;
            Run(in s, (float*)aq, (float*)ak, (float*)av, (float*)ao, (int*)al, (float*)ascr + ((long)p * slice), first, Math.Min(items, first + chunk));
        });
    }

    private static int SliceLength(int keyLen) => checked((Math.Max(keyLen, 1) + 15) & ~15);

    private static long StridedLength(long rows, int stride, int width) => rows == 0 ? 0 : ((rows - 1) * stride) + width;

    private static void CheckStride(int stride, int width, string name)
    {
        if (stride < width)
        {
            throw new ArgumentOutOfRangeException(name, stride, $"{name} is {stride}, less than heads × headDim = {width}: rows would overlap.");
        }
    }

    private struct Shape
    {
        public int QStride;
        public int KStride;
        public int VStride;
        public int Heads;
        public int HeadDim;
        public int QueryLen;
        public int KeyLen;
        public bool Causal;
        public float Scale;
    }

    /// <summary>Work items [first, end), item = b·heads + h, with one scores buffer.</summary>
    private static unsafe void Run(in Shape s, float* q, float* k, float* v, float* output, int* keyLengths, float* scores, int first, int end)
    {
        int d = s.HeadDim;
        int outStride = s.Heads * d;
        for (int item = first; item < end; item++)
        {
            int b = item / s.Heads;
            int h = item - (b * s.Heads);
            float* qh = q + ((long)b * s.QueryLen * s.QStride) + (h * d);
            float* kh = k + ((long)b * s.KeyLen * s.KStride) + (h * d);
            float* vh = v + ((long)b * s.KeyLen * s.VStride) + (h * d);
            float* oh = output + ((long)b * s.QueryLen * outStride) + (h * d);
            int valid = keyLengths == null ? s.KeyLen : keyLengths[b];
            for (int i = 0; i < s.QueryLen; i++)
            {
                int n = s.Causal ? Math.Min(valid, i + 1) : valid;
                float* o = oh + ((long)i * outStride);
                if (n == 0)
                {
                    Simd.Clear(o, d);
                    continue;
                }

                Scores(qh + ((long)i * s.QStride), kh, s.KStride, d, n, s.Scale, scores);
                float max = Simd.Max(scores, n);
                float sum = Simd.ExpShiftSum(scores, n, max);
                WeightedSum(scores, n, vh, s.VStride, o, d);
                Simd.Scale(o, 1f / sum, d);
            }
        }
    }

    /// <summary>scores[j] = (q · k_j)·scale for j &lt; n, four keys per pass over q.</summary>
    private static unsafe void Scores(float* q, float* k, int kStride, int d, int n, float scale, float* scores)
    {
        int j = 0;
        Vector128<float> vs = Vector128.Create(scale);
        for (; j <= n - 4; j += 4)
        {
            float* k0 = k + ((long)j * kStride);
            Vector128<float> dots = Simd.Dot1x4(q, k0, k0 + kStride, k0 + (2L * kStride), k0 + (3L * kStride), d);
            (dots * vs).Store(scores + j);
        }

        for (; j < n; j++)
        {
            scores[j] = Simd.Dot(q, k + ((long)j * kStride), d) * scale;
        }
    }

    /// <summary>o[c] = Σ_j p[j]·v_j[c] for c &lt; d, columns in vector-wide strips with two accumulators over keys.</summary>
    private static unsafe void WeightedSum(float* p, int n, float* v, int vStride, float* o, int d)
    {
        int c = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            for (; c <= d - 16; c += 16)
            {
                Vector512<float> acc0 = Vector512<float>.Zero;
                Vector512<float> acc1 = Vector512<float>.Zero;
                float* vc = v + c;
                int j = 0;
                for (; j <= n - 2; j += 2)
                {
                    acc0 = Vector512.FusedMultiplyAdd(Vector512.Create(p[j]), Vector512.Load(vc + ((long)j * vStride)), acc0);
                    acc1 = Vector512.FusedMultiplyAdd(Vector512.Create(p[j + 1]), Vector512.Load(vc + ((long)(j + 1) * vStride)), acc1);
                }

                if (j < n)
                {
                    acc0 = Vector512.FusedMultiplyAdd(Vector512.Create(p[j]), Vector512.Load(vc + ((long)j * vStride)), acc0);
                }

                (acc0 + acc1).Store(o + c);
            }
        }

        for (; c <= d - 8; c += 8)
        {
            Vector256<float> acc0 = Vector256<float>.Zero;
            Vector256<float> acc1 = Vector256<float>.Zero;
            float* vc = v + c;
            int j = 0;
            for (; j <= n - 2; j += 2)
            {
                acc0 = Vector256.FusedMultiplyAdd(Vector256.Create(p[j]), Vector256.Load(vc + ((long)j * vStride)), acc0);
                acc1 = Vector256.FusedMultiplyAdd(Vector256.Create(p[j + 1]), Vector256.Load(vc + ((long)(j + 1) * vStride)), acc1);
            }

            if (j < n)
            {
                acc0 = Vector256.FusedMultiplyAdd(Vector256.Create(p[j]), Vector256.Load(vc + ((long)j * vStride)), acc0);
            }

            (acc0 + acc1).Store(o + c);
        }

        for (; c < d; c++)
        {
            float sum = 0;
            float* vc = v + c;
            for (int j = 0; j < n; j++)
            {
                sum += p[j] * vc[(long)j * vStride];
            }

            o[c] = sum;
        }
    }
}
