using System;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace AttentionGen.Runtime;

/// <summary>
/// Copies the caller's operands into the panels the <see cref="GemmMicrokernel"/> reads: A as micro-rows of
/// 8 rows interleaved by k (<c>dst[k·8 + i]</c>), B as panels of w columns by k (<c>dst[k·w + j]</c>). When the
/// source is laid out the other way (k contiguous, as x and the weight are in the forward product and dy in the
/// input gradient), 8 × 8 blocks are transposed in registers: a scalar gather costs about one cycle per element,
/// as much as the microkernel spends on 64 flops, so at 128-192 columns it would cost 15-30% of the product.
/// Padding rows and columns are written as zeros (never left uninitialized: stale denormals or NaNs would slow
/// or poison the lanes the edge tiles discard).
/// </summary>
internal static unsafe class GemmPacking
{
    private const int Rows = GemmMicrokernel.Rows;

    /// <summary>
    /// Packs rows [0, <paramref name="rows"/>) and steps [0, <paramref name="kc"/>) of A, starting at
    /// <paramref name="a"/> = &amp;a(m0, k0), into ⌈rows / 8⌉ micro-rows of 8·kc floats each. a(m, k) is
    /// <c>a[k·lda + m]</c> when <paramref name="transposed"/>, else <c>a[m·lda + k]</c>. When
    /// <paramref name="rowSums"/> is not null, <c>rowSums[m] += Σ_k a(m, k)</c>, taken from the packed values.
    /// </summary>
    public static void PackA(float* a, nint lda, bool transposed, int rows, int kc, float* dst, float* rowSums)
    {
        if (transposed)
        {
            PackByColumns(a, lda, rows, kc, dst, rowSums);
            return;
        }

        for (int p = 0; p < rows; p += Rows)
        {
            int r = Math.Min(Rows, rows - p);
            Vector256<float> sums = PackMicroRowByRows(a + (p * lda), lda, r, kc, dst + ((nint)p * kc));
            if (rowSums != null)
            {
                for (int i = 0; i < r; i++)
                {
                    rowSums[p + i] += sums.GetElement(i);
                }
            }
        }
    }

    /// <summary>
    /// Packs one B panel of <paramref name="w"/> columns (the first <paramref name="cols"/> real, the rest zero)
    /// over all <paramref name="depth"/> steps, from <paramref name="b"/> = &amp;b(0, n0), where b(k, n) =
    /// <c>b[n·ldb + k]</c>: the nn.Linear weight in the forward product, whose rows are the panel's columns.
    /// </summary>
    public static void PackTransposedPanel(float* b, nint ldb, int cols, int w, int depth, float* dst)
        => PackPanelByRows(b, ldb, cols, w, depth, dst);

    /// <summary>
    /// Packs steps [k0, k1) of every panel of a chunk of B where b(k, n) = <c>b[k·ldb + n]</c> (row-major), from
    /// <paramref name="b"/> = &amp;b(0, n0) of the chunk's first column. The item's rows are brought in from memory
    /// once, whole, and stay in L1/L2 while each panel takes its columns; packing panel by panel over all of K
    /// would instead stride through every row of B once per panel. Panel p starts at <c>dst + p·nr·depth</c>, is min(nr, cols − p·nr) columns
    /// wide rounded up to <paramref name="quantum"/> (zero-padded), and stores step k at <c>k·width</c>.
    /// </summary>
    public static void PackRowMajorSteps(float* b, nint ldb, int cols, int nr, int quantum, int depth, int k0, int k1, float* dst)
    {
        for (int p0 = 0; p0 < cols; p0 += nr)
        {
            int pc = Math.Min(nr, cols - p0);
            int w = (pc + quantum - 1) / quantum * quantum;
            float* panel = dst + ((nint)p0 * depth);
            PackPanelByColumns(b + (k0 * ldb) + p0, ldb, pc, w, k1 - k0, panel + ((nint)k0 * w));
        }
    }

    /// <summary>
    /// A block whose rows are contiguous per step (a(m, k) = src[k·ld + m], dy read as dyᵀ), 8 steps at a time:
    /// the 8 source rows are read front to back once, and each micro-row receives its 8 steps as 256 contiguous
    /// bytes (4 whole cache lines). Writing one step at a time instead would touch every micro-row per step, and
    /// micro-rows are 8·kc floats apart (4 KB at kc = 128), all in the same L1 set: dozens of partly written lines
    /// competing for 12 ways. Row sums are accumulated per 8 steps and added into <paramref name="rowSums"/>.
    /// </summary>
    private static void PackByColumns(float* src, nint ld, int rows, int kc, float* dst, float* rowSums)
    {
        int full = rows / Rows * Rows;
        int k = 0;
        for (; k <= kc - 8; k += 8)
        {
            float* s = src + (k * ld);
            float* d = dst + (k * Rows);
            int p = 0;
            for (; p < full; p += Rows)
            {
                float* sp = s + p;
                float* o = d + ((nint)p * kc);
                Vector256<float> v0 = Vector256.Load(sp);
                Vector256<float> v1 = Vector256.Load(sp + ld);
                Vector256<float> v2 = Vector256.Load(sp + (2 * ld));
                Vector256<float> v3 = Vector256.Load(sp + (3 * ld));
                Vector256<float> v4 = Vector256.Load(sp + (4 * ld));
                Vector256<float> v5 = Vector256.Load(sp + (5 * ld));
                Vector256<float> v6 = Vector256.Load(sp + (6 * ld));
                Vector256<float> v7 = Vector256.Load(sp + (7 * ld));
                v0.Store(o);
                v1.Store(o + 8);
                v2.Store(o + 16);
                v3.Store(o + 24);
                v4.Store(o + 32);
                v5.Store(o + 40);
                v6.Store(o + 48);
                v7.Store(o + 56);
                if (rowSums != null)
                {
                    (Vector256.Load(rowSums + p) + (((v0 + v1) + (v2 + v3)) + ((v4 + v5) + (v6 + v7)))).Store(rowSums + p);
                }
            }

            for (int j = 0; j < 8 && p < rows; j++)
            {
                PackPartialStep(s + (j * ld), rows, p, kc, d + (j * Rows), rowSums);
            }
        }

        for (; k < kc; k++)
        {
            float* s = src + (k * ld);
            float* d = dst + (k * Rows);
            int p = 0;
            for (; p < full; p += Rows)
            {
                Vector256<float> v = Vector256.Load(s + p);
                v.Store(d + ((nint)p * kc));
                if (rowSums != null)
                {
                    (Vector256.Load(rowSums + p) + v).Store(rowSums + p);
                }
            }

            if (p < rows)
            {
                PackPartialStep(s, rows, p, kc, d, rowSums);
            }
        }
    }

    /// <summary>One step of the last, partial micro-row (rows p to rows − 1, zeros after) of <see cref="PackByColumns"/>.</summary>
    private static void PackPartialStep(float* s, int rows, int p, int kc, float* d, float* rowSums)
    {
        float* o = d + ((nint)p * kc);
        for (int i = 0; i < Rows; i++)
        {
            float v = p + i < rows ? s[p + i] : 0f;
            o[i] = v;
            if (rowSums != null && p + i < rows)
            {
                rowSums[p + i] += v;
            }
        }
    }

    /// <summary>A micro-row whose rows are contiguous in k (a(i, k) = src[i·ld + k]): 8 × 8 register transposes.</summary>
    private static Vector256<float> PackMicroRowByRows(float* src, nint ld, int r, int kc, float* d)
    {
        Vector256<float> sums = Vector256<float>.Zero;
        int k = 0;
        if (r == Rows && Avx.IsSupported)
        {
            for (; k <= kc - 8; k += 8)
            {
                sums += Transpose8x8(src + k, ld, d + (k * Rows), Rows);
            }
        }

        for (; k < kc; k++)
        {
            float* o = d + (k * Rows);
            for (int i = 0; i < Rows; i++)
            {
                o[i] = i < r ? src[(i * ld) + k] : 0f;
            }

            sums += Vector256.Load(o);
        }

        return sums;
    }

    /// <summary>A panel whose columns are contiguous per step (b(k, j) = src[k·ld + j]): a copy per step, zero-padded to w.</summary>
    private static void PackPanelByColumns(float* src, nint ld, int cols, int w, int depth, float* dst)
    {
        for (int k = 0; k < depth; k++)
        {
            float* s = src + (k * ld);
            float* o = dst + ((nint)k * w);
            int j = 0;
            if (Vector512.IsHardwareAccelerated)
            {
                for (; j <= cols - 16; j += 16)
                {
                    Vector512.Load(s + j).Store(o + j);
                }
            }

            for (; j <= cols - 8; j += 8)
            {
                Vector256.Load(s + j).Store(o + j);
            }

            for (; j < cols; j++)
            {
                o[j] = s[j];
            }

            for (; j < w; j++)
            {
                o[j] = 0f;
            }
        }
    }

    /// <summary>A panel whose columns are contiguous in k (b(k, j) = src[j·ld + k]): 8 columns × 8 steps per transpose.</summary>
    private static void PackPanelByRows(float* src, nint ld, int cols, int w, int depth, float* dst)
    {
        for (int j0 = 0; j0 < w; j0 += 8)
        {
            int jr = Math.Min(8, cols - j0);
            float* s = src + (j0 * ld);
            float* o = dst + j0;
            int k = 0;
            if (jr == 8 && Avx.IsSupported)
            {
                for (; k <= depth - 8; k += 8)
                {
                    Transpose8x8(s + k, ld, o + ((nint)k * w), w);
                }
            }

            for (; k < depth; k++)
            {
                float* ok = o + ((nint)k * w);
                for (int j = 0; j < 8; j++)
                {
                    ok[j] = j < jr ? s[(j * ld) + k] : 0f;
                }
            }
        }
    }

    /// <summary>
    /// dst[c·dstStride + r] = src[r·srcStride + c] for an 8 × 8 block, in registers: two rounds of unpacks and
    /// shuffles within 128-bit lanes, then one lane exchange (24 shuffles for 64 elements, against 64 scalar
    /// loads and stores). Returns the sum of the 8 stored vectors, i.e. the 8 source rows' sums.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> Transpose8x8(float* src, nint srcStride, float* dst, nint dstStride)
    {
        Vector256<float> r0 = Vector256.Load(src);
        Vector256<float> r1 = Vector256.Load(src + srcStride);
        Vector256<float> r2 = Vector256.Load(src + (2 * srcStride));
        Vector256<float> r3 = Vector256.Load(src + (3 * srcStride));
        Vector256<float> r4 = Vector256.Load(src + (4 * srcStride));
        Vector256<float> r5 = Vector256.Load(src + (5 * srcStride));
        Vector256<float> r6 = Vector256.Load(src + (6 * srcStride));
        Vector256<float> r7 = Vector256.Load(src + (7 * srcStride));

        // Per 128-bit lane: t0 = [r0₀ r1₀ r0₁ r1₁], t1 = [r0₂ r1₂ r0₃ r1₃], and so on for the other row pairs.
        Vector256<float> t0 = Avx.UnpackLow(r0, r1);
        Vector256<float> t1 = Avx.UnpackHigh(r0, r1);
        Vector256<float> t2 = Avx.UnpackLow(r2, r3);
        Vector256<float> t3 = Avx.UnpackHigh(r2, r3);
        Vector256<float> t4 = Avx.UnpackLow(r4, r5);
        Vector256<float> t5 = Avx.UnpackHigh(r4, r5);
        Vector256<float> t6 = Avx.UnpackLow(r6, r7);
        Vector256<float> t7 = Avx.UnpackHigh(r6, r7);

        // Per lane: s0 = [r0₀ r1₀ r2₀ r3₀] (low pairs of t0, t2; 0x44), s1 = [r0₁ r1₁ r2₁ r3₁] (high pairs; 0xEE).
        Vector256<float> s0 = Avx.Shuffle(t0, t2, 0x44);
        Vector256<float> s1 = Avx.Shuffle(t0, t2, 0xEE);
        Vector256<float> s2 = Avx.Shuffle(t1, t3, 0x44);
        Vector256<float> s3 = Avx.Shuffle(t1, t3, 0xEE);
        Vector256<float> s4 = Avx.Shuffle(t4, t6, 0x44);
        Vector256<float> s5 = Avx.Shuffle(t4, t6, 0xEE);
        Vector256<float> s6 = Avx.Shuffle(t5, t7, 0x44);
        Vector256<float> s7 = Avx.Shuffle(t5, t7, 0xEE);

        // Low lanes (0x20) hold columns 0-3, high lanes (0x31) columns 4-7; rows 0-3 come from s0-s3, rows 4-7 from s4-s7.
        Vector256<float> o0 = Avx.Permute2x128(s0, s4, 0x20);
        Vector256<float> o1 = Avx.Permute2x128(s1, s5, 0x20);
        Vector256<float> o2 = Avx.Permute2x128(s2, s6, 0x20);
        Vector256<float> o3 = Avx.Permute2x128(s3, s7, 0x20);
        Vector256<float> o4 = Avx.Permute2x128(s0, s4, 0x31);
        Vector256<float> o5 = Avx.Permute2x128(s1, s5, 0x31);
        Vector256<float> o6 = Avx.Permute2x128(s2, s6, 0x31);
        Vector256<float> o7 = Avx.Permute2x128(s3, s7, 0x31);

        o0.Store(dst);
        o1.Store(dst + dstStride);
        o2.Store(dst + (2 * dstStride));
        o3.Store(dst + (3 * dstStride));
        o4.Store(dst + (4 * dstStride));
        o5.Store(dst + (5 * dstStride));
        o6.Store(dst + (6 * dstStride));
        o7.Store(dst + (7 * dstStride));
        return ((o0 + o1) + (o2 + o3)) + ((o4 + o5) + (o6 + o7));
    }
}
