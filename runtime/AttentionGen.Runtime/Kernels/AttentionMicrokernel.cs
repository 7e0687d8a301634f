using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace AttentionGen.Runtime;

/// <summary>
/// The register-blocked tile every product inside <see cref="Attention"/> runs on: C (8 × 16·Vectors) [+]= Σ_k
/// a(r, k)·b(k, ·), with A read through two strides, so the same kernel multiplies by a matrix or by its transpose
/// without a copy (Q·Kᵀ reads query rows, dOᵀ·P reads the output gradient down its columns), and B row-major with
/// stride <c>ldb</c>. Like <see cref="GemmMicrokernel"/>: 8 broadcasts and up to 3 vector loads per step against
/// up to 24 independent FMAs held in 24 zmm accumulators; the width is a type parameter so each width compiles
/// without the unused columns.
/// </summary>
internal static unsafe class AttentionMicrokernel
{
    /// <summary>Rows of C per tile.</summary>
    public const int Rows = 8;

    /// <summary>
    /// C[r·ldc + ·] = (load ? C : 0) + Σ_{k &lt; kc} A[r·ars + k·aks]·B[k·ldb + ·] for r &lt; 8 and 16·Vectors columns.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Tile<TWidth>(float* a, nint ars, nint aks, float* b, nint ldb, nint kc, float* c, nint ldc, bool load)
        where TWidth : struct, IPanelWidth
    {
        Vector512<float> c00 = default, c01 = default, c02 = default;
        Vector512<float> c10 = default, c11 = default, c12 = default;
        Vector512<float> c20 = default, c21 = default, c22 = default;
        Vector512<float> c30 = default, c31 = default, c32 = default;
        Vector512<float> c40 = default, c41 = default, c42 = default;
        Vector512<float> c50 = default, c51 = default, c52 = default;
        Vector512<float> c60 = default, c61 = default, c62 = default;
        Vector512<float> c70 = default, c71 = default, c72 = default;
        if (load)
        {
            c00 = Vector512.Load(c + (0 * ldc) + 0);
            if (TWidth.Vectors > 1) c01 = Vector512.Load(c + (0 * ldc) + 16);
            if (TWidth.Vectors > 2) c02 = Vector512.Load(c + (0 * ldc) + 32);
            c10 = Vector512.Load(c + (1 * ldc) + 0);
            if (TWidth.Vectors > 1) c11 = Vector512.Load(c + (1 * ldc) + 16);
            if (TWidth.Vectors > 2) c12 = Vector512.Load(c + (1 * ldc) + 32);
            c20 = Vector512.Load(c + (2 * ldc) + 0);
            if (TWidth.Vectors > 1) c21 = Vector512.Load(c + (2 * ldc) + 16);
            if (TWidth.Vectors > 2) c22 = Vector512.Load(c + (2 * ldc) + 32);
            c30 = Vector512.Load(c + (3 * ldc) + 0);
            if (TWidth.Vectors > 1) c31 = Vector512.Load(c + (3 * ldc) + 16);
            if (TWidth.Vectors > 2) c32 = Vector512.Load(c + (3 * ldc) + 32);
            c40 = Vector512.Load(c + (4 * ldc) + 0);
            if (TWidth.Vectors > 1) c41 = Vector512.Load(c + (4 * ldc) + 16);
            if (TWidth.Vectors > 2) c42 = Vector512.Load(c + (4 * ldc) + 32);
            c50 = Vector512.Load(c + (5 * ldc) + 0);
            if (TWidth.Vectors > 1) c51 = Vector512.Load(c + (5 * ldc) + 16);
            if (TWidth.Vectors > 2) c52 = Vector512.Load(c + (5 * ldc) + 32);
            c60 = Vector512.Load(c + (6 * ldc) + 0);
            if (TWidth.Vectors > 1) c61 = Vector512.Load(c + (6 * ldc) + 16);
            if (TWidth.Vectors > 2) c62 = Vector512.Load(c + (6 * ldc) + 32);
            c70 = Vector512.Load(c + (7 * ldc) + 0);
            if (TWidth.Vectors > 1) c71 = Vector512.Load(c + (7 * ldc) + 16);
            if (TWidth.Vectors > 2) c72 = Vector512.Load(c + (7 * ldc) + 32);
        }

        float* a0 = a;
        float* a1 = a + ars;
        float* a2 = a1 + ars;
        float* a3 = a2 + ars;
        float* a4 = a3 + ars;
        float* a5 = a4 + ars;
        float* a6 = a5 + ars;
        float* a7 = a6 + ars;
        for (nint k = 0; k < kc; k++)
        {
            nint ak = k * aks;
            Vector512<float> b0 = Vector512.Load(b);
            Vector512<float> b1 = TWidth.Vectors > 1 ? Vector512.Load(b + 16) : default;
            Vector512<float> b2 = TWidth.Vectors > 2 ? Vector512.Load(b + 32) : default;
            Vector512<float> x0 = Vector512.Create(a0[ak]);
            c00 = Vector512.FusedMultiplyAdd(x0, b0, c00);
            if (TWidth.Vectors > 1) c01 = Vector512.FusedMultiplyAdd(x0, b1, c01);
            if (TWidth.Vectors > 2) c02 = Vector512.FusedMultiplyAdd(x0, b2, c02);
            Vector512<float> x1 = Vector512.Create(a1[ak]);
            c10 = Vector512.FusedMultiplyAdd(x1, b0, c10);
            if (TWidth.Vectors > 1) c11 = Vector512.FusedMultiplyAdd(x1, b1, c11);
            if (TWidth.Vectors > 2) c12 = Vector512.FusedMultiplyAdd(x1, b2, c12);
            Vector512<float> x2 = Vector512.Create(a2[ak]);
            c20 = Vector512.FusedMultiplyAdd(x2, b0, c20);
            if (TWidth.Vectors > 1) c21 = Vector512.FusedMultiplyAdd(x2, b1, c21);
            if (TWidth.Vectors > 2) c22 = Vector512.FusedMultiplyAdd(x2, b2, c22);
            Vector512<float> x3 = Vector512.Create(a3[ak]);
            c30 = Vector512.FusedMultiplyAdd(x3, b0, c30);
            if (TWidth.Vectors > 1) c31 = Vector512.FusedMultiplyAdd(x3, b1, c31);
            if (TWidth.Vectors > 2) c32 = Vector512.FusedMultiplyAdd(x3, b2, c32);
            Vector512<float> x4 = Vector512.Create(a4[ak]);
            c40 = Vector512.FusedMultiplyAdd(x4, b0, c40);
            if (TWidth.Vectors > 1) c41 = Vector512.FusedMultiplyAdd(x4, b1, c41);
            if (TWidth.Vectors > 2) c42 = Vector512.FusedMultiplyAdd(x4, b2, c42);
            Vector512<float> x5 = Vector512.Create(a5[ak]);
            c50 = Vector512.FusedMultiplyAdd(x5, b0, c50);
            if (TWidth.Vectors > 1) c51 = Vector512.FusedMultiplyAdd(x5, b1, c51);
            if (TWidth.Vectors > 2) c52 = Vector512.FusedMultiplyAdd(x5, b2, c52);
            Vector512<float> x6 = Vector512.Create(a6[ak]);
            c60 = Vector512.FusedMultiplyAdd(x6, b0, c60);
            if (TWidth.Vectors > 1) c61 = Vector512.FusedMultiplyAdd(x6, b1, c61);
            if (TWidth.Vectors > 2) c62 = Vector512.FusedMultiplyAdd(x6, b2, c62);
            Vector512<float> x7 = Vector512.Create(a7[ak]);
            c70 = Vector512.FusedMultiplyAdd(x7, b0, c70);
            if (TWidth.Vectors > 1) c71 = Vector512.FusedMultiplyAdd(x7, b1, c71);
            if (TWidth.Vectors > 2) c72 = Vector512.FusedMultiplyAdd(x7, b2, c72);
            b += ldb;
        }

        c00.Store(c + (0 * ldc) + 0);
        if (TWidth.Vectors > 1) c01.Store(c + (0 * ldc) + 16);
        if (TWidth.Vectors > 2) c02.Store(c + (0 * ldc) + 32);
        c10.Store(c + (1 * ldc) + 0);
        if (TWidth.Vectors > 1) c11.Store(c + (1 * ldc) + 16);
        if (TWidth.Vectors > 2) c12.Store(c + (1 * ldc) + 32);
        c20.Store(c + (2 * ldc) + 0);
        if (TWidth.Vectors > 1) c21.Store(c + (2 * ldc) + 16);
        if (TWidth.Vectors > 2) c22.Store(c + (2 * ldc) + 32);
        c30.Store(c + (3 * ldc) + 0);
        if (TWidth.Vectors > 1) c31.Store(c + (3 * ldc) + 16);
        if (TWidth.Vectors > 2) c32.Store(c + (3 * ldc) + 32);
        c40.Store(c + (4 * ldc) + 0);
        if (TWidth.Vectors > 1) c41.Store(c + (4 * ldc) + 16);
        if (TWidth.Vectors > 2) c42.Store(c + (4 * ldc) + 32);
        c50.Store(c + (5 * ldc) + 0);
        if (TWidth.Vectors > 1) c51.Store(c + (5 * ldc) + 16);
        if (TWidth.Vectors > 2) c52.Store(c + (5 * ldc) + 32);
        c60.Store(c + (6 * ldc) + 0);
        if (TWidth.Vectors > 1) c61.Store(c + (6 * ldc) + 16);
        if (TWidth.Vectors > 2) c62.Store(c + (6 * ldc) + 32);
        c70.Store(c + (7 * ldc) + 0);
        if (TWidth.Vectors > 1) c71.Store(c + (7 * ldc) + 16);
        if (TWidth.Vectors > 2) c72.Store(c + (7 * ldc) + 32);
    }

    /// <summary>
    /// The same product over any multiple of 16 columns (<paramref name="cols"/>) and of 8 rows (<paramref name="rows"/>):
    /// tiles of 48 columns, then one of 32 or 16 for the rest; 64 columns (a head of 64) as two tiles of 32, which keep
    /// 16 accumulators busy each instead of a 48 and a 16 that leaves the second tile at 8.
    /// </summary>
    public static void Product(float* a, nint ars, nint aks, float* b, nint ldb, nint kc, int rows, int cols, float* c, nint ldc, bool load)
    {
        int c0 = 0;
        while (c0 < cols)
        {
            int w = cols - c0;
            int step = w == 64 || w == 32 ? 32 : w >= 48 ? 48 : 16;
            for (int r0 = 0; r0 < rows; r0 += Rows)
            {
                float* ar = a + (r0 * ars);
                float* cr = c + (r0 * ldc) + c0;
                switch (step)
                {
                    case 48: Tile<ThreeVectors>(ar, ars, aks, b + c0, ldb, kc, cr, ldc, load); break;
                    case 32: Tile<TwoVectors>(ar, ars, aks, b + c0, ldb, kc, cr, ldc, load); break;
                    default: Tile<OneVector>(ar, ars, aks, b + c0, ldb, kc, cr, ldc, load); break;
                }
            }

            c0 += step;
        }
    }
}
