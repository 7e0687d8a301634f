using System;
using System.Runtime.Intrinsics;
using System.Threading.Tasks;

namespace AttentionGen.Runtime;

public static partial class Attention
{
    /// <summary>Score-length rows of one backward worker's scratch: probabilities, dropped probabilities and their gradients, for four queries each.</summary>
    private const int BackwardRowsPerSlice = 12;

    /// <summary>
    /// Floats of scratch <see cref="Backward"/> needs: per worker, twelve rows of keyLen floats (the
    /// probabilities, the dropped probabilities and the score gradients of four queries), each rounded up
    /// to a multiple of 16, for <c>min(Environment.ProcessorCount, 64)</c> workers. As for the forward
    /// pass, a smaller scratch works as long as it holds one worker's slice; fewer workers then run.
    /// </summary>
    /// <param name="queryLen">Queries per batch row.</param>
    /// <param name="keyLen">Keys per batch row.</param>
    /// <returns>The scratch length to allocate once and pass to every <see cref="Backward"/> call of this shape.</returns>
    public static int BackwardScratchLength(int queryLen, int keyLen)
    {
        Check.NonNegative(queryLen, nameof(queryLen));
        Check.NonNegative(keyLen, nameof(keyLen));
        return checked(MaxWorkers * BackwardSliceLength(keyLen));
    }

    /// <summary>
    /// Gradients of the dropout <c>Forward</c>, accumulated into <paramref name="dq"/>, <paramref name="dk"/> and
    /// <paramref name="dv"/>. Nothing from the forward pass is stored: each query row's scores and softmax
    /// are recomputed from q and k, the dropout mask is regenerated from the seed, and then with
    /// <c>m</c> the mask (0 or 1/(1 − p)), <c>P</c> the probabilities and <c>dO</c> the output gradient:
    /// <c>dV += (P∘m)ᵀ·dO</c>, <c>dP = (dO·Vᵀ)∘m</c>, <c>dS = P∘(dP − rowsum(dP∘P))</c>,
    /// <c>dQ += dS·K/√headDim</c>, <c>dK += dSᵀ·Q/√headDim</c>. Masked keys and queries that see no key
    /// (whose output was zero) contribute nothing.
    /// </summary>
    /// <remarks>
    /// Work is split by (batch row, head) pairs only, since a pair's key and value gradients gather over
    /// all its queries; each worker has its own scratch slice. Queries go four at a time, so every key,
    /// value and gradient row loaded serves four queries.
    /// </remarks>
    /// <param name="q">The forward's queries (batch × queryLen rows of stride <paramref name="qStride"/>).</param>
    /// <param name="qStride">Floats between consecutive query rows, at least heads × headDim.</param>
    /// <param name="k">The forward's keys (batch × keyLen rows of stride <paramref name="kStride"/>).</param>
    /// <param name="kStride">Floats between consecutive key rows.</param>
    /// <param name="v">The forward's values (batch × keyLen rows of stride <paramref name="vStride"/>).</param>
    /// <param name="vStride">Floats between consecutive value rows.</param>
    /// <param name="dOutput">Gradient of the forward's output, contiguous (batch, queryLen, heads × headDim).</param>
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
    /// <param name="scratch">Working memory of <see cref="BackwardScratchLength"/> floats (at least one worker's slice); contents are overwritten.</param>
    public static unsafe void Backward(
        ReadOnlySpan<float> q, int qStride, ReadOnlySpan<float> k, int kStride, ReadOnlySpan<float> v, int vStride,
        ReadOnlySpan<float> dOutput,
        Span<float> dq, int dqStride, Span<float> dk, int dkStride, Span<float> dv, int dvStride,
        int batch, int queryLen, int keyLen, int heads, int headDim,
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
        CheckStride(dqStride, width, nameof(dqStride));
        CheckStride(dkStride, width, nameof(dkStride));
        CheckStride(dvStride, width, nameof(dvStride));
        long queryRows = (long)batch * queryLen;
        long keyRows = (long)batch * keyLen;
        Check.Length(q.Length, StridedLength(queryRows, qStride, width), nameof(q), $"batch × queryLen = {batch} × {queryLen} rows of stride qStride = {qStride}, heads × headDim = {heads} × {headDim} used");
        Check.Length(k.Length, StridedLength(keyRows, kStride, width), nameof(k), $"batch × keyLen = {batch} × {keyLen} rows of stride kStride = {kStride}, heads × headDim = {heads} × {headDim} used");
        Check.Length(v.Length, StridedLength(keyRows, vStride, width), nameof(v), $"batch × keyLen = {batch} × {keyLen} rows of stride vStride = {vStride}, heads × headDim = {heads} × {headDim} used");
        Check.Length(dOutput.Length, queryRows * width, nameof(dOutput), $"batch × queryLen × heads × headDim = {batch} × {queryLen} × {heads} × {headDim}");
        Check.Length(dq.Length, StridedLength(queryRows, dqStride, width), nameof(dq), $"batch × queryLen = {batch} × {queryLen} rows of stride dqStride = {dqStride}, heads × headDim = {heads} × {headDim} used");
        Check.Length(dk.Length, StridedLength(keyRows, dkStride, width), nameof(dk), $"batch × keyLen = {batch} × {keyLen} rows of stride dkStride = {dkStride}, heads × headDim = {heads} × {headDim} used");
        Check.Length(dv.Length, StridedLength(keyRows, dvStride, width), nameof(dv), $"batch × keyLen = {batch} × {keyLen} rows of stride dvStride = {dvStride}, heads × headDim = {heads} × {headDim} used");
        Check.Lengths(keyLengths, batch, keyLen, nameof(keyLengths));
        Dropout.CheckProbability(dropoutP, nameof(dropoutP));
        int slice = BackwardSliceLength(keyLen);
        if (scratch.Length < slice)
        {
            throw new ArgumentException(
                $"scratch holds {scratch.Length} floats, fewer than the {slice} one worker needs for keyLen = {keyLen}; allocate Attention.BackwardScratchLength({queryLen}, {keyLen}) = {BackwardScratchLength(queryLen, keyLen)}.",
                nameof(scratch));
        }

        CheckGradientOverlaps(q, k, v, dOutput, dq, nameof(dq), scratch);
        CheckGradientOverlaps(q, k, v, dOutput, dk, nameof(dk), scratch);
        CheckGradientOverlaps(q, k, v, dOutput, dv, nameof(dv), scratch);
        Check.NoOverlap(q, scratch, nameof(q), nameof(scratch));
        Check.NoOverlap(k, scratch, nameof(k), nameof(scratch));
        Check.NoOverlap(v, scratch, nameof(v), nameof(scratch));
        Check.NoOverlap(dOutput, scratch, nameof(dOutput), nameof(scratch));
        if (queryRows == 0 || keyLen == 0)
        {
            // No query sees a key: every output row was zero, whatever q, k and v held.
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

        int pairs = batch * heads;
        long work = (long)pairs * queryLen * keyLen * headDim;
        int workers = work < ParallelThreshold ? 1 : Math.Min(Math.Min(MaxWorkers, scratch.Length / slice), pairs);
        fixed (float* pq = q, pk = k, pv = v, pdo = dOutput, pdq = dq, pdk = dk, pdv = dv, ps = scratch)
        fixed (int* pl = keyLengths)
        {
            var grads = new Gradients
            {
                DOutput = pdo,
                Dq = pdq,
                Dk = pdk,
                Dv = pdv,
                DqStride = dqStride,
                DkStride = dkStride,
                DvStride = dvStride,
            };
            int* lengths = keyLengths.IsEmpty ? null : pl;
            if (workers < 2)
            {
                RunBackward(in shape, in grads, pq, pk, pv, lengths, ps, 0, pairs);
                return;
            }

            RunBackwardParallel(in shape, in grads, pq, pk, pv, lengths, ps, slice, pairs, workers);
        }
    }

    private static void CheckGradientOverlaps(
        ReadOnlySpan<float> q, ReadOnlySpan<float> k, ReadOnlySpan<float> v, ReadOnlySpan<float> dOutput, ReadOnlySpan<float> gradient, string name, ReadOnlySpan<float> scratch)
    {
        Check.NoOverlap(q, gradient, nameof(q), name);
        Check.NoOverlap(k, gradient, nameof(k), name);
        Check.NoOverlap(v, gradient, nameof(v), name);
        Check.NoOverlap(dOutput, gradient, nameof(dOutput), name);
        Check.NoOverlap(scratch, gradient, nameof(scratch), name);
    }

    /// <summary>One backward worker's scratch: twelve score rows.</summary>
    private static int BackwardSliceLength(int keyLen) => checked(BackwardRowsPerSlice * RowLength(keyLen));

    /// <summary>The pinned gradient buffers of one <see cref="Backward"/> call.</summary>
    private unsafe struct Gradients
    {
        public float* DOutput;
        public float* Dq;
        public float* Dk;
        public float* Dv;
        public int DqStride;
        public int DkStride;
        public int DvStride;
    }

    /// <summary>
    /// Spreads the (batch, head) pairs over workers, each with its own scratch slice. Kept out of
    /// <see cref="Backward"/> so the lambda's closure is only allocated when threads are used.
    /// </summary>
    private static unsafe void RunBackwardParallel(
        in Shape shape, in Gradients grads, float* pq, float* pk, float* pv, int* lengths, float* ps, int slice, int pairs, int workers)
    {
        // Pointers cannot be captured; the caller keeps the buffers pinned until Parallel.For returns.
        Shape s = shape;
        Gradients g = grads;
        nint aq = (nint)pq, ak = (nint)pk, av = (nint)pv, al = (nint)lengths, ascr = (nint)ps;
        int chunk = (pairs + workers - 1) / workers;
        int parts = (pairs + chunk - 1) / chunk;
        Parallel.For(0, parts, p =>
        {
            int first = p * chunk;
            RunBackward(in s, in g, (float*)aq, (float*)ak, (float*)av, (int*)al, (float*)ascr + ((long)p * slice), first, Math.Min(pairs, first + chunk));
        });
    }

    /// <summary>Pairs [first, end), pair = b·heads + h, with one worker's scratch slice.</summary>
    private static unsafe void RunBackward(in Shape s, in Gradients g, float* q, float* k, float* v, int* keyLengths, float* scratch, int first, int end)
    {
        int d = s.HeadDim;
        int outStride = s.Heads * d;
        int rowStride = RowLength(s.KeyLen);
        for (int bh = first; bh < end; bh++)
        {
            int b = bh / s.Heads;
            int h = bh - (b * s.Heads);
            int valid = keyLengths == null ? s.KeyLen : keyLengths[b];
            if (valid == 0)
            {
                // Every key is padding: the outputs were zeros, independent of q, k and v.
                continue;
            }

            var pair = new Pair
            {
                Q = q + ((long)b * s.QueryLen * s.QStride) + (h * d),
                K = k + ((long)b * s.KeyLen * s.KStride) + (h * d),
                V = v + ((long)b * s.KeyLen * s.VStride) + (h * d),
                DOutput = g.DOutput + ((long)b * s.QueryLen * outStride) + (h * d),
                Dq = g.Dq + ((long)b * s.QueryLen * g.DqStride) + (h * d),
                Dk = g.Dk + ((long)b * s.KeyLen * g.DkStride) + (h * d),
                Dv = g.Dv + ((long)b * s.KeyLen * g.DvStride) + (h * d),
                OutStride = outStride,
                Index = bh,
                Valid = valid,
            };
            for (int i0 = 0; i0 < s.QueryLen; i0 += 4)
            {
                BackwardBlock(in s, in g, in pair, i0, Math.Min(4, s.QueryLen - i0), scratch, rowStride);
            }
        }
    }

    /// <summary>One (batch, head) pair's rows, already offset to the head's features.</summary>
    private unsafe struct Pair
    {
        public float* Q;
        public float* K;
        public float* V;
        public float* DOutput;
        public float* Dq;
        public float* Dk;
        public float* Dv;
        public int OutStride;
        public int Index;
        public int Valid;
    }

    /// <summary>
    /// Queries i0 … i0 + rows − 1 (rows ≤ 4) of one pair. A block of fewer than four queries fills the
    /// missing rows with copies of its last query that see no key: their probabilities and score gradients
    /// are all zero, so they add exactly nothing, and every helper can keep its four-row shape.
    /// </summary>
    private static unsafe void BackwardBlock(in Shape s, in Gradients g, in Pair pair, int i0, int rows, float* scratch, int rowStride)
    {
        int d = s.HeadDim;
        float* p0 = scratch;
        float* p1 = p0 + rowStride;
        float* p2 = p1 + rowStride;
        float* p3 = p2 + rowStride;
        float* g0 = scratch + (8L * rowStride);
        float* g1 = g0 + rowStride;
        float* g2 = g1 + rowStride;
        float* g3 = g2 + rowStride;

        // Row r is query i0 + min(r, rows − 1); n_r its visible keys, 0 for a filler row.
        int n0 = VisibleKeys(in s, pair.Valid, i0, 0, rows);
        int n1 = VisibleKeys(in s, pair.Valid, i0, 1, rows);
        int n2 = VisibleKeys(in s, pair.Valid, i0, 2, rows);
        int n3 = VisibleKeys(in s, pair.Valid, i0, 3, rows);
        int n = Math.Max(Math.Max(n0, n1), Math.Max(n2, n3));
        float* q0 = pair.Q + ((long)i0 * s.QStride);
        float* q1 = pair.Q + ((long)(i0 + Math.Min(1, rows - 1)) * s.QStride);
        float* q2 = pair.Q + ((long)(i0 + Math.Min(2, rows - 1)) * s.QStride);
        float* q3 = pair.Q + ((long)(i0 + Math.Min(3, rows - 1)) * s.QStride);
        float* o0 = pair.DOutput + ((long)i0 * pair.OutStride);
        float* o1 = pair.DOutput + ((long)(i0 + Math.Min(1, rows - 1)) * pair.OutStride);
        float* o2 = pair.DOutput + ((long)(i0 + Math.Min(2, rows - 1)) * pair.OutStride);
        float* o3 = pair.DOutput + ((long)(i0 + Math.Min(3, rows - 1)) * pair.OutStride);

        // Probabilities P, recomputed as the forward computes them.
        DotRows4(q0, q1, q2, q3, pair.K, s.KStride, d, n, s.Scale, p0, p1, p2, p3);
        Softmax(p0, n0, n);
        Softmax(p1, n1, n);
        Softmax(p2, n2, n);
        Softmax(p3, n3, n);

        // dP = dO·Vᵀ, masked like P was.
        DotRows4(o0, o1, o2, o3, pair.V, s.VStride, d, n, 1f, g0, g1, g2, g3);

        // The probabilities the values actually saw: P∘m, or P itself without dropout.
        float* m0 = p0, m1 = p1, m2 = p2, m3 = p3;
        if (s.DropoutP > 0)
        {
            m0 = scratch + (4L * rowStride);
            m1 = m0 + rowStride;
            m2 = m1 + rowStride;
            m3 = m2 + rowStride;
            DropRow(in s, pair.Index, i0, p0, m0, g0, n0, n);
            DropRow(in s, pair.Index, i0 + 1, p1, m1, g1, n1, n);
            DropRow(in s, pair.Index, i0 + 2, p2, m2, g2, n2, n);
            DropRow(in s, pair.Index, i0 + 3, p3, m3, g3, n3, n);
        }

        // dS·scale, in place of dP.
        SoftmaxGradient(p0, g0, n0, n, s.Scale);
        SoftmaxGradient(p1, g1, n1, n, s.Scale);
        SoftmaxGradient(p2, g2, n2, n, s.Scale);
        SoftmaxGradient(p3, g3, n3, n, s.Scale);

        // dV_j += Σ_r (P∘m)_r[j]·dO_r;  dK_j += Σ_r dS_r[j]·scale·q_r;  dQ_r += Σ_j dS_r[j]·scale·k_j.
        RankUpdate4(m0, m1, m2, m3, n, o0, o1, o2, o3, pair.Dv, g.DvStride, d);
        RankUpdate4(g0, g1, g2, g3, n, q0, q1, q2, q3, pair.Dk, g.DkStride, d);
        float* dq0 = pair.Dq + ((long)i0 * g.DqStride);
        float* dq1 = pair.Dq + ((long)(i0 + Math.Min(1, rows - 1)) * g.DqStride);
        float* dq2 = pair.Dq + ((long)(i0 + Math.Min(2, rows - 1)) * g.DqStride);
        float* dq3 = pair.Dq + ((long)(i0 + Math.Min(3, rows - 1)) * g.DqStride);
        AccumulateWeightedSum4(g0, g1, g2, g3, n, pair.K, s.KStride, dq0, dq1, dq2, dq3, d);
    }

    /// <summary>Keys query i0 + r sees, or 0 for a filler row (r ≥ rows).</summary>
    private static int VisibleKeys(in Shape s, int valid, int i0, int r, int rows)
        => r >= rows ? 0 : s.Causal ? Math.Min(valid, i0 + r + 1) : valid;

    /// <summary>Row softmax over the first n ≥ 0 entries in place, zeros from n up to <paramref name="width"/>.</summary>
    private static unsafe void Softmax(float* p, int n, int width)
    {
        if (n > 0)
        {
            float sum = Simd.ExpShiftSum(p, n, Simd.Max(p, n));
            Simd.Scale(p, 1f / sum, n);
        }

        Simd.Clear(p + n, width - n);
    }

    /// <summary>
    /// Regenerates query <paramref name="i"/>'s dropout mask over its n visible keys:
    /// <paramref name="dropped"/> = P∘m (zeros from n up to width), and <paramref name="dp"/> ∘= m in place.
    /// A filler row has n = 0 and only gets the zeros.
    /// </summary>
    private static unsafe void DropRow(in Shape s, int pair, int i, float* p, float* dropped, float* dp, int n, int width)
    {
        if (n > 0)
        {
            long first = s.DropoutIndex(pair, i);
            Dropout.Apply(p, dropped, n, first, s.DropoutP, s.DropoutSeed);
            Dropout.Apply(dp, dp, n, first, s.DropoutP, s.DropoutSeed);
        }

        Simd.Clear(dropped + n, width - n);
    }

    /// <summary>
    /// g[j] = scale·p[j]·(g[j] − Σ_k g[k]·p[k]) for j &lt; n (the softmax's Jacobian applied to g), zeros from n up to width.
    /// </summary>
    private static unsafe void SoftmaxGradient(float* p, float* g, int n, int width, float scale)
    {
        if (n > 0)
        {
            float dot = Simd.Dot(g, p, n);
            int j = 0;
            if (Vector512.IsHardwareAccelerated)
            {
                Vector512<float> vd = Vector512.Create(dot);
                Vector512<float> vs = Vector512.Create(scale);
                for (; j <= n - 16; j += 16)
                {
                    ((Vector512.Load(g + j) - vd) * Vector512.Load(p + j) * vs).Store(g + j);
                }
            }

            Vector256<float> wd = Vector256.Create(dot);
            Vector256<float> ws = Vector256.Create(scale);
            for (; j <= n - 8; j += 8)
            {
                ((Vector256.Load(g + j) - wd) * Vector256.Load(p + j) * ws).Store(g + j);
            }

            for (; j < n; j++)
            {
                g[j] = (g[j] - dot) * p[j] * scale;
            }
        }

        Simd.Clear(g + n, width - n);
    }

    /// <summary>
    /// y_j[c] += Σ_r a_r[j]·x_r[c] for keys j &lt; n and c &lt; d: a rank-4 update of n rows of y (stride
    /// <paramref name="yStride"/>), each y row loaded and stored once for all four x rows.
    /// </summary>
    private static unsafe void RankUpdate4(
        float* a0, float* a1, float* a2, float* a3, int n, float* x0, float* x1, float* x2, float* x3, float* y, int yStride, int d)
    {
        for (int j = 0; j < n; j++)
        {
            float* yj = y + ((long)j * yStride);
            float w0 = a0[j], w1 = a1[j], w2 = a2[j], w3 = a3[j];
            int c = 0;
            if (Vector512.IsHardwareAccelerated)
            {
                Vector512<float> v0 = Vector512.Create(w0), v1 = Vector512.Create(w1), v2 = Vector512.Create(w2), v3 = Vector512.Create(w3);
                for (; c <= d - 16; c += 16)
                {
                    Vector512<float> acc = Vector512.FusedMultiplyAdd(v0, Vector512.Load(x0 + c), Vector512.Load(yj + c));
                    acc = Vector512.FusedMultiplyAdd(v1, Vector512.Load(x1 + c), acc);
                    acc = Vector512.FusedMultiplyAdd(v2, Vector512.Load(x2 + c), acc);
                    Vector512.FusedMultiplyAdd(v3, Vector512.Load(x3 + c), acc).Store(yj + c);
                }
            }

            Vector256<float> u0 = Vector256.Create(w0), u1 = Vector256.Create(w1), u2 = Vector256.Create(w2), u3 = Vector256.Create(w3);
            for (; c <= d - 8; c += 8)
            {
                Vector256<float> acc = Vector256.FusedMultiplyAdd(u0, Vector256.Load(x0 + c), Vector256.Load(yj + c));
                acc = Vector256.FusedMultiplyAdd(u1, Vector256.Load(x1 + c), acc);
                acc = Vector256.FusedMultiplyAdd(u2, Vector256.Load(x2 + c), acc);
                Vector256.FusedMultiplyAdd(u3, Vector256.Load(x3 + c), acc).Store(yj + c);
            }

            for (; c < d; c++)
            {
                yj[c] += (w0 * x0[c]) + (w1 * x1[c]) + (w2 * x2[c]) + (w3 * x3[c]);
            }
        }
    }

    /// <summary>
    /// o_r[c] += Σ_j a_r[j]·k_j[c] for the four rows r, j &lt; n and c &lt; d; each k vector is loaded once for
    /// all four rows. The rows are written in order 0 … 3, so a filler row may alias a real one.
    /// </summary>
    private static unsafe void AccumulateWeightedSum4(
        float* a0, float* a1, float* a2, float* a3, int n, float* k, int kStride, float* o0, float* o1, float* o2, float* o3, int d)
    {
        int c = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            for (; c <= d - 16; c += 16)
            {
                Vector512<float> s0 = Vector512<float>.Zero, s1 = Vector512<float>.Zero, s2 = Vector512<float>.Zero, s3 = Vector512<float>.Zero;
                float* kc = k + c;
                for (int j = 0; j < n; j++)
                {
                    Vector512<float> kj = Vector512.Load(kc + ((long)j * kStride));
                    s0 = Vector512.FusedMultiplyAdd(Vector512.Create(a0[j]), kj, s0);
                    s1 = Vector512.FusedMultiplyAdd(Vector512.Create(a1[j]), kj, s1);
                    s2 = Vector512.FusedMultiplyAdd(Vector512.Create(a2[j]), kj, s2);
                    s3 = Vector512.FusedMultiplyAdd(Vector512.Create(a3[j]), kj, s3);
                }

                (Vector512.Load(o0 + c) + s0).Store(o0 + c);
                (Vector512.Load(o1 + c) + s1).Store(o1 + c);
                (Vector512.Load(o2 + c) + s2).Store(o2 + c);
                (Vector512.Load(o3 + c) + s3).Store(o3 + c);
            }
        }

        for (; c <= d - 8; c += 8)
        {
            Vector256<float> s0 = Vector256<float>.Zero, s1 = Vector256<float>.Zero, s2 = Vector256<float>.Zero, s3 = Vector256<float>.Zero;
            float* kc = k + c;
            for (int j = 0; j < n; j++)
            {
                Vector256<float> kj = Vector256.Load(kc + ((long)j * kStride));
                s0 = Vector256.FusedMultiplyAdd(Vector256.Create(a0[j]), kj, s0);
                s1 = Vector256.FusedMultiplyAdd(Vector256.Create(a1[j]), kj, s1);
                s2 = Vector256.FusedMultiplyAdd(Vector256.Create(a2[j]), kj, s2);
                s3 = Vector256.FusedMultiplyAdd(Vector256.Create(a3[j]), kj, s3);
            }

            (Vector256.Load(o0 + c) + s0).Store(o0 + c);
            (Vector256.Load(o1 + c) + s1).Store(o1 + c);
            (Vector256.Load(o2 + c) + s2).Store(o2 + c);
            (Vector256.Load(o3 + c) + s3).Store(o3 + c);
        }

        for (; c < d; c++)
        {
            Vector128<float> acc = Vector128<float>.Zero;
            float* kc = k + c;
            for (int j = 0; j < n; j++)
            {
                acc = Vector128.FusedMultiplyAdd(Vector128.Create(a0[j], a1[j], a2[j], a3[j]), Vector128.Create(kc[(long)j * kStride]), acc);
            }

            o0[c] += acc.GetElement(0);
            o1[c] += acc.GetElement(1);
            o2[c] += acc.GetElement(2);
            o3[c] += acc.GetElement(3);
        }
    }
}
