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
public static partial class Attention
{
    /// <summary>Multiply-adds (batch × heads × queryLen × keyLen × headDim) above which heads are spread across threads.</summary>
    internal const long ParallelThreshold = 1L << 18;

    /// <summary>
    /// Heads this narrow or narrower score from a transposed copy of their keys: a dot product of 8 or 16
    /// features is too short to amortize its horizontal sum, while the transposed layout turns scores into
    /// plain multiply-adds across 16 keys at a time.
    /// </summary>
    internal const int SmallHead = 16;

    /// <summary>Workers <see cref="ScratchLength"/> provides for: one per logical processor, at most 64.</summary>
    internal static readonly int MaxWorkers = Math.Clamp(Environment.ProcessorCount, 1, 64);

    /// <summary>
    /// Floats of scratch <c>Forward</c> needs: per worker, four rows of keyLen scores (queries are
    /// processed four at a time) and 16 more for the transposed keys of a head of at most 16 features,
    /// each row rounded up to a multiple of 16, for
    /// <c>min(Environment.ProcessorCount, 64)</c> workers. The size does not depend on
    /// <paramref name="queryLen"/> today; it is part of the signature so a tiled kernel can take more
    /// without changing callers. A smaller scratch still works as long as it holds one worker's slice:
    /// <c>Forward</c> then uses as many workers as it has slices.
    /// </summary>
    /// <param name="queryLen">Queries per batch row.</param>
    /// <param name="keyLen">Keys per batch row.</param>
    /// <returns>The scratch length to allocate once and pass to every <c>Forward</c> call of this shape.</returns>
    public static int ScratchLength(int queryLen, int keyLen)
    {
        Check.NonNegative(queryLen, nameof(queryLen));
        Check.NonNegative(keyLen, nameof(keyLen));
        return checked(MaxWorkers * SliceLength(keyLen));
    }

    /// <summary>
    /// <c>output = softmax(q·kᵀ/√headDim + mask)·v</c> for every batch row and head, without dropout
    /// (inference, or a model without attention dropout): the dropout overload with dropoutP = 0.
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
    public static void Forward(
        ReadOnlySpan<float> q, int qStride, ReadOnlySpan<float> k, int kStride, ReadOnlySpan<float> v, int vStride,
        Span<float> output, int batch, int queryLen, int keyLen, int heads, int headDim,
        bool causal, ReadOnlySpan<int> keyLengths, Span<float> scratch)
        => Forward(q, qStride, k, kStride, v, vStride, output, batch, queryLen, keyLen, heads, headDim, causal, keyLengths, 0f, 0, scratch);

    /// <summary>
    /// <c>output = dropout(softmax(q·kᵀ/√headDim + mask))·v</c> for every batch row and head, with dropout on the
    /// attention probabilities as <c>nn.MultiheadAttention</c> applies it in training: probability
    /// P[b, h, i, j] is kept when <c>Dropout.Keep(dropoutSeed, ((b·heads + h)·queryLen + i)·keyLen + j, dropoutP)</c>
    /// and then scaled by 1/(1 − dropoutP), after the softmax and before the values are summed.
    /// <see cref="Backward"/> regenerates the same mask from the same seed.
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
    /// <param name="dropoutP">Drop probability in [0, 1); 0 (inference) skips dropout entirely.</param>
    /// <param name="dropoutSeed">This call's dropout seed; pass the same one to <see cref="Backward"/>.</param>
    /// <param name="scratch">Working memory of <see cref="ScratchLength"/> floats (at least one worker's slice); contents are overwritten.</param>
    public static unsafe void Forward(
        ReadOnlySpan<float> q, int qStride, ReadOnlySpan<float> k, int kStride, ReadOnlySpan<float> v, int vStride,
        Span<float> output, int batch, int queryLen, int keyLen, int heads, int headDim,
        bool causal, ReadOnlySpan<int> keyLengths, float dropoutP, ulong dropoutSeed, Span<float> scratch)
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
        Dropout.CheckProbability(dropoutP, nameof(dropoutP));
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
            DropoutP = dropoutP,
            DropoutSeed = dropoutSeed,
        };

        // Work items are (batch row, head, block of queries). Heads alone usually outnumber the workers;
        // when they do not (one sequence, few heads), each head's queries are split into blocks too.
        int sequenceHeads = batch * heads;
        long work = (long)sequenceHeads * queryLen * keyLen * headDim;
        int workers = work < ParallelThreshold ? 1 : Math.Min(MaxWorkers, scratch.Length / slice);
        int chunks = sequenceHeads >= workers ? 1 : Math.Min((workers + sequenceHeads - 1) / sequenceHeads, (queryLen + 3) / 4);
        shape.QueryChunk = (((queryLen + chunks - 1) / chunks) + 3) & ~3;
        shape.Chunks = (queryLen + shape.QueryChunk - 1) / shape.QueryChunk;
        int items = sequenceHeads * shape.Chunks;
        workers = Math.Min(workers, items);
        fixed (float* pq = q, pk = k, pv = v, po = output, ps = scratch)
        fixed (int* pl = keyLengths)
        {
            int* lengths = keyLengths.IsEmpty ? null : pl;
            if (workers < 2)
            {
                Run(in shape, pq, pk, pv, po, lengths, ps, 0, items);
                return;
            }

            RunParallel(in shape, pq, pk, pv, po, lengths, ps, slice, items, workers);
        }
    }

    /// <summary>
    /// Spreads the (batch, head) items over workers, each with its own scratch slice. Kept out of
    /// <c>Forward</c> because the lambda's captured variables would otherwise be allocated on every call.
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

    /// <summary>One score row: keyLen floats rounded up to a multiple of 16.</summary>
    private static int RowLength(int keyLen) => checked((Math.Max(keyLen, 1) + 15) & ~15);

    /// <summary>One worker's scratch: four score rows, one per query of a block, then the transposed keys of a small head.</summary>
    private static int SliceLength(int keyLen) => checked((4 + SmallHead) * RowLength(keyLen));

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
        public int QueryChunk;
        public int Chunks;
        public float DropoutP;
        public ulong DropoutSeed;

        /// <summary>Dropout index of score (bh, i, 0), bh = b·heads + h: each query row's keys are consecutive indices.</summary>
        public readonly long DropoutIndex(int bh, int i) => (((long)bh * QueryLen) + i) * KeyLen;
    }

    /// <summary>
    /// Work items [first, end), item = (b·heads + h)·Chunks + chunk, with one worker's scratch slice. Queries
    /// go four at a time, so each key and value vector loaded serves four queries; a chunk's last
    /// (length mod 4) queries go singly.
    /// </summary>
    private static unsafe void Run(in Shape s, float* q, float* k, float* v, float* output, int* keyLengths, float* scratch, int first, int end)
    {
        int d = s.HeadDim;
        int outStride = s.Heads * d;
        int rowStride = RowLength(s.KeyLen);
        for (int item = first; item < end; item++)
        {
            int bh = item / s.Chunks;
            int iStart = (item - (bh * s.Chunks)) * s.QueryChunk;
            int iEnd = Math.Min(s.QueryLen, iStart + s.QueryChunk);
            int b = bh / s.Heads;
            int h = bh - (b * s.Heads);
            float* qh = q + ((long)b * s.QueryLen * s.QStride) + (h * d);
            float* kh = k + ((long)b * s.KeyLen * s.KStride) + (h * d);
            float* vh = v + ((long)b * s.KeyLen * s.VStride) + (h * d);
            float* oh = output + ((long)b * s.QueryLen * outStride) + (h * d);
            int valid = keyLengths == null ? s.KeyLen : keyLengths[b];
            if (valid == 0)
            {
                // Every key is padding: no query sees anything.
                for (int i = iStart; i < iEnd; i++)
                {
                    Simd.Clear(oh + ((long)i * outStride), d);
                }

                continue;
            }

            // From here on every query sees at least key 0.
            float* keysT = null;
            if (d <= SmallHead && iEnd - iStart >= 4)
            {
                // keysT[c, j] = k_j[c] for the keys any query of this chunk can see.
                keysT = scratch + (4L * rowStride);
                int seen = s.Causal ? Math.Min(valid, iEnd) : valid;
                for (int j = 0; j < seen; j++)
                {
                    float* kj = kh + ((long)j * s.KStride);
                    for (int c = 0; c < d; c++)
                    {
                        keysT[((long)c * rowStride) + j] = kj[c];
                    }
                }
            }

            int i0 = iStart;
            for (; i0 <= iEnd - 4; i0 += 4)
            {
                QueryBlock(in s, qh + ((long)i0 * s.QStride), kh, keysT, vh, oh + ((long)i0 * outStride), outStride, bh, i0, valid, scratch, rowStride);
            }

            for (; i0 < iEnd; i0++)
            {
                int n = s.Causal ? Math.Min(valid, i0 + 1) : valid;
                float* o = oh + ((long)i0 * outStride);
                Scores(qh + ((long)i0 * s.QStride), kh, s.KStride, d, n, s.Scale, scratch);
                float max = Simd.Max(scratch, n);
                float sum = Simd.ExpShiftSum(scratch, n, max);
                if (s.DropoutP > 0)
                {
                    // The normalization is a per-row factor, so dropping the unnormalized weights is the same.
                    Dropout.Apply(scratch, scratch, n, s.DropoutIndex(bh, i0), s.DropoutP, s.DropoutSeed);
                }

                WeightedSum(scratch, n, vh, s.VStride, o, d);
                Simd.Scale(o, 1f / sum, d);
            }
        }
    }

    /// <summary>
    /// Queries i0 … i0+3 of one (batch, head): four score rows in scratch, then one pass over the values.
    /// <paramref name="keysT"/> is the transposed keys (row c holds feature c of every key) or null.
    /// </summary>
    private static unsafe void QueryBlock(
        in Shape s, float* q, float* k, float* keysT, float* v, float* o, int outStride, int bh, int i0, int valid, float* scratch, int rowStride)
    {
        int d = s.HeadDim;
        float* p0 = scratch;
        float* p1 = p0 + rowStride;
        float* p2 = p1 + rowStride;
        float* p3 = p2 + rowStride;

        // Visible keys per query; causal counts grow by one per query, so the last query sees the most.
        int n0 = s.Causal ? Math.Min(valid, i0 + 1) : valid;
        int n1 = s.Causal ? Math.Min(valid, i0 + 2) : valid;
        int n2 = s.Causal ? Math.Min(valid, i0 + 3) : valid;
        int n3 = s.Causal ? Math.Min(valid, i0 + 4) : valid;

        float* q0 = q;
        float* q1 = q0 + s.QStride;
        float* q2 = q1 + s.QStride;
        float* q3 = q2 + s.QStride;
        if (keysT != null)
        {
            ScoresTransposed(q0, q1, q2, q3, keysT, rowStride, d, n3, s.Scale, p0, p1, p2, p3);
        }
        else
        {
            DotRows4(q0, q1, q2, q3, k, s.KStride, d, n3, s.Scale, p0, p1, p2, p3);
        }

        // Softmax each row over its own visible keys; keys a row cannot see get probability 0 so the
        // shared pass below can run all four rows to n3.
        float inv0 = 1f / Simd.ExpShiftSum(p0, n0, Simd.Max(p0, n0));
        float inv1 = 1f / Simd.ExpShiftSum(p1, n1, Simd.Max(p1, n1));
        float inv2 = 1f / Simd.ExpShiftSum(p2, n2, Simd.Max(p2, n2));
        float inv3 = 1f / Simd.ExpShiftSum(p3, n3, Simd.Max(p3, n3));
        Simd.Clear(p0 + n0, n3 - n0);
        Simd.Clear(p1 + n1, n3 - n1);
        Simd.Clear(p2 + n2, n3 - n2);
        if (s.DropoutP > 0)
        {
            // Dropped after the softmax: the per-row normalization inv[r] commutes with the mask.
            Dropout.Apply(p0, p0, n0, s.DropoutIndex(bh, i0), s.DropoutP, s.DropoutSeed);
            Dropout.Apply(p1, p1, n1, s.DropoutIndex(bh, i0 + 1), s.DropoutP, s.DropoutSeed);
            Dropout.Apply(p2, p2, n2, s.DropoutIndex(bh, i0 + 2), s.DropoutP, s.DropoutSeed);
            Dropout.Apply(p3, p3, n3, s.DropoutIndex(bh, i0 + 3), s.DropoutP, s.DropoutSeed);
        }

        WeightedSum4(p0, p1, p2, p3, n3, v, s.VStride, o, outStride, d, Vector128.Create(inv0, inv1, inv2, inv3));
    }

    /// <summary>
    /// p_r[j] = scale·(a_r · k_j) for the four rows a_r and keys j &lt; n: two keys per pass, so each key
    /// vector loaded serves four rows. Scores queries against keys, and (in the backward pass) output
    /// gradients against values.
    /// </summary>
    private static unsafe void DotRows4(
        float* a0, float* a1, float* a2, float* a3, float* k, int kStride, int d, int n, float scale,
        float* p0, float* p1, float* p2, float* p3)
    {
        Vector128<float> vs = Vector128.Create(scale);
        int j = 0;
        for (; j <= n - 2; j += 2)
        {
            float* kj = k + ((long)j * kStride);
            Simd.Dot4x2(a0, a1, a2, a3, kj, kj + kStride, d, out Vector128<float> x, out Vector128<float> y);
            x *= vs;
            y *= vs;
            p0[j] = x.GetElement(0);
            p1[j] = x.GetElement(1);
            p2[j] = x.GetElement(2);
            p3[j] = x.GetElement(3);
            p0[j + 1] = y.GetElement(0);
            p1[j + 1] = y.GetElement(1);
            p2[j + 1] = y.GetElement(2);
            p3[j + 1] = y.GetElement(3);
        }

        if (j < n)
        {
            Vector128<float> x = Simd.Dot1x4(k + ((long)j * kStride), a0, a1, a2, a3, d) * vs;
            p0[j] = x.GetElement(0);
            p1[j] = x.GetElement(1);
            p2[j] = x.GetElement(2);
            p3[j] = x.GetElement(3);
        }
    }

    /// <summary>
    /// p_r[j] = scale·Σ_c q_r[c]·keysT[c, j] for the four queries r and keys j &lt; n, 16 (or 8) keys per
    /// vector. Entries from n up to the next multiple of the vector width are written with scores of
    /// padding and must not be read.
    /// </summary>
    private static unsafe void ScoresTransposed(
        float* q0, float* q1, float* q2, float* q3, float* keysT, int rowStride, int d, int n, float scale,
        float* p0, float* p1, float* p2, float* p3)
    {
        if (Vector512.IsHardwareAccelerated)
        {
            for (int j = 0; j < n; j += 16)
            {
                Vector512<float> a0 = Vector512<float>.Zero, a1 = Vector512<float>.Zero, a2 = Vector512<float>.Zero, a3 = Vector512<float>.Zero;
                float* kc = keysT + j;
                for (int c = 0; c < d; c++)
                {
                    Vector512<float> kv = Vector512.Load(kc + ((long)c * rowStride));
                    a0 = Vector512.FusedMultiplyAdd(Vector512.Create(q0[c]), kv, a0);
                    a1 = Vector512.FusedMultiplyAdd(Vector512.Create(q1[c]), kv, a1);
                    a2 = Vector512.FusedMultiplyAdd(Vector512.Create(q2[c]), kv, a2);
                    a3 = Vector512.FusedMultiplyAdd(Vector512.Create(q3[c]), kv, a3);
                }

                Vector512<float> vs = Vector512.Create(scale);
                (a0 * vs).Store(p0 + j);
                (a1 * vs).Store(p1 + j);
                (a2 * vs).Store(p2 + j);
                (a3 * vs).Store(p3 + j);
            }

            return;
        }

        for (int j = 0; j < n; j += 8)
        {
            Vector256<float> a0 = Vector256<float>.Zero, a1 = Vector256<float>.Zero, a2 = Vector256<float>.Zero, a3 = Vector256<float>.Zero;
            float* kc = keysT + j;
            for (int c = 0; c < d; c++)
            {
                Vector256<float> kv = Vector256.Load(kc + ((long)c * rowStride));
                a0 = Vector256.FusedMultiplyAdd(Vector256.Create(q0[c]), kv, a0);
                a1 = Vector256.FusedMultiplyAdd(Vector256.Create(q1[c]), kv, a1);
                a2 = Vector256.FusedMultiplyAdd(Vector256.Create(q2[c]), kv, a2);
                a3 = Vector256.FusedMultiplyAdd(Vector256.Create(q3[c]), kv, a3);
            }

            Vector256<float> vs = Vector256.Create(scale);
            (a0 * vs).Store(p0 + j);
            (a1 * vs).Store(p1 + j);
            (a2 * vs).Store(p2 + j);
            (a3 * vs).Store(p3 + j);
        }
    }

    /// <summary>
    /// o_r[c] = inv[r]·Σ_j p_r[j]·v_j[c] for the four rows r; each value vector is loaded once for all four.
    /// </summary>
    private static unsafe void WeightedSum4(
        float* p0, float* p1, float* p2, float* p3, int n, float* v, int vStride, float* o, int outStride, int d, Vector128<float> inv)
    {
        float* o0 = o;
        float* o1 = o0 + outStride;
        float* o2 = o1 + outStride;
        float* o3 = o2 + outStride;
        int c = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            for (; c <= d - 16; c += 16)
            {
                Vector512<float> a0 = Vector512<float>.Zero, a1 = Vector512<float>.Zero, a2 = Vector512<float>.Zero, a3 = Vector512<float>.Zero;
                float* vc = v + c;
                for (int j = 0; j < n; j++)
                {
                    Vector512<float> vj = Vector512.Load(vc + ((long)j * vStride));
                    a0 = Vector512.FusedMultiplyAdd(Vector512.Create(p0[j]), vj, a0);
                    a1 = Vector512.FusedMultiplyAdd(Vector512.Create(p1[j]), vj, a1);
                    a2 = Vector512.FusedMultiplyAdd(Vector512.Create(p2[j]), vj, a2);
                    a3 = Vector512.FusedMultiplyAdd(Vector512.Create(p3[j]), vj, a3);
                }

                (a0 * Vector512.Create(inv.GetElement(0))).Store(o0 + c);
                (a1 * Vector512.Create(inv.GetElement(1))).Store(o1 + c);
                (a2 * Vector512.Create(inv.GetElement(2))).Store(o2 + c);
                (a3 * Vector512.Create(inv.GetElement(3))).Store(o3 + c);
            }
        }

        for (; c <= d - 8; c += 8)
        {
            Vector256<float> a0 = Vector256<float>.Zero, a1 = Vector256<float>.Zero, a2 = Vector256<float>.Zero, a3 = Vector256<float>.Zero;
            float* vc = v + c;
            for (int j = 0; j < n; j++)
            {
                Vector256<float> vj = Vector256.Load(vc + ((long)j * vStride));
                a0 = Vector256.FusedMultiplyAdd(Vector256.Create(p0[j]), vj, a0);
                a1 = Vector256.FusedMultiplyAdd(Vector256.Create(p1[j]), vj, a1);
                a2 = Vector256.FusedMultiplyAdd(Vector256.Create(p2[j]), vj, a2);
                a3 = Vector256.FusedMultiplyAdd(Vector256.Create(p3[j]), vj, a3);
            }

            (a0 * Vector256.Create(inv.GetElement(0))).Store(o0 + c);
            (a1 * Vector256.Create(inv.GetElement(1))).Store(o1 + c);
            (a2 * Vector256.Create(inv.GetElement(2))).Store(o2 + c);
            (a3 * Vector256.Create(inv.GetElement(3))).Store(o3 + c);
        }

        for (; c < d; c++)
        {
            Vector128<float> acc = Vector128<float>.Zero;
            float* vc = v + c;
            for (int j = 0; j < n; j++)
            {
                acc = Vector128.FusedMultiplyAdd(Vector128.Create(p0[j], p1[j], p2[j], p3[j]), Vector128.Create(vc[(long)j * vStride]), acc);
            }

            acc *= inv;
            o0[c] = acc.GetElement(0);
            o1[c] = acc.GetElement(1);
            o2[c] = acc.GetElement(2);
            o3[c] = acc.GetElement(3);
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
