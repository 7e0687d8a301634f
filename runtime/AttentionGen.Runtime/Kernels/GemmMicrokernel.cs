using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace AttentionGen.Runtime;

/// <summary>How many vectors wide a packed B panel is; a type parameter so each width gets its own compiled kernel.</summary>
internal interface IPanelWidth
{
    /// <summary>Vectors per row of the panel (1 to 3 for 512-bit kernels, 1 to 2 for 256-bit ones).</summary>
    static abstract int Vectors { get; }
}

/// <summary>A panel one vector wide (16 columns at 512 bits, 8 at 256).</summary>
internal struct OneVector : IPanelWidth
{
    public static int Vectors => 1;
}

/// <summary>A panel two vectors wide.</summary>
internal struct TwoVectors : IPanelWidth
{
    public static int Vectors => 2;
}

/// <summary>A panel three vectors wide: the full 48-column panel of the 512-bit path.</summary>
internal struct ThreeVectors : IPanelWidth
{
    public static int Vectors => 3;
}

/// <summary>
/// The register-blocked outer-product microkernels of <see cref="Gemm"/>. Both operands come packed: per step k
/// the 8 values of A's rows, then the panel's columns of B, so every load is sequential and aligned to the panel.
/// They are marked AggressiveOptimization because tier-0 code of a 24-accumulator loop is an order of magnitude
/// slower and spills every accumulator; a kernel is only worth calling fully optimized.
/// </summary>
internal static unsafe class GemmMicrokernel
{
    /// <summary>Rows of C per tile (and of A per packed step): 8 broadcasts per step.</summary>
    public const int Rows = 8;

    /// <summary>
    /// C[8 × 16·<typeparamref name="TWidth"/>.Vectors] (row stride <paramref name="ldc"/>) = init + Σ_k a[k]·b[k] over
    /// <paramref name="kc"/> steps of packed panels: a holds 8 rows per step, b holds 16·Vectors columns per step.
    /// At three vectors the tile is 24 zmm accumulators, plus three B vectors and one broadcast = 28 of the 32
    /// registers; each step issues 24 independent FMAs against 3 loads and 8 broadcasts, enough independent chains
    /// (24 ≥ 2 pipes × 4 cycles latency) to keep both FMA pipes busy. init is C (when <paramref name="load"/>)
    /// plus the bias row (when <paramref name="bias"/> is not null): the epilogue happens in registers, not as a
    /// second pass. The width is a type parameter so the JIT drops the unused columns' code and registers.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Tile512<TWidth>(float* a, float* b, nint kc, float* c, nint ldc, float* bias, bool load)
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
        Vector512<float> i0 = default, i1 = default, i2 = default;
        if (bias != null)
        {
            i0 = Vector512.Load(bias);
            if (TWidth.Vectors > 1) i1 = Vector512.Load(bias + 16);
            if (TWidth.Vectors > 2) i2 = Vector512.Load(bias + 32);
        }

        if (load)
        {
            c00 = Vector512.Load(c) + i0;
            if (TWidth.Vectors > 1) c01 = Vector512.Load(c + 16) + i1;
            if (TWidth.Vectors > 2) c02 = Vector512.Load(c + 32) + i2;
            c10 = Vector512.Load(c + (1 * ldc)) + i0;
            if (TWidth.Vectors > 1) c11 = Vector512.Load(c + (1 * ldc) + 16) + i1;
            if (TWidth.Vectors > 2) c12 = Vector512.Load(c + (1 * ldc) + 32) + i2;
            c20 = Vector512.Load(c + (2 * ldc)) + i0;
            if (TWidth.Vectors > 1) c21 = Vector512.Load(c + (2 * ldc) + 16) + i1;
            if (TWidth.Vectors > 2) c22 = Vector512.Load(c + (2 * ldc) + 32) + i2;
            c30 = Vector512.Load(c + (3 * ldc)) + i0;
            if (TWidth.Vectors > 1) c31 = Vector512.Load(c + (3 * ldc) + 16) + i1;
            if (TWidth.Vectors > 2) c32 = Vector512.Load(c + (3 * ldc) + 32) + i2;
            c40 = Vector512.Load(c + (4 * ldc)) + i0;
            if (TWidth.Vectors > 1) c41 = Vector512.Load(c + (4 * ldc) + 16) + i1;
            if (TWidth.Vectors > 2) c42 = Vector512.Load(c + (4 * ldc) + 32) + i2;
            c50 = Vector512.Load(c + (5 * ldc)) + i0;
            if (TWidth.Vectors > 1) c51 = Vector512.Load(c + (5 * ldc) + 16) + i1;
            if (TWidth.Vectors > 2) c52 = Vector512.Load(c + (5 * ldc) + 32) + i2;
            c60 = Vector512.Load(c + (6 * ldc)) + i0;
            if (TWidth.Vectors > 1) c61 = Vector512.Load(c + (6 * ldc) + 16) + i1;
            if (TWidth.Vectors > 2) c62 = Vector512.Load(c + (6 * ldc) + 32) + i2;
            c70 = Vector512.Load(c + (7 * ldc)) + i0;
            if (TWidth.Vectors > 1) c71 = Vector512.Load(c + (7 * ldc) + 16) + i1;
            if (TWidth.Vectors > 2) c72 = Vector512.Load(c + (7 * ldc) + 32) + i2;
        }
        else
        {
            c00 = i0;
            c01 = i1;
            c02 = i2;
            c10 = i0;
            c11 = i1;
            c12 = i2;
            c20 = i0;
            c21 = i1;
            c22 = i2;
            c30 = i0;
            c31 = i1;
            c32 = i2;
            c40 = i0;
            c41 = i1;
            c42 = i2;
            c50 = i0;
            c51 = i1;
            c52 = i2;
            c60 = i0;
            c61 = i1;
            c62 = i2;
            c70 = i0;
            c71 = i1;
            c72 = i2;
        }

        for (nint k = 0; k < kc; k++)
        {
            Vector512<float> b0 = Vector512.Load(b);
            Vector512<float> b1 = TWidth.Vectors > 1 ? Vector512.Load(b + 16) : default;
            Vector512<float> b2 = TWidth.Vectors > 2 ? Vector512.Load(b + 32) : default;
            Vector512<float> x0 = Vector512.Create(a[0]);
            c00 = Vector512.FusedMultiplyAdd(x0, b0, c00);
            if (TWidth.Vectors > 1) c01 = Vector512.FusedMultiplyAdd(x0, b1, c01);
            if (TWidth.Vectors > 2) c02 = Vector512.FusedMultiplyAdd(x0, b2, c02);
            Vector512<float> x1 = Vector512.Create(a[1]);
            c10 = Vector512.FusedMultiplyAdd(x1, b0, c10);
            if (TWidth.Vectors > 1) c11 = Vector512.FusedMultiplyAdd(x1, b1, c11);
            if (TWidth.Vectors > 2) c12 = Vector512.FusedMultiplyAdd(x1, b2, c12);
            Vector512<float> x2 = Vector512.Create(a[2]);
            c20 = Vector512.FusedMultiplyAdd(x2, b0, c20);
            if (TWidth.Vectors > 1) c21 = Vector512.FusedMultiplyAdd(x2, b1, c21);
            if (TWidth.Vectors > 2) c22 = Vector512.FusedMultiplyAdd(x2, b2, c22);
            Vector512<float> x3 = Vector512.Create(a[3]);
            c30 = Vector512.FusedMultiplyAdd(x3, b0, c30);
            if (TWidth.Vectors > 1) c31 = Vector512.FusedMultiplyAdd(x3, b1, c31);
            if (TWidth.Vectors > 2) c32 = Vector512.FusedMultiplyAdd(x3, b2, c32);
            Vector512<float> x4 = Vector512.Create(a[4]);
            c40 = Vector512.FusedMultiplyAdd(x4, b0, c40);
            if (TWidth.Vectors > 1) c41 = Vector512.FusedMultiplyAdd(x4, b1, c41);
            if (TWidth.Vectors > 2) c42 = Vector512.FusedMultiplyAdd(x4, b2, c42);
            Vector512<float> x5 = Vector512.Create(a[5]);
            c50 = Vector512.FusedMultiplyAdd(x5, b0, c50);
            if (TWidth.Vectors > 1) c51 = Vector512.FusedMultiplyAdd(x5, b1, c51);
            if (TWidth.Vectors > 2) c52 = Vector512.FusedMultiplyAdd(x5, b2, c52);
            Vector512<float> x6 = Vector512.Create(a[6]);
            c60 = Vector512.FusedMultiplyAdd(x6, b0, c60);
            if (TWidth.Vectors > 1) c61 = Vector512.FusedMultiplyAdd(x6, b1, c61);
            if (TWidth.Vectors > 2) c62 = Vector512.FusedMultiplyAdd(x6, b2, c62);
            Vector512<float> x7 = Vector512.Create(a[7]);
            c70 = Vector512.FusedMultiplyAdd(x7, b0, c70);
            if (TWidth.Vectors > 1) c71 = Vector512.FusedMultiplyAdd(x7, b1, c71);
            if (TWidth.Vectors > 2) c72 = Vector512.FusedMultiplyAdd(x7, b2, c72);
            a += 8;
            b += 16 * TWidth.Vectors;
        }

        c00.Store(c);
        if (TWidth.Vectors > 1) c01.Store(c + 16);
        if (TWidth.Vectors > 2) c02.Store(c + 32);
        c10.Store(c + (1 * ldc));
        if (TWidth.Vectors > 1) c11.Store(c + (1 * ldc) + 16);
        if (TWidth.Vectors > 2) c12.Store(c + (1 * ldc) + 32);
        c20.Store(c + (2 * ldc));
        if (TWidth.Vectors > 1) c21.Store(c + (2 * ldc) + 16);
        if (TWidth.Vectors > 2) c22.Store(c + (2 * ldc) + 32);
        c30.Store(c + (3 * ldc));
        if (TWidth.Vectors > 1) c31.Store(c + (3 * ldc) + 16);
        if (TWidth.Vectors > 2) c32.Store(c + (3 * ldc) + 32);
        c40.Store(c + (4 * ldc));
        if (TWidth.Vectors > 1) c41.Store(c + (4 * ldc) + 16);
        if (TWidth.Vectors > 2) c42.Store(c + (4 * ldc) + 32);
        c50.Store(c + (5 * ldc));
        if (TWidth.Vectors > 1) c51.Store(c + (5 * ldc) + 16);
        if (TWidth.Vectors > 2) c52.Store(c + (5 * ldc) + 32);
        c60.Store(c + (6 * ldc));
        if (TWidth.Vectors > 1) c61.Store(c + (6 * ldc) + 16);
        if (TWidth.Vectors > 2) c62.Store(c + (6 * ldc) + 32);
        c70.Store(c + (7 * ldc));
        if (TWidth.Vectors > 1) c71.Store(c + (7 * ldc) + 16);
        if (TWidth.Vectors > 2) c72.Store(c + (7 * ldc) + 32);
    }

    /// <summary>
    /// The same contract with 256-bit vectors, for CPUs without AVX-512: 8 rows × 8·Vectors columns, run as two
    /// passes of four rows so a pass needs at most 8 accumulators + 2 B vectors + 1 broadcast = 11 of the 16 ymm
    /// registers AVX2 has (a single 8 × 16 pass would need 19 and spill). The second pass re-reads the B panel,
    /// which the first pass just brought into L1: 6 loads per 8 FMAs, within two loads per cycle.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Tile256<TWidth>(float* a, float* b, nint kc, float* c, nint ldc, float* bias, bool load)
        where TWidth : struct, IPanelWidth
    {
        Half256<TWidth>(a, b, kc, c, ldc, bias, load);
        Half256<TWidth>(a + 4, b, kc, c + (4 * ldc), ldc, bias, load);
    }

    /// <summary>Four rows of <see cref="Tile256{TWidth}"/>; <paramref name="a"/> still steps 8 floats per k.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Half256<TWidth>(float* a, float* b, nint kc, float* c, nint ldc, float* bias, bool load)
        where TWidth : struct, IPanelWidth
    {
        Vector256<float> c00 = default, c01 = default;
        Vector256<float> c10 = default, c11 = default;
        Vector256<float> c20 = default, c21 = default;
        Vector256<float> c30 = default, c31 = default;
        Vector256<float> i0 = default, i1 = default;
        if (bias != null)
        {
            i0 = Vector256.Load(bias);
            if (TWidth.Vectors > 1) i1 = Vector256.Load(bias + 8);
        }

        if (load)
        {
            c00 = Vector256.Load(c) + i0;
            if (TWidth.Vectors > 1) c01 = Vector256.Load(c + 8) + i1;
            c10 = Vector256.Load(c + (1 * ldc)) + i0;
            if (TWidth.Vectors > 1) c11 = Vector256.Load(c + (1 * ldc) + 8) + i1;
            c20 = Vector256.Load(c + (2 * ldc)) + i0;
            if (TWidth.Vectors > 1) c21 = Vector256.Load(c + (2 * ldc) + 8) + i1;
            c30 = Vector256.Load(c + (3 * ldc)) + i0;
            if (TWidth.Vectors > 1) c31 = Vector256.Load(c + (3 * ldc) + 8) + i1;
        }
        else
        {
            c00 = i0;
            c01 = i1;
            c10 = i0;
            c11 = i1;
            c20 = i0;
            c21 = i1;
            c30 = i0;
            c31 = i1;
        }

        for (nint k = 0; k < kc; k++)
        {
            Vector256<float> b0 = Vector256.Load(b);
            Vector256<float> b1 = TWidth.Vectors > 1 ? Vector256.Load(b + 8) : default;
            Vector256<float> x0 = Vector256.Create(a[0]);
            c00 = Vector256.FusedMultiplyAdd(x0, b0, c00);
            if (TWidth.Vectors > 1) c01 = Vector256.FusedMultiplyAdd(x0, b1, c01);
            Vector256<float> x1 = Vector256.Create(a[1]);
            c10 = Vector256.FusedMultiplyAdd(x1, b0, c10);
            if (TWidth.Vectors > 1) c11 = Vector256.FusedMultiplyAdd(x1, b1, c11);
            Vector256<float> x2 = Vector256.Create(a[2]);
            c20 = Vector256.FusedMultiplyAdd(x2, b0, c20);
            if (TWidth.Vectors > 1) c21 = Vector256.FusedMultiplyAdd(x2, b1, c21);
            Vector256<float> x3 = Vector256.Create(a[3]);
            c30 = Vector256.FusedMultiplyAdd(x3, b0, c30);
            if (TWidth.Vectors > 1) c31 = Vector256.FusedMultiplyAdd(x3, b1, c31);
            a += 8;
            b += 8 * TWidth.Vectors;
        }

        c00.Store(c);
        if (TWidth.Vectors > 1) c01.Store(c + 8);
        c10.Store(c + (1 * ldc));
        if (TWidth.Vectors > 1) c11.Store(c + (1 * ldc) + 8);
        c20.Store(c + (2 * ldc));
        if (TWidth.Vectors > 1) c21.Store(c + (2 * ldc) + 8);
        c30.Store(c + (3 * ldc));
        if (TWidth.Vectors > 1) c31.Store(c + (3 * ldc) + 8);
    }
}
