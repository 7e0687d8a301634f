using System;
using System.Runtime.Intrinsics;

namespace AttentionGen.Runtime;

public static partial class Attention
{
    /// <summary>
    /// Gradients of the dropout <c>Forward</c>, accumulated into <paramref name="dq"/>, <paramref name="dk"/> and
    /// <paramref name="dv"/>, from what the forward pass kept: its output and its per-query log-sum-exp. The
    /// probabilities of one block of queries and keys at a time are rebuilt as <c>P = exp(S − lse)</c> and the
    /// dropout mask is regenerated from the seed; then with <c>m</c> the mask (0 or 1/(1 − p)) and <c>dO</c> the
    /// output gradient: <c>dV += (P∘m)ᵀ·dO</c>, <c>dP = (dO·Vᵀ)∘m</c>, <c>dS = P∘(dP − D)</c> with
    /// <c>D_i = dO_i·O_i</c> (equal to Σ_j P_ij·dP_ij), <c>dQ += dS·K/√headDim</c>, <c>dK += dSᵀ·Q/√headDim</c>. Masked
    /// keys and queries that see no key (whose output was zero) contribute nothing.
    /// </summary>
    /// <remarks>
    /// Work items are (batch row, head) pairs, since a pair's key and value gradients gather over all its queries.
    /// Within a pair, keys go in blocks of <see cref="BlockKeys"/>: each block's dK and dV stay in a tile while the
    /// query blocks that see it pass; dQ gathers in a tile the size of the pair's queries (memory linear in the sequence).
    /// </remarks>
    /// <param name="q">The forward's queries (batch × queryLen rows of stride <paramref name="qStride"/>).</param>
    /// <param name="qStride">Floats between consecutive query rows, at least heads × headDim.</param>
    /// <param name="k">The forward's keys (batch × keyLen rows of stride <paramref name="kStride"/>).</param>
    /// <param name="kStride">Floats between consecutive key rows.</param>
    /// <param name="v">The forward's values (batch × keyLen rows of stride <paramref name="vStride"/>).</param>
    /// <param name="vStride">Floats between consecutive value rows.</param>
    /// <param name="output">The forward's output, contiguous (batch, queryLen, heads × headDim).</param>
    /// <param name="dOutput">Gradient of the forward's output, same layout.</param>
    /// <param name="logSumExp">The log-sum-exp the forward wrote, (batch, queryLen, heads).</param>
    /// <param name="dq">Query gradient, rows laid out like q with stride <paramref name="dqStride"/>, added to.</param>
    /// <param name="dqStride">Floats between consecutive rows of dq, at least heads × headDim.</param>
    /// <param name="dk">Key gradient, rows with stride <paramref name="dkStride"/>, added to. dq, dk and dv may be interleaved views into one packed dQKV buffer (they must not share elements).</param>
    /// <param name="dkStride">Floats between consecutive rows of dk.</param>
    /// <param name="dv">Value gradient, rows with stride <paramref name="dvStride"/>, added to.</param>
    /// <param name="dvStride">Floats between consecutive rows of dv.</param>
    /// <param name="batch">Batch rows.</param>
    /// <param name="queryLen">Queries per batch row.</param>
    /// <param name="keyLen">Keys (and values) per batch row.</param>
    /// <param name="heads">Number of heads, 1 or more.</param>
    /// <param name="headDim">Features per head, 1 or more.</param>
    /// <param name="causal">The forward's causal flag.</param>
    /// <param name="keyLengths">The forward's key lengths (empty: every key valid).</param>
    /// <param name="dropoutP">The forward's attention dropout probability, in [0, 1).</param>
    /// <param name="dropoutSeed">The forward's dropout seed.</param>
    public static void Backward(
        ReadOnlySpan<float> q, int qStride, ReadOnlySpan<float> k, int kStride, ReadOnlySpan<float> v, int vStride,
        ReadOnlySpan<float> output, ReadOnlySpan<float> dOutput, ReadOnlySpan<float> logSumExp,
        Span<float> dq, int dqStride, Span<float> dk, int dkStride, Span<float> dv, int dvStride,
        int batch, int queryLen, int keyLen, int heads, int headDim,
        bool causal, ReadOnlySpan<int> keyLengths, float dropoutP, ulong dropoutSeed) =>
        BackwardCore(q, qStride, k, kStride, v, vStride, output, dOutput, logSumExp, dq, dqStride, dk, dkStride, dv, dvStride,
            batch, queryLen, keyLen, heads, headDim, causal, keyLengths, dropoutP, dropoutSeed, accumulate: true);

    /// <summary>
    /// The backward pass above; with <paramref name="accumulate"/> false, dQ, dK and dV are written rather than added
    /// to (each head's item zeroes its own slices first, while they are in cache), so a layer's working gradient
    /// needs no zeroing beforehand.
    /// </summary>
    internal static void BackwardCore(
        ReadOnlySpan<float> q, int qStride, ReadOnlySpan<float> k, int kStride, ReadOnlySpan<float> v, int vStride,
        ReadOnlySpan<float> output, ReadOnlySpan<float> dOutput, ReadOnlySpan<float> logSumExp,
        Span<float> dq, int dqStride, Span<float> dk, int dkStride, Span<float> dv, int dvStride,
        int batch, int queryLen, int keyLen, int heads, int headDim,
        bool causal, ReadOnlySpan<int> keyLengths, float dropoutP, ulong dropoutSeed, bool accumulate) =>
        BackwardCore(new RuntimeDimension(headDim), q, qStride, k, kStride, v, vStride, output, dOutput, logSumExp, dq, dqStride, dk, dkStride, dv, dvStride,
            batch, queryLen, keyLen, heads, causal, keyLengths, dropoutP, dropoutSeed, accumulate);

    /// <summary><see cref="BackwardCore(ReadOnlySpan{float}, int, ReadOnlySpan{float}, int, ReadOnlySpan{float}, int, ReadOnlySpan{float}, ReadOnlySpan{float}, ReadOnlySpan{float}, Span{float}, int, Span{float}, int, Span{float}, int, int, int, int, int, int, bool, ReadOnlySpan{int}, float, ulong, bool)"/> compiled for the head size <paramref name="head"/> carries.</summary>
    internal static unsafe void BackwardCore<THead>(
        THead head, ReadOnlySpan<float> q, int qStride, ReadOnlySpan<float> k, int kStride, ReadOnlySpan<float> v, int vStride,
        ReadOnlySpan<float> output, ReadOnlySpan<float> dOutput, ReadOnlySpan<float> logSumExp,
        Span<float> dq, int dqStride, Span<float> dk, int dkStride, Span<float> dv, int dvStride,
        int batch, int queryLen, int keyLen, int heads,
        bool causal, ReadOnlySpan<int> keyLengths, float dropoutP, ulong dropoutSeed, bool accumulate)
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
        CheckStride(dqStride, width, nameof(dqStride));
        CheckStride(dkStride, width, nameof(dkStride));
        CheckStride(dvStride, width, nameof(dvStride));
        long queryRows = (long)batch * queryLen;
        long keyRows = (long)batch * keyLen;
        Check.Length(q.Length, StridedLength(queryRows, qStride, width), nameof(q), $"batch × queryLen = {batch} × {queryLen} rows of stride qStride = {qStride}, heads × headDim = {heads} × {headDim} used");
        Check.Length(k.Length, StridedLength(keyRows, kStride, width), nameof(k), $"batch × keyLen = {batch} × {keyLen} rows of stride kStride = {kStride}, heads × headDim = {heads} × {headDim} used");
        Check.Length(v.Length, StridedLength(keyRows, vStride, width), nameof(v), $"batch × keyLen = {batch} × {keyLen} rows of stride vStride = {vStride}, heads × headDim = {heads} × {headDim} used");
        Check.Length(output.Length, queryRows * width, nameof(output), $"batch × queryLen × heads × headDim = {batch} × {queryLen} × {heads} × {headDim}");
        Check.Length(dOutput.Length, queryRows * width, nameof(dOutput), $"batch × queryLen × heads × headDim = {batch} × {queryLen} × {heads} × {headDim}");
        Check.Length(logSumExp.Length, queryRows * heads, nameof(logSumExp), $"batch × queryLen × heads = {batch} × {queryLen} × {heads}");
        Check.Length(dq.Length, StridedLength(queryRows, dqStride, width), nameof(dq), $"batch × queryLen = {batch} × {queryLen} rows of stride dqStride = {dqStride}, heads × headDim = {heads} × {headDim} used");
        Check.Length(dk.Length, StridedLength(keyRows, dkStride, width), nameof(dk), $"batch × keyLen = {batch} × {keyLen} rows of stride dkStride = {dkStride}, heads × headDim = {heads} × {headDim} used");
        Check.Length(dv.Length, StridedLength(keyRows, dvStride, width), nameof(dv), $"batch × keyLen = {batch} × {keyLen} rows of stride dvStride = {dvStride}, heads × headDim = {heads} × {headDim} used");
        Check.Lengths(keyLengths, batch, keyLen, nameof(keyLengths));
        Dropout.CheckProbability(dropoutP, nameof(dropoutP));
        CheckGradientOverlaps(q, k, v, output, dOutput, logSumExp, dq, nameof(dq));
        CheckGradientOverlaps(q, k, v, output, dOutput, logSumExp, dk, nameof(dk));
        CheckGradientOverlaps(q, k, v, output, dOutput, logSumExp, dv, nameof(dv));
        if (queryRows == 0 || keyLen == 0)
        {
            // No query sees a key: every output row was zero, whatever q, k and v held.
            if (!accumulate)
            {
                fixed (float* pdq = dq, pdk = dk, pdv = dv)
                {
                    ClearRows(pdq, queryRows, dqStride, width);
                    ClearRows(pdk, keyRows, dkStride, width);
                    ClearRows(pdv, keyRows, dvStride, width);
                }
            }

            return;
        }

        fixed (float* pq = q, pk = k, pv = v, po = output, pdo = dOutput, pl = logSumExp, pdq = dq, pdk = dk, pdv = dv)
        fixed (int* pn = keyLengths)
        {
            var plan = new BackwardPlan<THead>
            {
                Head = head,
                Shape = NewShape(qStride, kStride, vStride, heads, headDim, queryLen, keyLen, causal, dropoutP, dropoutSeed),
                Q = pq,
                K = pk,
                V = pv,
                Output = po,
                DOutput = pdo,
                LogSumExp = pl,
                Dq = pdq,
                Dk = pdk,
                Dv = pdv,
                DqStride = dqStride,
                DkStride = dkStride,
                DvStride = dvStride,
                KeyLengths = keyLengths.IsEmpty ? null : pn,
                Items = batch * heads,
                Overwrite = !accumulate,
            };

            // The caller's own tiles first (see Forward).
            GemmScratch.Current.AttentionTiles(BackwardTileFloats(RoundUp(queryLen, AttentionMicrokernel.Rows), plan.Shape.PaddedDim));
            RunPlan(in plan, (long)batch * heads * queryLen * keyLen * headDim);
        }
    }

    private static void CheckGradientOverlaps(
        ReadOnlySpan<float> q, ReadOnlySpan<float> k, ReadOnlySpan<float> v, ReadOnlySpan<float> output, ReadOnlySpan<float> dOutput,
        ReadOnlySpan<float> logSumExp, ReadOnlySpan<float> gradient, string name)
    {
        Check.NoOverlap(q, gradient, nameof(q), name);
        Check.NoOverlap(k, gradient, nameof(k), name);
        Check.NoOverlap(v, gradient, nameof(v), name);
        Check.NoOverlap(output, gradient, nameof(output), name);
        Check.NoOverlap(dOutput, gradient, nameof(dOutput), name);
        Check.NoOverlap(logSumExp, gradient, nameof(logSumExp), name);
    }

    /// <summary>Floats of one backward item's tiles (see <see cref="BackwardPair"/>) for <paramref name="lqp"/> padded queries.</summary>
    private static long BackwardTileFloats(int lqp, int dp) => (3L * lqp * dp) + (2L * lqp) + (5L * BlockKeys * dp) + (2L * BlockQueries * BlockKeys);

    /// <summary>One backward call: item = b·heads + h.</summary>
    private unsafe struct BackwardPlan<THead> : IWorkPlan
        where THead : struct, IDimension
    {
        public THead Head;
        public Shape Shape;
        public float* Q;
        public float* K;
        public float* V;
        public float* Output;
        public float* DOutput;
        public float* LogSumExp;
        public float* Dq;
        public float* Dk;
        public float* Dv;
        public int DqStride;
        public int DkStride;
        public int DvStride;
        public int* KeyLengths;
        public bool Overwrite;

        public int Items { get; set; }

        public readonly int Prerequisites(int item) => 0;

        public readonly void Run(int item, GemmScratch scratch) => BackwardPair(in this, item, scratch);
    }

    /// <summary>The gradients of one (batch row, head) pair, key block by key block.</summary>
    private static unsafe void BackwardPair<THead>(in BackwardPlan<THead> plan, int bh, GemmScratch scratch)
        where THead : struct, IDimension
    {
        ref readonly Shape s = ref plan.Shape;
        int d = plan.Head.Value, dp = RoundUp(d, 16); // constants when THead is a generated model's size type
        int b = bh / s.Heads;
        int h = bh - (b * s.Heads);
        if (plan.Overwrite)
        {
            // This item owns the head's slices of dQ, dK and dV for its batch row: zero them, then add as usual.
            ClearRows(plan.Dq + ((long)b * s.QueryLen * plan.DqStride) + (h * d), s.QueryLen, plan.DqStride, d);
            ClearRows(plan.Dk + ((long)b * s.KeyLen * plan.DkStride) + (h * d), s.KeyLen, plan.DkStride, d);
            ClearRows(plan.Dv + ((long)b * s.KeyLen * plan.DvStride) + (h * d), s.KeyLen, plan.DvStride, d);
        }

        int valid = plan.KeyLengths == null ? s.KeyLen : plan.KeyLengths[b];
        if (valid == 0)
        {
            // Every key is padding: the outputs were zeros, independent of q, k and v.
            return;
        }

        int outStride = s.Heads * d;
        int lq = s.QueryLen;
        int lqp = RoundUp(lq, AttentionMicrokernel.Rows);

        // The pair's queries (scaled by 1/√d), output gradients and dQ, padded to whole tiles; then one key block's tiles.
        float* qs = scratch.AttentionTiles(BackwardTileFloats(lqp, dp));
        float* dop = qs + ((long)lqp * dp);
        float* dqAcc = dop + ((long)lqp * dp);
        float* delta = dqAcc + ((long)lqp * dp);
        float* lse = delta + lqp;
        float* kt = lse + lqp;                         // keys transposed: dp rows of BlockKeys
        float* vt = kt + ((long)BlockKeys * dp);       // values transposed
        float* kp = vt + ((long)BlockKeys * dp);       // keys (scaled by 1/√d): BlockKeys rows of dp
        float* dvb = kp + ((long)BlockKeys * dp);      // dV of the key block: BlockKeys rows of dp
        float* dkb = dvb + ((long)BlockKeys * dp);     // dK of the key block
        float* pm = dkb + ((long)BlockKeys * dp);      // P∘m: BlockQueries rows of BlockKeys
        float* ds = pm + ((long)BlockQueries * BlockKeys); // dP, then dS

        float* qh = plan.Q + ((long)b * lq * s.QStride) + (h * d);
        float* kh = plan.K + ((long)b * s.KeyLen * s.KStride) + (h * d);
        float* vh = plan.V + ((long)b * s.KeyLen * s.VStride) + (h * d);
        float* oh = plan.Output + ((long)b * lq * outStride) + (h * d);
        float* doh = plan.DOutput + ((long)b * lq * outStride) + (h * d);
        float* lh = plan.LogSumExp + ((long)b * lq * s.Heads) + h;
        PackRows(qh, s.QStride, lq, d, dp, lqp, s.Scale, qs);
        PackRows(doh, outStride, lq, d, dp, lqp, 1f, dop);
        Simd.Clear(dqAcc, lqp * dp);
        for (int i = 0; i < lq; i++)
        {
            delta[i] = Simd.Dot(doh + ((long)i * outStride), oh + ((long)i * outStride), d);
            lse[i] = lh[(long)i * s.Heads];
        }

        for (int j0 = 0; j0 < valid; j0 += BlockKeys)
        {
            int n = Math.Min(BlockKeys, valid - j0);
            int cols = RoundUp(n, 16);
            int keyRows = RoundUp(n, AttentionMicrokernel.Rows); // P's and dS's columns past n are zeros
            float* kj = kh + ((long)j0 * s.KStride);
            float* vj = vh + ((long)j0 * s.VStride);
            GemmPacking.PackTransposedPanel(kj, s.KStride, n, BlockKeys, d, kt);
            GemmPacking.PackTransposedPanel(vj, s.VStride, n, BlockKeys, d, vt);
            PackRows(kj, s.KStride, n, d, dp, n, s.Scale, kp);
            Simd.Clear(dvb, dp * BlockKeys);
            Simd.Clear(dkb, dp * BlockKeys);

            // Causal: queries before the block's first key see none of it; start at the tile row holding query j0.
            int first = s.Causal ? Math.Min(lqp, j0 / AttentionMicrokernel.Rows * AttentionMicrokernel.Rows) : 0;
            for (int i0 = first; i0 < lqp; i0 += BlockQueries)
            {
                int rows = Math.Min(BlockQueries, lqp - i0);
                float* qb = qs + ((long)i0 * dp);
                float* dob = dop + ((long)i0 * dp);

                // S = (Q/√d)·Kᵀ into pm and dP = dO·Vᵀ into ds, then P, dS in place.
                AttentionMicrokernel.Product(qb, dp, 1, kt, BlockKeys, d, rows, cols, pm, BlockKeys, load: false);
                AttentionMicrokernel.Product(dob, dp, 1, vt, BlockKeys, d, rows, cols, ds, BlockKeys, load: false);
                for (int r = 0; r < rows; r++)
                {
                    int i = i0 + r;
                    float* p = pm + ((long)r * BlockKeys);
                    float* g = ds + ((long)r * BlockKeys);
                    int seen = i < lq ? s.Visible(i, j0, n) : 0;
                    if (seen <= 0)
                    {
                        Simd.Clear(p, cols);
                        Simd.Clear(g, cols);
                        continue;
                    }

                    ProbabilitiesAndScoreGradient(p, g, seen, cols, lse[i], delta[i], in s, bh, i, j0);
                    Simd.Clear(p + seen, cols - seen);
                    Simd.Clear(g + seen, cols - seen);
                }

                // dV += (P∘m)ᵀ·dO, dK += dSᵀ·(Q/√d) (both keys × dp, P and dS read down their columns), dQ += dS·(K/√d).
                AttentionMicrokernel.Product(pm, 1, BlockKeys, dob, dp, rows, keyRows, dp, dvb, dp, load: true);
                AttentionMicrokernel.Product(ds, 1, BlockKeys, qb, dp, rows, keyRows, dp, dkb, dp, load: true);
                AttentionMicrokernel.Product(ds, BlockKeys, 1, kp, dp, n, rows, dp, dqAcc + ((long)i0 * dp), dp, load: true);
            }

            AddRows(dvb, n, d, dp, plan.Dv + ((((long)b * s.KeyLen) + j0) * plan.DvStride) + (h * d), plan.DvStride);
            AddRows(dkb, n, d, dp, plan.Dk + ((((long)b * s.KeyLen) + j0) * plan.DkStride) + (h * d), plan.DkStride);
        }

        float* dqh = plan.Dq + ((long)b * lq * plan.DqStride) + (h * d);
        for (int i = 0; i < lq; i++)
        {
            Simd.Add(dqAcc + ((long)i * dp), dqh + ((long)i * plan.DqStride), d);
        }
    }

    /// <summary>
    /// One query's row of a block: <paramref name="p"/> holds its scaled scores and becomes P∘m, with
    /// P = exp(score − lse); <paramref name="g"/> holds dO·vⱼ and becomes dS = P∘(g∘m − D), over the first
    /// <paramref name="n"/> keys (without dropout, over whole vectors of the row's <paramref name="cols"/>: the caller
    /// clears what follows key n − 1).
    /// </summary>
    private static unsafe void ProbabilitiesAndScoreGradient(float* p, float* g, int n, int cols, float lse, float delta, in Shape s, int bh, int i, int j0)
    {
        int j = 0;
        Vector512<float> vl = Vector512.Create(lse);
        Vector512<float> vd = Vector512.Create(delta);
        if (s.DropoutP == 0)
        {
            // Whole vectors up to the one holding key n − 1 (cols is a multiple of 16): the lanes past n hold scores of
            // keys the query does not see, which the caller clears, so a causal row costs no scalar exponentials.
            int whole = Math.Min((n + 15) & ~15, cols);
            for (; j < whole; j += 16)
            {
                Vector512<float> pj = VectorExp.Exp(Vector512.Load(p + j) - vl);
                pj.Store(p + j);
                (pj * (Vector512.Load(g + j) - vd)).Store(g + j);
            }

            return;
        }

        for (; j <= n - 16; j += 16)
        {
            Vector512<float> pj = VectorExp.Exp(Vector512.Load(p + j) - vl);
            pj.Store(p + j);
        }

        for (; j < n; j++)
        {
            p[j] = MathF.Exp(p[j] - lse);
        }

        // dS = P∘(dP∘m − D), then P∘m: the mask from the forward's indices.
        long index = s.DropoutIndex(bh, i) + j0;
        Dropout.Apply(g, g, n, index, s.DropoutP, s.DropoutSeed);
        for (j = 0; j < n; j++)
        {
            g[j] = p[j] * (g[j] - delta);
        }

        Dropout.Apply(p, p, n, index, s.DropoutP, s.DropoutSeed);
    }

    /// <summary>Zeroes <paramref name="width"/> floats in each of <paramref name="rows"/> rows <paramref name="stride"/> apart.</summary>
    private static unsafe void ClearRows(float* p, long rows, int stride, int width)
    {
        for (long r = 0; r < rows; r++)
        {
            Simd.Clear(p + (r * stride), width);
        }
    }

    /// <summary>y[j·yStride + c] += t[j·tStride + c] for j &lt; n, c &lt; d: a key block's gradient rows into the head's slice.</summary>
    private static unsafe void AddRows(float* t, int n, int d, int tStride, float* y, int yStride)
    {
        for (int j = 0; j < n; j++)
        {
            Simd.Add(t + ((long)j * tStride), y + ((long)j * yStride), d);
        }
    }
}
