using System;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Threading;

namespace AttentionGen.Bench.Sgemm;

/// <summary>
/// The machine's FMA peak, measured rather than read from a datasheet: 16 independent chains of 512-bit (or
/// 256-bit) fused multiply-adds per core, each started from a different value so no compiler can merge them,
/// which covers 2 pipes × 4-5 cycles of latency with room to spare.
/// </summary>
internal static class FmaPeak
{
    /// <summary>GFLOP/s of <paramref name="threads"/> cores running the chains at once, over about <paramref name="seconds"/>.</summary>
    public static double Measure(int threads, double seconds = 0.3)
    {
        Chains(1000); // JIT: straight to the optimized code (AggressiveOptimization) but touched once anyway.
        long iterations = 1_000_000;
        // Size the run from a short calibration so the measurement lasts about `seconds`.
        var sw = Stopwatch.StartNew();
        Chains(iterations);
        iterations = Math.Max(iterations, (long)(iterations * seconds / Math.Max(sw.Elapsed.TotalSeconds, 1e-6)));

        using var start = new Barrier(threads + 1);
        var workers = new Thread[threads];
        for (int t = 0; t < threads; t++)
        {
            workers[t] = new Thread(() =>
            {
                start.SignalAndWait();
                Chains(iterations);
            });
            workers[t].Start();
        }

        start.SignalAndWait();
        sw.Restart();
        foreach (Thread w in workers)
        {
            w.Join();
        }

        double flops = (double)threads * iterations * FlopsPerIteration;
        return flops / sw.Elapsed.TotalSeconds / 1e9;
    }

    /// <summary>
    /// One core's chains for <paramref name="iterations"/> steps, to run alternated with the products so the peak
    /// is measured under the same load as them; <see cref="FlopsPerIteration"/> flops per step.
    /// </summary>
    public static void Run(long iterations) => Chains(iterations);

    /// <summary>Two cores' chains at once (a second thread and the caller).</summary>
    public static void RunOnTwo(long iterations)
    {
        System.Threading.Tasks.Parallel.Invoke(() => Chains(iterations), () => Chains(iterations));
    }

    public static int FlopsPerIteration => 16 * 2 * (Vector512.IsHardwareAccelerated ? 16 : 8);

    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static float Chains(long iterations)
    {
        if (Vector512.IsHardwareAccelerated)
        {
            Vector512<float> m = Vector512.Create(0.999999f), a = Vector512.Create(1e-7f);
            Vector512<float> c0 = Vector512.Create(0.10f), c1 = Vector512.Create(0.11f), c2 = Vector512.Create(0.12f), c3 = Vector512.Create(0.13f);
            Vector512<float> c4 = Vector512.Create(0.14f), c5 = Vector512.Create(0.15f), c6 = Vector512.Create(0.16f), c7 = Vector512.Create(0.17f);
            Vector512<float> c8 = Vector512.Create(0.18f), c9 = Vector512.Create(0.19f), ca = Vector512.Create(0.20f), cb = Vector512.Create(0.21f);
            Vector512<float> cc = Vector512.Create(0.22f), cd = Vector512.Create(0.23f), ce = Vector512.Create(0.24f), cf = Vector512.Create(0.25f);
            for (long i = 0; i < iterations; i++)
            {
                c0 = Vector512.FusedMultiplyAdd(c0, m, a); c1 = Vector512.FusedMultiplyAdd(c1, m, a);
                c2 = Vector512.FusedMultiplyAdd(c2, m, a); c3 = Vector512.FusedMultiplyAdd(c3, m, a);
                c4 = Vector512.FusedMultiplyAdd(c4, m, a); c5 = Vector512.FusedMultiplyAdd(c5, m, a);
                c6 = Vector512.FusedMultiplyAdd(c6, m, a); c7 = Vector512.FusedMultiplyAdd(c7, m, a);
                c8 = Vector512.FusedMultiplyAdd(c8, m, a); c9 = Vector512.FusedMultiplyAdd(c9, m, a);
                ca = Vector512.FusedMultiplyAdd(ca, m, a); cb = Vector512.FusedMultiplyAdd(cb, m, a);
                cc = Vector512.FusedMultiplyAdd(cc, m, a); cd = Vector512.FusedMultiplyAdd(cd, m, a);
                ce = Vector512.FusedMultiplyAdd(ce, m, a); cf = Vector512.FusedMultiplyAdd(cf, m, a);
            }

            return Vector512.Sum(((c0 + c1) + (c2 + c3)) + ((c4 + c5) + (c6 + c7)) + ((c8 + c9) + (ca + cb)) + ((cc + cd) + (ce + cf)));
        }

        Vector256<float> n = Vector256.Create(0.999999f), b = Vector256.Create(1e-7f);
        Vector256<float> d0 = Vector256.Create(0.10f), d1 = Vector256.Create(0.11f), d2 = Vector256.Create(0.12f), d3 = Vector256.Create(0.13f);
        Vector256<float> d4 = Vector256.Create(0.14f), d5 = Vector256.Create(0.15f), d6 = Vector256.Create(0.16f), d7 = Vector256.Create(0.17f);
        Vector256<float> d8 = Vector256.Create(0.18f), d9 = Vector256.Create(0.19f), da = Vector256.Create(0.20f), db = Vector256.Create(0.21f);
        Vector256<float> dc = Vector256.Create(0.22f), dd = Vector256.Create(0.23f), de = Vector256.Create(0.24f), df = Vector256.Create(0.25f);
        for (long i = 0; i < iterations; i++)
        {
            d0 = Vector256.FusedMultiplyAdd(d0, n, b); d1 = Vector256.FusedMultiplyAdd(d1, n, b);
            d2 = Vector256.FusedMultiplyAdd(d2, n, b); d3 = Vector256.FusedMultiplyAdd(d3, n, b);
            d4 = Vector256.FusedMultiplyAdd(d4, n, b); d5 = Vector256.FusedMultiplyAdd(d5, n, b);
            d6 = Vector256.FusedMultiplyAdd(d6, n, b); d7 = Vector256.FusedMultiplyAdd(d7, n, b);
            d8 = Vector256.FusedMultiplyAdd(d8, n, b); d9 = Vector256.FusedMultiplyAdd(d9, n, b);
            da = Vector256.FusedMultiplyAdd(da, n, b); db = Vector256.FusedMultiplyAdd(db, n, b);
            dc = Vector256.FusedMultiplyAdd(dc, n, b); dd = Vector256.FusedMultiplyAdd(dd, n, b);
            de = Vector256.FusedMultiplyAdd(de, n, b); df = Vector256.FusedMultiplyAdd(df, n, b);
        }

        return Vector256.Sum(((d0 + d1) + (d2 + d3)) + ((d4 + d5) + (d6 + d7)) + ((d8 + d9) + (da + db)) + ((dc + dd) + (de + df)));
    }
}
