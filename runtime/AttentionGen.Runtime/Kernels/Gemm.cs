using System;
using System.Runtime.Intrinsics;

namespace AttentionGen.Runtime;

/// <summary>
/// One matrix product <c>C (M × N) = [C +] A (M × K) · B (K × N) [+ bias]</c> over caller memory. Each operand
/// is read through its own layout, so the three products of a linear layer need no transposed copies: forward
/// <c>y = x·Wᵀ + b</c> (B transposed), <c>dx += dy·W</c>, <c>dW += dyᵀ·x</c> (A transposed) with <c>db += Σ dy</c>
/// taken from A's packed values.
/// </summary>
internal unsafe struct GemmProblem
{
    /// <summary>A: a(m, k) = A[m·Lda + k], or A[k·Lda + m] when <see cref="ATransposed"/>.</summary>
    public float* A;
    public nint Lda;
    public bool ATransposed;

    /// <summary>B: b(k, n) = B[k·Ldb + n], or B[n·Ldb + k] when <see cref="BTransposed"/> (an (N, K) weight).</summary>
    public float* B;
    public nint Ldb;
    public bool BTransposed;

    /// <summary>
    /// When not null, B already packed whole by <see cref="GemmPlan.PackWeight"/> for this product's N, K and kernel
    /// width (an nn.Linear weight kept packed between calls, <see cref="WeightPanels"/>): the product reads it and packs
    /// nothing. <see cref="B"/> is then not read.
    /// </summary>
    public float* PackedB;

    /// <summary>C, row-major with stride <see cref="Ldc"/>; must not overlap A, B, bias or the row sums.</summary>
    public float* C;
    public nint Ldc;

    public int M;
    public int N;
    public int K;

    /// <summary>N values added to every row of C, or null.</summary>
    public float* Bias;

    /// <summary>Adds the product to C instead of overwriting it (a gradient, or a residual the product lands on).</summary>
    public bool Accumulate;

    /// <summary>When not null, <c>ARowSums[m] += Σ_k a(m, k)</c> as a by-product of packing A (dBias from dyᵀ).</summary>
    public float* ARowSums;

    /// <summary>
    /// When not null, M × N values (stride <see cref="Ldc"/>) the epilogue adds to the finished product, tile by tile
    /// while each tile of C is still in L1: <c>C = residual + A·B + bias</c>, a Transformer sub-layer's output landing
    /// on the residual stream without a separate pass over both tensors. Must not overlap C.
    /// </summary>
    public float* Residual;

    /// <summary>
    /// When not null, the epilogue also writes <c>Activated[m·Ldc + n] = f(C[m·Ldc + n])</c> with f =
    /// <see cref="Activation"/>, tile by tile while each finished tile of C is still in L1 (a feed-forward layer's
    /// linear1: C keeps the pre-activation its backward pass reads). Same stride as C; must not overlap anything.
    /// </summary>
    public float* Activated;

    /// <summary>The function of <see cref="Activated"/>.</summary>
    public AttentionGen.Activation Activation;
}

/// <summary>How a product runs: which vector width, and from how much work it is split across threads.</summary>
internal readonly struct GemmOptions
{
    /// <summary>
    /// Multiply-adds (M·N·K) from which a product runs on the worker pool. Waking a parked worker costs 5-30 µs
    /// and a polling one about 1 µs; 2^20 multiply-adds take about 10 µs on one core at 200 GFLOP/s, so below that
    /// the second core could save at most a few microseconds and a late wake-up would eat them. The side-by-side
    /// command (<c>sgemm threshold</c> in bench/) places it; on the shared build machine of this change the second
    /// core was never free (two-core FMA peak equal to one core's), so the measurement could not move it from the
    /// value the previous kernels used. See bench/README.md.
    /// </summary>
    public const long DefaultParallelThreshold = 1L << 20;

    public GemmOptions(bool vector512, long parallelThreshold)
    {
        Vector512 = vector512;
        ParallelThreshold = parallelThreshold;
    }

    /// <summary>512-bit kernels when the CPU runs them natively; the product threaded from <see cref="DefaultParallelThreshold"/>.</summary>
    public static GemmOptions Default => new(System.Runtime.Intrinsics.Vector512.IsHardwareAccelerated, DefaultParallelThreshold);

    /// <summary>Use the 512-bit microkernel (8 × 48); otherwise the 256-bit one (8 × 16).</summary>
    public bool Vector512 { get; }

    /// <summary>Multiply-adds from which the pool is used; <see cref="long.MaxValue"/> keeps the product on the calling thread.</summary>
    public long ParallelThreshold { get; }
}

/// <summary>The packed, register-blocked SGEMM the linear layers run on; see <see cref="GemmPlan"/> for the blocking.</summary>
internal static unsafe class Gemm
{
    /// <summary>Computes <paramref name="problem"/> with the default options.</summary>
    public static void Multiply(in GemmProblem problem) => Multiply(in problem, GemmOptions.Default);

    /// <summary>Computes <paramref name="problem"/>; its pointers must stay valid (pinned) until this returns.</summary>
    public static void Multiply(in GemmProblem problem, in GemmOptions options)
    {
        if (problem.M <= 0)
        {
            return;
        }

        if (problem.N <= 0 || problem.K <= 0)
        {
            Degenerate(in problem);
            return;
        }

        GemmScratch scratch = GemmScratch.Current;
        long work = (long)problem.M * problem.N * problem.K;
        bool threaded = work >= options.ParallelThreshold && GemmWorkers.Count > 0;
        var plan = new GemmPlan(in problem, options.Vector512, threaded ? GemmWorkers.Count + 1 : 1, scratch);

        // The caller's packed-A buffer first: when the pool runs every compute item of a first call, a later call
        // that finds the pool busy and runs alone would otherwise allocate it then.
        plan.ReservePackedA(scratch);
        if (threaded && plan.Items > 1 && GemmWorkers.TryRun(in plan))
        {
            return;
        }

        // Serial: the items in order, which also satisfies every panel-before-use dependency.
        for (int item = 0; item < plan.Items; item++)
        {
            plan.Run(item, scratch);
        }
    }

    /// <summary>N = 0 or K = 0: no product, but the bias still lands in C and the row sums of A still count.</summary>
    private static void Degenerate(in GemmProblem p)
    {
        if (p.N > 0)
        {
            for (int m = 0; m < p.M; m++)
            {
                float* c = p.C + (m * p.Ldc);
                if (!p.Accumulate)
                {
                    Simd.Clear(c, p.N);
                }

                if (p.Bias != null)
                {
                    Simd.Add(p.Bias, c, p.N);
                }

                if (p.Residual != null)
                {
                    Simd.Add(p.Residual + (m * p.Ldc), c, p.N);
                }
            }
        }

        if (p.ARowSums != null && p.K > 0)
        {
            for (int m = 0; m < p.M; m++)
            {
                float s = 0f;
                for (int k = 0; k < p.K; k++)
                {
                    s += p.ATransposed ? p.A[(k * p.Lda) + m] : p.A[(m * p.Lda) + k];
                }

                p.ARowSums[m] += s;
            }
        }
    }
}
