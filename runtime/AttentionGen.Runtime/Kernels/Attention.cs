using System;

namespace AttentionGen.Runtime;

/// <summary>
/// Scaled dot-product attention over all heads: the core of <c>nn.MultiheadAttention</c> between
/// <c>in_proj</c> and <c>out_proj</c>.
/// </summary>
/// <remarks>
/// <para>
/// Masks are given as counts, not boolean tensors: a key is visible to a query when it is among the
/// first <c>keyLengths[b]</c> keys of its batch row (padding) and, with <c>causal</c>, when its index is at
/// most the query's. A query that sees no key gets an all-zero output row, never NaN.
/// </para>
/// <para>
/// Flash-style: the forward pass walks each block of <see cref="BlockQueries"/> queries over blocks of
/// <see cref="BlockKeys"/> keys with an online softmax (running maximum and sum per query, the partial output
/// rescaled when the maximum grows), so no score matrix larger than one block pair ever exists and memory is
/// linear in the sequence length. It keeps each query's log-sum-exp of its scores; the backward pass rebuilds the
/// probabilities of one block pair at a time from it, without a second softmax. Causal blocks entirely above the
/// diagonal are skipped. All products run on <see cref="AttentionMicrokernel"/>; the work items (forward: a head's
/// block of queries; backward: a head) run on the persistent pool of <see cref="GemmWorkers"/>, with per-thread
/// tiles, so a call allocates nothing after its first at that size.
/// </para>
/// </remarks>
public static partial class Attention
{
    /// <summary>Multiply-adds (batch × heads × queryLen × keyLen × headDim) from which the work is shared with the worker pool.</summary>
    internal const long ParallelThreshold = 1L << 18;

    /// <summary>Queries per forward work item and per backward block: 8 tile rows, so every key tile loaded serves 64 queries.</summary>
    internal const int BlockQueries = 64;

    /// <summary>Keys per block: two 48-column tiles, so the score block (64 × 96 floats, 24 KB) stays in L1 with its operands.</summary>
    internal const int BlockKeys = 96;

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
    /// <param name="output">Contiguous (batch, queryLen, heads × headDim); must not overlap q, k, v or logSumExp.</param>
    /// <param name="logSumExp">Empty (not kept), or (batch, queryLen, heads): each query's log Σ exp(score) per head, which <see cref="Backward"/> reads; −∞ for a query that sees no key.</param>
    /// <param name="batch">Batch rows.</param>
    /// <param name="queryLen">Queries per batch row.</param>
    /// <param name="keyLen">Keys (and values) per batch row.</param>
    /// <param name="heads">Number of heads, 1 or more.</param>
    /// <param name="headDim">Features per head, 1 or more.</param>
    /// <param name="causal">When true, query i sees only keys j ≤ i (aligned at the first position, as PyTorch's is_causal).</param>
    /// <param name="keyLengths">Empty: every key is valid. Otherwise one count per batch row in [0, keyLen]: only the first keyLengths[b] keys are valid (a key padding mask).</param>
    public static void Forward(
        ReadOnlySpan<float> q, int qStride, ReadOnlySpan<float> k, int kStride, ReadOnlySpan<float> v, int vStride,
        Span<float> output, Span<float> logSumExp, int batch, int queryLen, int keyLen, int heads, int headDim,
        bool causal, ReadOnlySpan<int> keyLengths)
        => Forward(q, qStride, k, kStride, v, vStride, output, logSumExp, batch, queryLen, keyLen, heads, headDim, causal, keyLengths, 0f, 0);

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
    /// <param name="output">Contiguous (batch, queryLen, heads × headDim); must not overlap q, k, v or logSumExp.</param>
    /// <param name="logSumExp">Empty (not kept), or (batch, queryLen, heads): each query's log Σ exp(score) per head, which <see cref="Backward"/> reads; −∞ for a query that sees no key.</param>
    /// <param name="batch">Batch rows.</param>
    /// <param name="queryLen">Queries per batch row.</param>
    /// <param name="keyLen">Keys (and values) per batch row.</param>
    /// <param name="heads">Number of heads, 1 or more.</param>
    /// <param name="headDim">Features per head, 1 or more.</param>
    /// <param name="causal">When true, query i sees only keys j ≤ i (aligned at the first position, as PyTorch's is_causal).</param>
    /// <param name="keyLengths">Empty: every key is valid. Otherwise one count per batch row in [0, keyLen]: only the first keyLengths[b] keys are valid (a key padding mask).</param>
    /// <param name="dropoutP">Drop probability in [0, 1); 0 (inference) skips dropout entirely.</param>
    /// <param name="dropoutSeed">This call's dropout seed; pass the same one to <see cref="Backward"/>.</param>
    public static void Forward(
        ReadOnlySpan<float> q, int qStride, ReadOnlySpan<float> k, int kStride, ReadOnlySpan<float> v, int vStride,
        Span<float> output, Span<float> logSumExp, int batch, int queryLen, int keyLen, int heads, int headDim,
        bool causal, ReadOnlySpan<int> keyLengths, float dropoutP, ulong dropoutSeed)
        => Forward(new RuntimeDimension(headDim), q, qStride, k, kStride, v, vStride, output, logSumExp, batch, queryLen, keyLen, heads, causal, keyLengths, dropoutP, dropoutSeed);

    /// <summary>
    /// The forward pass compiled for the head size <paramref name="head"/> carries: with a dimension type of a
    /// generated model (<see cref="IDimension"/>), the head size and its padded width are constants in the block's
    /// loops; with <see cref="RuntimeDimension"/>, the general path.
    /// </summary>
    internal static unsafe void Forward<THead>(
        THead head, ReadOnlySpan<float> q, int qStride, ReadOnlySpan<float> k, int kStride, ReadOnlySpan<float> v, int vStride,
        Span<float> output, Span<float> logSumExp, int batch, int queryLen, int keyLen, int heads,
        bool causal, ReadOnlySpan<int> keyLengths, float dropoutP, ulong dropoutSeed)
        where THead : struct, IDimension
    {
        int headDim = head.Value;
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
        if (!logSumExp.IsEmpty)
        {
            Check.Length(logSumExp.Length, queryRows * heads, nameof(logSumExp), $"batch × queryLen × heads = {batch} × {queryLen} × {heads}");
        }

        Check.Lengths(keyLengths, batch, keyLen, nameof(keyLengths));
        Dropout.CheckProbability(dropoutP, nameof(dropoutP));
        Check.NoOverlap(q, output, nameof(q), nameof(output));
        Check.NoOverlap(k, output, nameof(k), nameof(output));
        Check.NoOverlap(v, output, nameof(v), nameof(output));
        Check.NoOverlap(q, logSumExp, nameof(q), nameof(logSumExp));
        Check.NoOverlap(k, logSumExp, nameof(k), nameof(logSumExp));
        Check.NoOverlap(v, logSumExp, nameof(v), nameof(logSumExp));
        Check.NoOverlap(output, logSumExp, nameof(output), nameof(logSumExp));
        if (queryRows == 0)
        {
            return;
        }

        fixed (float* pq = q, pk = k, pv = v, po = output, pl = logSumExp)
        fixed (int* pn = keyLengths)
        {
            var plan = new ForwardPlan<THead>
            {
                Head = head,
                Shape = NewShape(qStride, kStride, vStride, heads, headDim, queryLen, keyLen, causal, dropoutP, dropoutSeed),
                Q = pq,
                K = pk,
                V = pv,
                Output = po,
                LogSumExp = logSumExp.IsEmpty ? null : pl,
                KeyLengths = keyLengths.IsEmpty ? null : pn,
                Blocks = (queryLen + BlockQueries - 1) / BlockQueries,
            };
            plan.Items = batch * heads * plan.Blocks;

            // The caller's own tiles first: when the pool runs every item of a first call, a later call that finds
            // the pool busy and runs alone would otherwise allocate them then.
            GemmScratch.Current.AttentionTiles(ForwardTileFloats(plan.Shape.PaddedDim));
            RunPlan(in plan, (long)batch * heads * queryLen * keyLen * headDim);
        }
    }

    /// <summary>Floats of one forward item's tiles (see <see cref="ForwardBlock"/>) at padded head size <paramref name="dp"/>.</summary>
    private static long ForwardTileFloats(int dp) => (((2L * BlockQueries) + (2L * BlockKeys)) * dp) + ((long)BlockQueries * BlockKeys) + (2L * BlockQueries);

    /// <summary>Runs every item of <paramref name="plan"/>: on the worker pool when the call is large enough and the pool is free, else in order here.</summary>
    private static void RunPlan<TPlan>(in TPlan plan, long work)
        where TPlan : struct, IWorkPlan
    {
        if (work >= ParallelThreshold && plan.Items > 1 && GemmWorkers.Count > 0 && GemmWorkers.TryRun(in plan))
        {
            return;
        }

        GemmScratch scratch = GemmScratch.Current;
        for (int item = 0; item < plan.Items; item++)
        {
            plan.Run(item, scratch);
        }
    }

    /// <summary>
    /// The head size <typeparamref name="THead"/> carries, checked against the layer's <paramref name="width"/> and
    /// <paramref name="heads"/>: a size type that does not divide the width as the heads do would read the wrong features.
    /// </summary>
    internal static THead HeadSize<THead>(int width, int heads)
        where THead : struct, IDimension
    {
        THead head = default;
        if (heads <= 0 || (long)head.Value * heads != width)
        {
            throw new ArgumentException(
                $"The head size type {typeof(THead).Name} gives {head.Value} features per head, but width / heads = {width} / {heads}.", nameof(heads));
        }

        return head;
    }

    private static long StridedLength(long rows, int stride, int width) => rows == 0 ? 0 : ((rows - 1) * stride) + width;

    private static void CheckStride(int stride, int width, string name)
    {
        if (stride < width)
        {
            throw new ArgumentOutOfRangeException(name, stride, $"{name} is {stride}, less than heads × headDim = {width}: rows would overlap.");
        }
    }

    private static Shape NewShape(int qStride, int kStride, int vStride, int heads, int headDim, int queryLen, int keyLen, bool causal, float dropoutP, ulong dropoutSeed)
        => new()
        {
            QStride = qStride,
            KStride = kStride,
            VStride = vStride,
            Heads = heads,
            HeadDim = headDim,
            PaddedDim = RoundUp(headDim, 16),
            QueryLen = queryLen,
            KeyLen = keyLen,
            Causal = causal,
            Scale = (float)(1.0 / Math.Sqrt(headDim)),
            DropoutP = dropoutP,
            DropoutSeed = dropoutSeed,
        };

    private static int RoundUp(int value, int multiple) => (value + multiple - 1) / multiple * multiple;

    private struct Shape
    {
        public int QStride;
        public int KStride;
        public int VStride;
        public int Heads;
        public int HeadDim;

        /// <summary>Features rounded up to whole 16-float vectors: the row length of every packed operand, zero beyond HeadDim.</summary>
        public int PaddedDim;
        public int QueryLen;
        public int KeyLen;
        public bool Causal;
        public float Scale;
        public float DropoutP;
        public ulong DropoutSeed;

        /// <summary>Dropout index of score (bh, i, 0), bh = b·heads + h: each query row's keys are consecutive indices.</summary>
        public readonly long DropoutIndex(int bh, int i) => (((long)bh * QueryLen) + i) * KeyLen;

        /// <summary>Keys in [j0, j0 + n) query i sees: all n, or (causal) those up to i; 0 or less when none.</summary>
        public readonly int Visible(int i, int j0, int n) => Causal ? Math.Min(n, i + 1 - j0) : n;
    }

    /// <summary>
    /// Copies <paramref name="rows"/> rows of <paramref name="d"/> floats (stride <paramref name="stride"/>), times
    /// <paramref name="scale"/>, into rows of <paramref name="paddedDim"/> floats, zeros after them and in the rows up to
    /// <paramref name="paddedRows"/>.
    /// </summary>
    private static unsafe void PackRows(float* src, int stride, int rows, int d, int paddedDim, int paddedRows, float scale, float* dst)
    {
        for (int r = 0; r < rows; r++)
        {
            float* s = src + ((long)r * stride);
            float* o = dst + ((long)r * paddedDim);
            if (scale == 1f)
            {
                new ReadOnlySpan<float>(s, d).CopyTo(new Span<float>(o, d));
            }
            else
            {
                Simd.ScaleInto(s, o, scale, d);
            }

            if (paddedDim > d)
            {
                Simd.Clear(o + d, paddedDim - d);
            }
        }

        Simd.Clear(dst + ((long)rows * paddedDim), (paddedRows - rows) * paddedDim);
    }

    /// <summary>One forward call: items are (batch row · heads + head) · Blocks + block of queries.</summary>
    private unsafe struct ForwardPlan<THead> : IWorkPlan
        where THead : struct, IDimension
    {
        public THead Head;
        public Shape Shape;
        public float* Q;
        public float* K;
        public float* V;
        public float* Output;
        public float* LogSumExp;
        public int* KeyLengths;
        public int Blocks;

        public int Items { get; set; }

        public readonly int Prerequisites(int item) => 0;

        public readonly void Run(int item, GemmScratch scratch) => ForwardBlock(in this, item, scratch);
    }

    /// <summary>
    /// One head's block of up to 64 queries over all the keys they see, with the online softmax: per key block,
    /// S = Q·Kᵀ/√d, the running maximum m and sum l per query, P = exp(S − m) (the output so far rescaled by
    /// exp(m_old − m)), O += P·V; at the end O/l, and log l + m as the log-sum-exp.
    /// </summary>
    private static unsafe void ForwardBlock<THead>(in ForwardPlan<THead> plan, int item, GemmScratch scratch)
        where THead : struct, IDimension
    {
        ref readonly Shape s = ref plan.Shape;
        int d = plan.Head.Value, dp = RoundUp(d, 16); // constants when THead is a generated model's size type
        int bh = item / plan.Blocks;
        int i0 = (item - (bh * plan.Blocks)) * BlockQueries;
        int rows = Math.Min(BlockQueries, s.QueryLen - i0);
        int b = bh / s.Heads;
        int h = bh - (b * s.Heads);
        int outStride = s.Heads * d;
        float* output = plan.Output + ((((long)b * s.QueryLen) + i0) * outStride) + (h * d);
        float* lse = plan.LogSumExp == null ? null : plan.LogSumExp + ((((long)b * s.QueryLen) + i0) * s.Heads) + h;
        int valid = plan.KeyLengths == null ? s.KeyLen : plan.KeyLengths[b];

        // Keys any query of the block sees: causal stops at the block's last query.
        int keys = s.Causal ? Math.Min(valid, i0 + rows) : valid;
        if (keys == 0)
        {
            // Every key is padding: no query sees anything.
            for (int r = 0; r < rows; r++)
            {
                Simd.Clear(output + ((long)r * outStride), d);
                if (lse != null)
                {
                    lse[(long)r * s.Heads] = float.NegativeInfinity;
                }
            }

            return;
        }

        int paddedRows = RoundUp(rows, AttentionMicrokernel.Rows);
        float* qp = scratch.AttentionTiles(ForwardTileFloats(dp));
        float* kt = qp + ((long)BlockQueries * dp);   // keys transposed: dp rows of BlockKeys
        float* vp = kt + ((long)BlockKeys * dp);      // values: BlockKeys rows of dp
        float* sc = vp + ((long)BlockKeys * dp);      // scores, then probabilities: BlockQueries rows of BlockKeys
        float* o = sc + ((long)BlockQueries * BlockKeys); // unnormalized output: BlockQueries rows of dp
        float* m = o + ((long)BlockQueries * dp);
        float* l = m + BlockQueries;

        float* qh = plan.Q + ((((long)b * s.QueryLen) + i0) * s.QStride) + (h * d);
        float* kh = plan.K + ((long)b * s.KeyLen * s.KStride) + (h * d);
        float* vh = plan.V + ((long)b * s.KeyLen * s.VStride) + (h * d);
        PackRows(qh, s.QStride, rows, d, dp, paddedRows, s.Scale, qp);
        Simd.Clear(o, paddedRows * dp);
        for (int r = 0; r < rows; r++)
        {
            m[r] = float.NegativeInfinity;
            l[r] = 0f;
        }

        for (int j0 = 0; j0 < keys; j0 += BlockKeys)
        {
            int n = Math.Min(BlockKeys, keys - j0);
            int cols = RoundUp(n, 16);
            GemmPacking.PackTransposedPanel(kh + ((long)j0 * s.KStride), s.KStride, n, BlockKeys, d, kt);
            PackRows(vh + ((long)j0 * s.VStride), s.VStride, n, d, dp, n, 1f, vp);

            // S = (Q/√d)·Kᵀ, tile row by tile row; a causal tile whose keys all follow its last query is skipped.
            for (int r0 = 0; r0 < paddedRows; r0 += AttentionMicrokernel.Rows)
            {
                int seen = s.Causal ? Math.Min(cols, RoundUp(i0 + r0 + AttentionMicrokernel.Rows - j0, 16)) : cols;
                if (seen > 0)
                {
                    AttentionMicrokernel.Product(qp + ((long)r0 * dp), dp, 1, kt, BlockKeys, d, AttentionMicrokernel.Rows, seen, sc + ((long)r0 * BlockKeys), BlockKeys, load: false);
                }
            }

            // Online softmax per query over the keys it sees; the rest of its row becomes 0.
            for (int r = 0; r < rows; r++)
            {
                float* p = sc + ((long)r * BlockKeys);
                int seen = s.Visible(i0 + r, j0, n);
                if (seen <= 0)
                {
                    Simd.Clear(p, n);
                    continue;
                }

                // Whole vectors: the keys past `seen` in the last one are set to −∞, whose exponential is 0, so a
                // causal row ending inside a vector costs no scalar exponentials.
                int whole = Math.Min(RoundUp(seen, 16), cols);
                for (int c = seen; c < whole; c++)
                {
                    p[c] = float.NegativeInfinity;
                }

                float max = MathF.Max(m[r], Simd.Max(p, whole));
                float sum = Simd.ExpShiftSum(p, whole, max);
                if (n > whole)
                {
                    Simd.Clear(p + whole, n - whole);
                }
                if (max != m[r])
                {
                    float alpha = MathF.Exp(m[r] - max); // 0 on the first block, where m is −∞
                    l[r] *= alpha;
                    if (j0 > 0)
                    {
                        Simd.Scale(o + ((long)r * dp), alpha, d);
                    }

                    m[r] = max;
                }

                l[r] += sum;
                if (s.DropoutP > 0)
                {
                    // Dropped after the softmax: the normalization 1/l is per row, so it commutes with the mask.
                    Dropout.Apply(p, p, seen, s.DropoutIndex(bh, i0 + r) + j0, s.DropoutP, s.DropoutSeed);
                }
            }

            // O += P·V.
            AttentionMicrokernel.Product(sc, BlockKeys, 1, vp, dp, n, paddedRows, dp, o, dp, load: true);
        }

        for (int r = 0; r < rows; r++)
        {
            float* dst = output + ((long)r * outStride);
            float* src = o + ((long)r * dp);
            Simd.ScaleInto(src, dst, 1f / l[r], d);

            if (lse != null)
            {
                lse[(long)r * s.Heads] = m[r] + MathF.Log(l[r]);
            }
        }
    }
}
