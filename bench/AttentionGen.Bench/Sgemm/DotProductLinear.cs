using System;
using System.Runtime.Intrinsics;
using System.Threading.Tasks;
using AttentionGen.Runtime;

namespace AttentionGen.Bench.Sgemm;

/// <summary>
/// The linear-layer kernels as they were before the packed GEMM (dot products of four rows against two weight rows
/// forward; 4 × 64 register tiles over unpacked operands backward), kept here only as the baseline the side-by-side
/// command and the benchmarks measure the GEMM against. Each product can run on the calling thread or split with
/// Parallel.For exactly as the old entry points split it.
/// </summary>
internal static unsafe class DotProductLinear
{
    /// <summary>Rows of the right-hand operand per block of the backward products (64 columns × 128 rows = 32 KB, in L1).</summary>
    private const int PanelDepth = 128;

    /// <summary>Weight elements per output tile (256 KB), so a tile stays in L2 while every row block streams past it.</summary>
    private const int TileElements = 1 << 16;

    /// <summary>y = x·Wᵀ + b, rows split over the cores when <paramref name="threaded"/>.</summary>
    public static void Forward(float* px, float* pw, float* pbias, float* py, int rows, int inFeatures, int outFeatures, bool threaded)
    {
        if (!threaded)
        {
            Run(px, pw, pbias, py, 0, rows, 0, outFeatures, inFeatures, outFeatures);
            return;
        }

        nint ax = (nint)px, aw = (nint)pw, ab = (nint)pbias, ay = (nint)py;
        int workers = Environment.ProcessorCount;
        int chunk = ((rows + workers - 1) / workers + 3) & ~3;
        int parts = (rows + chunk - 1) / chunk;
        Parallel.For(0, parts, p =>
        {
            int r0 = p * chunk;
            Run((float*)ax, (float*)aw, (float*)ab, (float*)ay, r0, Math.Min(rows, r0 + chunk), 0, outFeatures, inFeatures, outFeatures);
        });
    }

    /// <summary>dx += dy·W, split by rows when <paramref name="threaded"/>.</summary>
    public static void InputGradient(float* x, float* w, float* dy, float* dx, int rows, int inFeatures, int outFeatures, bool threaded)
    {
        var job = new BackwardJob { X = x, W = w, Dy = dy, Dx = dx, Rows = rows, In = inFeatures, Out = outFeatures };
        if (!threaded)
        {
            job.InputGradient(0, rows, 0, inFeatures);
            return;
        }

        Split split = Split.Of(rows, inFeatures, Environment.ProcessorCount);
        Parallel.For(0, split.Parts, p =>
        {
            (int m0, int m1, int n0, int n1) = split.Region(p, job.Rows, job.In);
            job.InputGradient(m0, m1, n0, n1);
        });
    }

    /// <summary>dW += dyᵀ·x and db += Σ dy, split by output rows when <paramref name="threaded"/>.</summary>
    public static void WeightGradient(float* x, float* dy, float* dw, float* db, int rows, int inFeatures, int outFeatures, bool threaded)
    {
        var job = new BackwardJob { X = x, Dy = dy, DWeight = dw, DBias = db, Rows = rows, In = inFeatures, Out = outFeatures };
        if (!threaded)
        {
            job.WeightGradient(0, outFeatures, 0, inFeatures);
            return;
        }

        Split split = Split.Of(outFeatures, inFeatures, Environment.ProcessorCount);
        Parallel.For(0, split.Parts, p =>
        {
            (int m0, int m1, int n0, int n1) = split.Region(p, job.Out, job.In);
            job.WeightGradient(m0, m1, n0, n1);
        });
    }

    /// <summary>Rows [r0, r1) × outputs [o0, o1), tiled over outputs.</summary>
    private static unsafe void Run(
        float* x, float* w, float* bias, float* y, int r0, int r1, int o0, int o1, int n, int outFeatures)
    {
        int tile = Math.Max(4, (TileElements / Math.Max(n, 1)) & ~3);
        for (int t0 = o0; t0 < o1; t0 += tile)
        {
            int t1 = Math.Min(o1, t0 + tile);
            int r = r0;
            for (; r <= r1 - 4; r += 4)
            {
                float* x0 = x + ((long)r * n);
                float* x1 = x0 + n;
                float* x2 = x1 + n;
                float* x3 = x2 + n;
                float* y0 = y + ((long)r * outFeatures);
                int o = t0;
                for (; o <= t1 - 2; o += 2)
                {
                    float* w0 = w + ((long)o * n);
                    Simd.Dot4x2(x0, x1, x2, x3, w0, w0 + n, n, out Vector128<float> d0, out Vector128<float> d1);
                    if (bias != null)
                    {
                        d0 += Vector128.Create(bias[o]);
                        d1 += Vector128.Create(bias[o + 1]);
                    }

                    Store4(y0 + o, outFeatures, d0);
                    Store4(y0 + o + 1, outFeatures, d1);
                }

                if (o < t1)
                {
                    Vector128<float> d = Simd.Dot1x4(w + ((long)o * n), x0, x1, x2, x3, n);
                    if (bias != null)
                    {
                        d += Vector128.Create(bias[o]);
                    }

                    Store4(y0 + o, outFeatures, d);
                }
            }

            for (; r < r1; r++)
            {
                float* xr = x + ((long)r * n);
                float* yr = y + ((long)r * outFeatures);
                int o = t0;
                for (; o <= t1 - 4; o += 4)
                {
                    float* w0 = w + ((long)o * n);
                    Vector128<float> d = Simd.Dot1x4(xr, w0, w0 + n, w0 + (2 * n), w0 + (3 * n), n);
                    if (bias != null)
                    {
                        d += Vector128.Load(bias + o);
                    }

                    d.Store(yr + o);
                }

                for (; o < t1; o++)
                {
                    float d = Simd.Dot(xr, w + ((long)o * n), n);
                    yr[o] = bias != null ? d + bias[o] : d;
                }
            }
        }
    }

    /// <summary>Writes one output column's four rows: y[0], y[stride], y[2·stride], y[3·stride].</summary>
    private static unsafe void Store4(float* y, int stride, Vector128<float> v)
    {
        y[0] = v.GetElement(0);
        y[stride] = v.GetElement(1);
        y[2 * stride] = v.GetElement(2);
        y[3 * stride] = v.GetElement(3);
    }

    /// <summary>How one gradient matrix (m, n) is cut into parts for the workers: row blocks, or column blocks when it has few rows.</summary>
    private readonly struct Split
    {
        private readonly int _rowChunk;
        private readonly int _columnChunk;
        private readonly int _columnParts;

        private Split(int rowChunk, int columnChunk, int parts, int columnParts)
        {
            _rowChunk = rowChunk;
            _columnChunk = columnChunk;
            Parts = parts;
            _columnParts = columnParts;
        }

        public int Parts { get; }

        public static Split Of(int m, int n, int workers)
        {
            if (m >= 4 * workers || n < 32)
            {
                // Multiples of 4 rows, so only the last part has a short row tail.
                int chunk = ((m + workers - 1) / workers + 3) & ~3;
                return new Split(chunk, n, (m + chunk - 1) / chunk, 1);
            }

            // Few rows (e.g. one token through a vocabulary head): split the columns instead, in whole vectors.
            int columns = ((n + workers - 1) / workers + 15) & ~15;
            int columnParts = (n + columns - 1) / columns;
            return new Split(m, columns, columnParts, columnParts);
        }

        public (int M0, int M1, int N0, int N1) Region(int part, int m, int n)
        {
            int mi = part / _columnParts;
            int ni = part - (mi * _columnParts);
            int m0 = mi * _rowChunk;
            int n0 = ni * _columnChunk;
            return (m0, Math.Min(m, m0 + _rowChunk), n0, Math.Min(n, n0 + _columnChunk));
        }
    }

    /// <summary>The pinned buffers of one <see cref="Backward"/> call; the caller keeps them pinned while any worker runs.</summary>
    private unsafe struct BackwardJob
    {
        public float* X;
        public float* W;
        public float* Dy;
        public float* Dx;
        public float* DWeight;
        public float* DBias;
        public int Rows;
        public int In;
        public int Out;

        /// <summary>dx[r, i] += Σ_o dy[r, o]·W[o, i] for r in [r0, r1), i in [i0, i1).</summary>
        public readonly void InputGradient(int r0, int r1, int i0, int i1)
            => AccumulateProduct(Dy + ((long)r0 * Out), Out, 1, W, Dx + ((long)r0 * In), In, r1 - r0, i0, i1, Out);

        /// <summary>dWeight[o, i] += Σ_r dy[r, o]·x[r, i] for o in [o0, o1), i in [i0, i1); the part holding column 0 also adds dBias[o0, o1).</summary>
        public readonly void WeightGradient(int o0, int o1, int i0, int i1)
        {
            AccumulateProduct(Dy + o0, 1, Out, X, DWeight + ((long)o0 * In), In, o1 - o0, i0, i1, Rows);
            if (DBias != null && i0 == 0)
            {
                for (int r = 0; r < Rows; r++)
                {
                    Simd.Add(Dy + ((long)r * Out) + o0, DBias + o0, o1 - o0);
                }
            }
        }
    }

    /// <summary>
    /// <c>c[m, n] += Σ_k a[m·aRow + k·aStep]·b[k·ld + n]</c> for m &lt; <paramref name="m"/>, n in [n0, n1),
    /// k &lt; <paramref name="depth"/>; c has row stride <paramref name="ld"/> like b. The left operand is read
    /// through two strides, so the same loop serves dy (for dx) and dyᵀ (for dWeight) without a transposed copy.
    /// </summary>
    private static unsafe void AccumulateProduct(float* a, long aRow, long aStep, float* b, float* c, int ld, int m, int n0, int n1, int depth)
    {
        for (int k0 = 0; k0 < depth; k0 += PanelDepth)
        {
            int kc = Math.Min(PanelDepth, depth - k0);
            float* ak = a + (k0 * aStep);
            float* bk = b + ((long)k0 * ld);
            int n = n0;
            if (Vector512.IsHardwareAccelerated)
            {
                for (; n <= n1 - 64; n += 64)
                {
                    int r = 0;
                    for (; r <= m - 4; r += 4)
                    {
                        Tile4x64(ak + (r * aRow), aRow, aStep, bk + n, ld, c + ((long)r * ld) + n, kc);
                    }

                    for (; r < m; r++)
                    {
                        RowTail(ak + (r * aRow), aStep, bk, ld, c + ((long)r * ld), n, n + 64, kc);
                    }
                }

                for (; n <= n1 - 16; n += 16)
                {
                    int r = 0;
                    for (; r <= m - 4; r += 4)
                    {
                        Tile4x16(ak + (r * aRow), aRow, aStep, bk + n, ld, c + ((long)r * ld) + n, kc);
                    }

                    for (; r < m; r++)
                    {
                        RowTail(ak + (r * aRow), aStep, bk, ld, c + ((long)r * ld), n, n + 16, kc);
                    }
                }
            }
            else
            {
                for (; n <= n1 - 32; n += 32)
                {
                    int r = 0;
                    for (; r <= m - 4; r += 4)
                    {
                        Tile4x32(ak + (r * aRow), aRow, aStep, bk + n, ld, c + ((long)r * ld) + n, kc);
                    }

                    for (; r < m; r++)
                    {
                        RowTail(ak + (r * aRow), aStep, bk, ld, c + ((long)r * ld), n, n + 32, kc);
                    }
                }
            }

            for (; n <= n1 - 8; n += 8)
            {
                int r = 0;
                for (; r <= m - 4; r += 4)
                {
                    Tile4x8(ak + (r * aRow), aRow, aStep, bk + n, ld, c + ((long)r * ld) + n, kc);
                }

                for (; r < m; r++)
                {
                    RowTail(ak + (r * aRow), aStep, bk, ld, c + ((long)r * ld), n, n + 8, kc);
                }
            }

            if (n < n1)
            {
                for (int r = 0; r < m; r++)
                {
                    RowTail(ak + (r * aRow), aStep, bk, ld, c + ((long)r * ld), n, n1, kc);
                }
            }
        }
    }

    /// <summary>
    /// A 4 × 64 block of c in sixteen 512-bit registers, updated over kc steps: per step four vectors of b
    /// and four broadcasts of a feed sixteen multiply-adds.
    /// </summary>
    private static unsafe void Tile4x64(float* a, long aRow, long aStep, float* b, int ld, float* c, int kc)
    {
        float* c0 = c;
        float* c1 = c0 + ld;
        float* c2 = c1 + ld;
        float* c3 = c2 + ld;
        Vector512<float> s00 = Vector512.Load(c0), s01 = Vector512.Load(c0 + 16), s02 = Vector512.Load(c0 + 32), s03 = Vector512.Load(c0 + 48);
        Vector512<float> s10 = Vector512.Load(c1), s11 = Vector512.Load(c1 + 16), s12 = Vector512.Load(c1 + 32), s13 = Vector512.Load(c1 + 48);
        Vector512<float> s20 = Vector512.Load(c2), s21 = Vector512.Load(c2 + 16), s22 = Vector512.Load(c2 + 32), s23 = Vector512.Load(c2 + 48);
        Vector512<float> s30 = Vector512.Load(c3), s31 = Vector512.Load(c3 + 16), s32 = Vector512.Load(c3 + 32), s33 = Vector512.Load(c3 + 48);
        float* a0 = a;
        float* a1 = a0 + aRow;
        float* a2 = a1 + aRow;
        float* a3 = a2 + aRow;
        for (int k = 0; k < kc; k++)
        {
            Vector512<float> b0 = Vector512.Load(b);
            Vector512<float> b1 = Vector512.Load(b + 16);
            Vector512<float> b2 = Vector512.Load(b + 32);
            Vector512<float> b3 = Vector512.Load(b + 48);
            Vector512<float> x = Vector512.Create(*a0);
            s00 = Vector512.FusedMultiplyAdd(x, b0, s00);
            s01 = Vector512.FusedMultiplyAdd(x, b1, s01);
            s02 = Vector512.FusedMultiplyAdd(x, b2, s02);
            s03 = Vector512.FusedMultiplyAdd(x, b3, s03);
            x = Vector512.Create(*a1);
            s10 = Vector512.FusedMultiplyAdd(x, b0, s10);
            s11 = Vector512.FusedMultiplyAdd(x, b1, s11);
            s12 = Vector512.FusedMultiplyAdd(x, b2, s12);
            s13 = Vector512.FusedMultiplyAdd(x, b3, s13);
            x = Vector512.Create(*a2);
            s20 = Vector512.FusedMultiplyAdd(x, b0, s20);
            s21 = Vector512.FusedMultiplyAdd(x, b1, s21);
            s22 = Vector512.FusedMultiplyAdd(x, b2, s22);
            s23 = Vector512.FusedMultiplyAdd(x, b3, s23);
            x = Vector512.Create(*a3);
            s30 = Vector512.FusedMultiplyAdd(x, b0, s30);
            s31 = Vector512.FusedMultiplyAdd(x, b1, s31);
            s32 = Vector512.FusedMultiplyAdd(x, b2, s32);
            s33 = Vector512.FusedMultiplyAdd(x, b3, s33);
            a0 += aStep;
            a1 += aStep;
            a2 += aStep;
            a3 += aStep;
            b += ld;
        }

        s00.Store(c0);
        s01.Store(c0 + 16);
        s02.Store(c0 + 32);
        s03.Store(c0 + 48);
        s10.Store(c1);
        s11.Store(c1 + 16);
        s12.Store(c1 + 32);
        s13.Store(c1 + 48);
        s20.Store(c2);
        s21.Store(c2 + 16);
        s22.Store(c2 + 32);
        s23.Store(c2 + 48);
        s30.Store(c3);
        s31.Store(c3 + 16);
        s32.Store(c3 + 32);
        s33.Store(c3 + 48);
    }

    /// <summary>A 4 × 16 block of c in four 512-bit registers (the column tail of <see cref="Tile4x64"/>).</summary>
    private static unsafe void Tile4x16(float* a, long aRow, long aStep, float* b, int ld, float* c, int kc)
    {
        float* c0 = c;
        float* c1 = c0 + ld;
        float* c2 = c1 + ld;
        float* c3 = c2 + ld;
        Vector512<float> s0 = Vector512.Load(c0), s1 = Vector512.Load(c1), s2 = Vector512.Load(c2), s3 = Vector512.Load(c3);
        float* a0 = a;
        float* a1 = a0 + aRow;
        float* a2 = a1 + aRow;
        float* a3 = a2 + aRow;
        for (int k = 0; k < kc; k++)
        {
            Vector512<float> bk = Vector512.Load(b);
            s0 = Vector512.FusedMultiplyAdd(Vector512.Create(*a0), bk, s0);
            s1 = Vector512.FusedMultiplyAdd(Vector512.Create(*a1), bk, s1);
            s2 = Vector512.FusedMultiplyAdd(Vector512.Create(*a2), bk, s2);
            s3 = Vector512.FusedMultiplyAdd(Vector512.Create(*a3), bk, s3);
            a0 += aStep;
            a1 += aStep;
            a2 += aStep;
            a3 += aStep;
            b += ld;
        }

        s0.Store(c0);
        s1.Store(c1);
        s2.Store(c2);
        s3.Store(c3);
    }

    /// <summary>A 4 × 32 block of c in sixteen 256-bit registers, for CPUs without 512-bit vectors.</summary>
    private static unsafe void Tile4x32(float* a, long aRow, long aStep, float* b, int ld, float* c, int kc)
    {
        float* c0 = c;
        float* c1 = c0 + ld;
        float* c2 = c1 + ld;
        float* c3 = c2 + ld;
        Vector256<float> s00 = Vector256.Load(c0), s01 = Vector256.Load(c0 + 8), s02 = Vector256.Load(c0 + 16), s03 = Vector256.Load(c0 + 24);
        Vector256<float> s10 = Vector256.Load(c1), s11 = Vector256.Load(c1 + 8), s12 = Vector256.Load(c1 + 16), s13 = Vector256.Load(c1 + 24);
        Vector256<float> s20 = Vector256.Load(c2), s21 = Vector256.Load(c2 + 8), s22 = Vector256.Load(c2 + 16), s23 = Vector256.Load(c2 + 24);
        Vector256<float> s30 = Vector256.Load(c3), s31 = Vector256.Load(c3 + 8), s32 = Vector256.Load(c3 + 16), s33 = Vector256.Load(c3 + 24);
        float* a0 = a;
        float* a1 = a0 + aRow;
        float* a2 = a1 + aRow;
        float* a3 = a2 + aRow;
        for (int k = 0; k < kc; k++)
        {
            Vector256<float> b0 = Vector256.Load(b);
            Vector256<float> b1 = Vector256.Load(b + 8);
            Vector256<float> b2 = Vector256.Load(b + 16);
            Vector256<float> b3 = Vector256.Load(b + 24);
            Vector256<float> x = Vector256.Create(*a0);
            s00 = Vector256.FusedMultiplyAdd(x, b0, s00);
            s01 = Vector256.FusedMultiplyAdd(x, b1, s01);
            s02 = Vector256.FusedMultiplyAdd(x, b2, s02);
            s03 = Vector256.FusedMultiplyAdd(x, b3, s03);
            x = Vector256.Create(*a1);
            s10 = Vector256.FusedMultiplyAdd(x, b0, s10);
            s11 = Vector256.FusedMultiplyAdd(x, b1, s11);
            s12 = Vector256.FusedMultiplyAdd(x, b2, s12);
            s13 = Vector256.FusedMultiplyAdd(x, b3, s13);
            x = Vector256.Create(*a2);
            s20 = Vector256.FusedMultiplyAdd(x, b0, s20);
            s21 = Vector256.FusedMultiplyAdd(x, b1, s21);
            s22 = Vector256.FusedMultiplyAdd(x, b2, s22);
            s23 = Vector256.FusedMultiplyAdd(x, b3, s23);
            x = Vector256.Create(*a3);
            s30 = Vector256.FusedMultiplyAdd(x, b0, s30);
            s31 = Vector256.FusedMultiplyAdd(x, b1, s31);
            s32 = Vector256.FusedMultiplyAdd(x, b2, s32);
            s33 = Vector256.FusedMultiplyAdd(x, b3, s33);
            a0 += aStep;
            a1 += aStep;
            a2 += aStep;
            a3 += aStep;
            b += ld;
        }

        s00.Store(c0);
        s01.Store(c0 + 8);
        s02.Store(c0 + 16);
        s03.Store(c0 + 24);
        s10.Store(c1);
        s11.Store(c1 + 8);
        s12.Store(c1 + 16);
        s13.Store(c1 + 24);
        s20.Store(c2);
        s21.Store(c2 + 8);
        s22.Store(c2 + 16);
        s23.Store(c2 + 24);
        s30.Store(c3);
        s31.Store(c3 + 8);
        s32.Store(c3 + 16);
        s33.Store(c3 + 24);
    }

    /// <summary>A 4 × 8 block of c in four 256-bit registers.</summary>
    private static unsafe void Tile4x8(float* a, long aRow, long aStep, float* b, int ld, float* c, int kc)
    {
        float* c0 = c;
        float* c1 = c0 + ld;
        float* c2 = c1 + ld;
        float* c3 = c2 + ld;
        Vector256<float> s0 = Vector256.Load(c0), s1 = Vector256.Load(c1), s2 = Vector256.Load(c2), s3 = Vector256.Load(c3);
        float* a0 = a;
        float* a1 = a0 + aRow;
        float* a2 = a1 + aRow;
        float* a3 = a2 + aRow;
        for (int k = 0; k < kc; k++)
        {
            Vector256<float> bk = Vector256.Load(b);
            s0 = Vector256.FusedMultiplyAdd(Vector256.Create(*a0), bk, s0);
            s1 = Vector256.FusedMultiplyAdd(Vector256.Create(*a1), bk, s1);
            s2 = Vector256.FusedMultiplyAdd(Vector256.Create(*a2), bk, s2);
            s3 = Vector256.FusedMultiplyAdd(Vector256.Create(*a3), bk, s3);
            a0 += aStep;
            a1 += aStep;
            a2 += aStep;
            a3 += aStep;
            b += ld;
        }

        s0.Store(c0);
        s1.Store(c1);
        s2.Store(c2);
        s3.Store(c3);
    }

    /// <summary>
    /// One row of c, columns [n0, n1), over kc steps: c[n] += Σ_k a[k·aStep]·b[k·ld + n]. Serves the row
    /// tails (fewer than four rows) and the last columns (fewer than eight), so it favors simplicity.
    /// </summary>
    private static unsafe void RowTail(float* a, long aStep, float* b, int ld, float* c, int n0, int n1, int kc)
    {
        int n = n0;
        if (Vector512.IsHardwareAccelerated)
        {
            for (; n <= n1 - 16; n += 16)
            {
                Vector512<float> s = Vector512.Load(c + n);
                for (int k = 0; k < kc; k++)
                {
                    s = Vector512.FusedMultiplyAdd(Vector512.Create(a[k * aStep]), Vector512.Load(b + ((long)k * ld) + n), s);
                }

                s.Store(c + n);
            }
        }

        for (; n <= n1 - 8; n += 8)
        {
            Vector256<float> s = Vector256.Load(c + n);
            for (int k = 0; k < kc; k++)
            {
                s = Vector256.FusedMultiplyAdd(Vector256.Create(a[k * aStep]), Vector256.Load(b + ((long)k * ld) + n), s);
            }

            s.Store(c + n);
        }

        for (; n < n1; n++)
        {
            float s = c[n];
            for (int k = 0; k < kc; k++)
            {
                s = MathF.FusedMultiplyAdd(a[k * aStep], b[((long)k * ld) + n], s);
            }

            c[n] = s;
        }
    }
}
