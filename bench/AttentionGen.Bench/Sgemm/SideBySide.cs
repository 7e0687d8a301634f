using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Runtime.Intrinsics;
using AttentionGen.Runtime;

namespace AttentionGen.Bench.Sgemm;

/// <summary>
/// <c>dotnet run -c Release --project bench/AttentionGen.Bench -- sgemm [threshold]</c>: the packed GEMM against
/// the previous kernels, side by side in one run, as GFLOP/s and as the fraction of the FMA peak measured in the
/// same run (one core for the single-threaded columns, two for the threaded ones). Every variant is warmed up
/// past tiered compilation, then the variants alternate over several rounds and each reports its median.
/// </summary>
internal static unsafe class SideBySide
{
    private const int Rounds = 7;
    private const double BatchSeconds = 0.04;

    public static int Run(string[] args)
    {
        CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
        if (args.Length == 7 && args[1] == "loop")
        {
            // sgemm loop <forward|dx|dw> rows in out seconds: one product on one thread, repeated, for a profiler
            // (e.g. DOTNET_PerfMapEnabled=1 perf record), so the time splits into packing, kernels and the rest.
            Loop(args[2], int.Parse(args[3], CultureInfo.InvariantCulture), int.Parse(args[4], CultureInfo.InvariantCulture),
                int.Parse(args[5], CultureInfo.InvariantCulture), double.Parse(args[6], CultureInfo.InvariantCulture));
            return 0;
        }

        Console.WriteLine($"CPU: {CpuModel()}, {Environment.ProcessorCount} cores, Vector512 {(Vector512.IsHardwareAccelerated ? "yes" : "no")}, load {Load()}");
        double peak1 = FmaPeak.Measure(1), peak2 = FmaPeak.Measure(2);
        Console.WriteLine($"FMA peak (16 distinct chains per core): {peak1:F0} GFLOP/s on one core, {peak2:F0} on two");
        if (args.Length > 1 && args[1] == "threshold")
        {
            Threshold();
        }
        else
        {
            Microkernel();
            Products();
        }

        double end1 = FmaPeak.Measure(1), end2 = FmaPeak.Measure(2);
        Console.WriteLine($"FMA peak again at the end: {end1:F0} / {end2:F0} GFLOP/s; load {Load()}");
        return 0;
    }

    /// <summary>The 8 × 48 microkernel alone with its panels in L1 (kc = 128: 4 KB of A, 24 KB of B, C 1.5 KB).</summary>
    private static void Microkernel()
    {
        const int kc = 128;
        var a = new Operand(8 * kc);
        var b = new Operand(kc * 48);
        var c = new Operand(8 * 48);
        double flops = 2.0 * 8 * 48 * kc;
        const long chainSteps = 20_000;
        double[] t = MedianOfAlternating(
            () => FmaPeak.Run(chainSteps),
            () => GemmMicrokernel.Tile512<ThreeVectors>(a.P, b.P, kc, c.P, 48, null, true),
            () => GemmMicrokernel.Tile256<TwoVectors>(a.P, b.P, kc, c.P, 16, null, true));
        double p1 = (double)chainSteps * FmaPeak.FlopsPerIteration / t[0] / 1e9;
        double f2 = 2.0 * 8 * 16 * kc;
        Console.WriteLine($"one core's peak measured alongside the microkernels: {p1:F0} GFLOP/s");
        if (Vector512.IsHardwareAccelerated)
        {
            Console.WriteLine($"microkernel 8×48, kc {kc}, in L1: {flops / t[1] / 1e9:F0} GFLOP/s = {flops / t[1] / 1e9 / p1:P0} of the peak");
        }

        Console.WriteLine($"microkernel 8×16 (256-bit fallback), in L1: {f2 / t[2] / 1e9:F0} GFLOP/s = {f2 / t[2] / 1e9 / p1:P0} of the 512-bit peak");
    }

    private static void Products()
    {
        Console.WriteLine();
        Console.WriteLine("GFLOP/s; each row's peak is measured alternated with its products (same load)");
        Console.WriteLine("product                     | 1 core: peak  old   new  new/old  new/peak | 2 cores: peak  old   new  new/old  new/peak");
        foreach (int n in new[] { 128, 256, 512, 1024 })
        {
            // C (n × n) += A·B, both row-major: the old kernel's dx form, the GEMM's A·B.
            Case($"sgemm {n}³ (C += A·B)", Form.InputGradient, n, n, n);
        }

        foreach ((int rows, int inF, int outF) in new[] { (4096, 128, 384), (2048, 192, 768), (2048, 768, 192) })
        {
            Case($"{rows}×{inF}×{outF} forward", Form.Forward, rows, inF, outF);
            Case($"{rows}×{inF}×{outF} dx += dy·W", Form.InputGradient, rows, inF, outF);
            Case($"{rows}×{inF}×{outF} dW += dyᵀ·x", Form.WeightGradient, rows, inF, outF);
        }
    }

    private enum Form
    {
        Forward,
        InputGradient,
        WeightGradient,
    }

    /// <summary>One product of a linear layer with rows × inFeatures × outFeatures, old and new, one and two threads.</summary>
    private static void Case(string name, Form form, int rows, int inF, int outF)
    {
        var x = new Operand(rows * inF);
        var w = new Operand(outF * inF);
        var bias = new Operand(outF);
        var y = new Operand(rows * outF);
        var dx = new Operand(rows * inF);
        var dw = new Operand(outF * inF);
        var db = new Operand(outF);
        double flops = 2.0 * rows * inF * outF;

        Action Old(bool threaded) => form switch
        {
            Form.Forward => () => DotProductLinear.Forward(x.P, w.P, bias.P, y.P, rows, inF, outF, threaded),
            Form.InputGradient => () => DotProductLinear.InputGradient(x.P, w.P, y.P, dx.P, rows, inF, outF, threaded),
            _ => () => DotProductLinear.WeightGradient(x.P, y.P, dw.P, db.P, rows, inF, outF, threaded),
        };

        // The peak runs alternated with the products, so each fraction compares figures taken under the same load.
        const long chainSteps = 200_000;
        double chainFlops = (double)chainSteps * FmaPeak.FlopsPerIteration;
        double[] t = MedianOfAlternating(
            () => FmaPeak.Run(chainSteps), Old(false), New(form, rows, inF, outF, false), () => FmaPeak.RunOnTwo(chainSteps), Old(true), New(form, rows, inF, outF, true));
        double p1 = chainFlops / t[0] / 1e9, p2 = 2 * chainFlops / t[3] / 1e9;
        double g(int i) => flops / t[i] / 1e9;
        Console.WriteLine(
            $"{name,-27} | {p1,4:F0}  {g(1),5:F0} {g(2),5:F0}  {g(2) / g(1),5:F2}×  {g(2) / p1,5:P0} | " +
            $"{p2,4:F0}  {g(4),5:F0} {g(5),5:F0}  {g(5) / g(4),5:F2}×  {g(5) / p2,5:P0}");
    }

    private static void Loop(string form, int rows, int inF, int outF, double seconds)
    {
        Action product = New(form switch { "forward" => Form.Forward, "dx" => Form.InputGradient, _ => Form.WeightGradient }, rows, inF, outF, threaded: false);
        var sw = Stopwatch.StartNew();
        long calls = 0;
        while (sw.Elapsed.TotalSeconds < seconds)
        {
            product();
            calls++;
        }

        Console.WriteLine($"{form} {rows}×{inF}×{outF}: {2.0 * rows * inF * outF * calls / sw.Elapsed.TotalSeconds / 1e9:F0} GFLOP/s over {calls} calls");
    }

    /// <summary>The packed GEMM's product of this form, on fresh operands.</summary>
    private static Action New(Form form, int rows, int inF, int outF, bool threaded)
    {
        var x = new Operand(rows * inF);
        var w = new Operand(outF * inF);
        var bias = new Operand(outF);
        var y = new Operand(rows * outF);
        var dx = new Operand(rows * inF);
        var dw = new Operand(outF * inF);
        var db = new Operand(outF);
        var options = new GemmOptions(Vector512.IsHardwareAccelerated, threaded ? GemmOptions.DefaultParallelThreshold : long.MaxValue);
        GemmProblem p = form switch
        {
            Form.Forward => new GemmProblem { A = x.P, Lda = inF, B = w.P, Ldb = inF, BTransposed = true, C = y.P, Ldc = outF, M = rows, N = outF, K = inF, Bias = bias.P },
            Form.InputGradient => new GemmProblem { A = y.P, Lda = outF, B = w.P, Ldb = inF, C = dx.P, Ldc = inF, M = rows, N = inF, K = outF, Accumulate = true },
            _ => new GemmProblem { A = y.P, Lda = outF, ATransposed = true, B = x.P, Ldb = inF, C = dw.P, Ldc = inF, M = outF, N = inF, K = rows, Accumulate = true, ARowSums = db.P },
        };
        // The closure holds only raw pointers: keep the pinned arrays reachable for as long as it can run.
        var operands = new[] { x, w, bias, y, dx, dw, db };
        return () =>
        {
            Gemm.Multiply(in p, options);
            GC.KeepAlive(operands);
        };
    }

    /// <summary>Serial against threaded GEMM at growing sizes (model-like shapes), to place the threading threshold.</summary>
    private static void Threshold()
    {
        Console.WriteLine("rows × in × out = multiply-adds: serial GFLOP/s, threaded GFLOP/s, threaded/serial");
        foreach ((int rows, int inF, int outF) in new[]
        {
            (16, 64, 128), (32, 64, 128), (32, 128, 128), (64, 128, 128), (64, 128, 192), (128, 128, 128),
            (128, 128, 256), (128, 128, 384), (256, 128, 384), (512, 128, 384), (1024, 128, 384),
        })
        {
            var x = new Operand(rows * inF);
            var w = new Operand(outF * inF);
            var y = new Operand(rows * outF);
            GemmProblem p = new() { A = x.P, Lda = inF, B = w.P, Ldb = inF, BTransposed = true, C = y.P, Ldc = outF, M = rows, N = outF, K = inF };
            var serial = new GemmOptions(Vector512.IsHardwareAccelerated, long.MaxValue);
            var threaded = new GemmOptions(Vector512.IsHardwareAccelerated, 0);
            double[] t = MedianOfAlternating(() => Gemm.Multiply(in p, serial), () => Gemm.Multiply(in p, threaded));
            GC.KeepAlive(x); // the closures hold only the raw pointers
            GC.KeepAlive(w);
            GC.KeepAlive(y);
            double flops = 2.0 * rows * inF * outF;
            Console.WriteLine($"{rows,5} × {inF} × {outF} = {(long)rows * inF * outF,10:N0}: {flops / t[0] / 1e9,5:F0} {flops / t[1] / 1e9,5:F0}  {t[0] / t[1],5:F2}×");
        }
    }

    /// <summary>Seconds per call of each action: warmed up, then Rounds rounds in which each runs a ~40 ms batch in turn.</summary>
    private static double[] MedianOfAlternating(params Action[] actions)
    {
        var perCall = new List<double>[actions.Length];
        var batch = new int[actions.Length];
        for (int i = 0; i < actions.Length; i++)
        {
            perCall[i] = new List<double>();
            // At least 30 calls and a quarter second: tiered compilation promotes a method after 30 calls, but only once
            // 100 ms have passed without new tier-0 work, and until then the packing loops run as tier-0 code.
            var warmUp = Stopwatch.StartNew();
            for (int warm = 0; warm < 30 || warmUp.Elapsed.TotalSeconds < 0.25; warm++)
            {
                actions[i]();
            }

            var sw = Stopwatch.StartNew();
            actions[i]();
            batch[i] = Math.Max(1, (int)(BatchSeconds / Math.Max(sw.Elapsed.TotalSeconds, 1e-7)));
        }

        for (int round = 0; round < Rounds; round++)
        {
            for (int i = 0; i < actions.Length; i++)
            {
                var sw = Stopwatch.StartNew();
                for (int call = 0; call < batch[i]; call++)
                {
                    actions[i]();
                }

                perCall[i].Add(sw.Elapsed.TotalSeconds / batch[i]);
            }
        }

        return perCall.Select(list => list.OrderBy(v => v).ElementAt(list.Count / 2)).ToArray();
    }

    private static string CpuModel()
    {
        try
        {
            string? line = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal));
            return line == null ? "unknown" : line[(line.IndexOf(':') + 1)..].Trim();
        }
        catch (IOException)
        {
            return "unknown";
        }
    }

    private static string Load()
    {
        try
        {
            return File.ReadAllText("/proc/loadavg").Trim();
        }
        catch (IOException)
        {
            return "unknown";
        }
    }

    /// <summary>A pinned, 64-byte-aligned float buffer filled with small values, alive for the process.</summary>
    private sealed class Operand
    {
        private readonly float[] _array;

        public Operand(int length)
        {
            _array = GC.AllocateArray<float>(length + 16, pinned: true);
            var rng = new Random(length);
            for (int i = 0; i < _array.Length; i++)
            {
                _array[i] = (float)(rng.NextDouble() - 0.5) * 0.01f;
            }

            fixed (float* p = _array)
            {
                P = (float*)(((nint)p + 63) & ~(nint)63);
            }
        }

        public float* P { get; }
    }
}
