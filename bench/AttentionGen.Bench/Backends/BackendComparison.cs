using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using AttentionGen.Bench.Sgemm;
using AttentionGen.Checkpoints;

namespace AttentionGen.Bench.Backends;

/// <summary>
/// Native versus TorchSharp on the same declared model and the same weights (the module is the model's generated
/// <c>Torch</c> type, filled by <c>ToTorch()</c>): forward, and a training step (forward, cross-entropy, backward,
/// AdamW) or forward + backward, for the workloads W1–W4 of the speed issue (Workloads.cs).
/// <code>dotnet run -c Release --project bench/AttentionGen.Bench -- backends [rounds] [calls] [--threads 1,2] [--only text] [--no-memory]</code>
/// Per case: the FMA peak of all cores is measured first, under the load of that moment; then per row each side is
/// warmed up (10 calls: .NET's tiered JIT promotes a method after 30 calls and a background delay, and every
/// call runs each kernel several times) and timed in alternated rounds: native, then TorchSharp with each libtorch
/// thread count of <c>--threads</c> (set between blocks with <c>torch.set_num_threads</c>). The table gives each
/// side's median over all rounds, the ratio of the faster TorchSharp setting to native, each side's model-FLOPs
/// utilization against that peak, and the 1-minute load average at the row's start and end (this run's own threads
/// count in it). Then each side's peak working memory is measured in a child process per row (PeakMemory.cs),
/// TorchSharp with its faster thread count. <c>--only</c> keeps the rows whose name contains the text.
/// </summary>
public static class BackendComparison
{
    private const int Warmup = 10;

    /// <summary>Calls a memory child runs: the first allocates the optimizer's state and the buffers, the next show the steady state.</summary>
    private const int MemoryCalls = 3;

    public static int Run(string[] args)
    {
        // The child is dispatched before anything touches TorchSharp, so a native child never loads libtorch.
        if (args.Length > 0 && args[0] == PeakMemory.ChildFlag) return RunMemoryChild(args[1..]);
        Compare(args);
        return 0;
    }

    private sealed record Result(
        Row Row, double Native, IReadOnlyDictionary<int, double> Torch, int BestThreads, double FmaPeak, double LoadBefore, double LoadAfter)
    {
        public PeakMemory.Reading? NativeMemory { get; set; }
        public PeakMemory.Reading? TorchMemory { get; set; }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void Compare(string[] args)
    {
        var positional = new List<int>();
        int[] threads = [1, 2];
        string only = "";
        bool memory = true;
        for (int i = 0; i < args.Length; i++)
        {
            if (args[i] == "--threads") threads = args[++i].Split(',').Select(t => int.Parse(t, CultureInfo.InvariantCulture)).ToArray();
            else if (args[i] == "--only") only = args[++i];
            else if (args[i] == "--no-memory") memory = false;
            else positional.Add(int.Parse(args[i], CultureInfo.InvariantCulture));
        }

        int rounds = positional.Count > 0 ? positional[0] : 3;
        int calls = positional.Count > 1 ? positional[1] : 10;
        Console.WriteLine($"{DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC; {CpuModel()}, {Environment.ProcessorCount} cores; .NET {Environment.Version}; "
            + $"TorchSharp {typeof(TorchSharp.torch).Assembly.GetName().Version!.ToString(3)}, libtorch threads {string.Join(" and ", threads)}; load average {LoadAverage():F2}");
        Console.WriteLine($"{rounds} alternated rounds of {calls} timed calls after {Warmup} warm-up calls per side (W4: its own, printed below); medians in ms");

        var results = new List<Result>();
        foreach (var modelCase in Workloads.All())
        {
            var rows = Enumerable.Range(0, modelCase.Rows.Length).Where(i => modelCase.Rows[i].Name.Contains(only, StringComparison.Ordinal)).ToArray();
            if (rows.Length == 0) continue;
            var timing = modelCase.Timing ?? new Timing(Warmup, rounds, calls, MemoryCalls);
            if (modelCase.Timing is not null)
                Console.WriteLine($"{modelCase.Name}: {timing.Warmup} warm-up calls, {timing.Rounds} rounds of {timing.Calls} call{(timing.Calls == 1 ? "" : "s")}, {timing.MemoryCalls} calls per memory child");

            string? weights = memory ? Path.Combine(Path.GetTempPath(), $"attentiongen-bench-{modelCase.Name}-{Environment.ProcessId}.safetensors") : null;
            var caseResults = TimeCase(modelCase, rows, timing, threads, weights);
            GC.Collect(); // the case's models are gone: the next case (and the children) should not share the machine's memory with them
            if (weights is not null)
            {
                try
                {
                    foreach (var result in caseResults)
                    {
                        result.NativeMemory = PeakMemory.Measure(result.Row.Name, "native", 0, timing.MemoryCalls, weights);
                        result.TorchMemory = PeakMemory.Measure(result.Row.Name, "torch", result.BestThreads, timing.MemoryCalls, weights);
                        if (result.NativeMemory.LibtorchMapped)
                            Console.WriteLine($"  warning: the native memory child of {result.Row.Name} had libtorch mapped; its peak includes it.");
                        Console.WriteLine($"  {result.Row.Name}: peak working set native {Mib(result.NativeMemory.PeakBytes)} MiB, "
                            + $"TorchSharp {Mib(result.TorchMemory.PeakBytes)} MiB");
                    }
                }
                finally
                {
                    File.Delete(weights);
                }
            }

            results.AddRange(caseResults);
        }

        PrintTables(results, threads, memory);
    }

    /// <summary>
    /// Times the rows of one case on both sides, built once with the same weights; with <paramref name="weights"/>, then
    /// writes the weights there for the memory children.
    /// </summary>
    private static List<Result> TimeCase(ModelCase modelCase, int[] rows, Timing timing, int[] threads, string? weights)
    {
        // The peak under the load of this moment, so each case's utilization divides by a comparable figure.
        double peak = FmaPeak.Measure(Environment.ProcessorCount);
        var native = modelCase.CreateNative();
        var torch = modelCase.CreateTorch(native.Model, null);
        var results = new List<Result>();
        foreach (int i in rows)
        {
            double loadBefore = LoadAverage();
            for (int w = 0; w < timing.Warmup; w++)
            {
                native.Calls[i]();
                foreach (int t in threads)
                {
                    TorchSharp.torch.set_num_threads(t);
                    torch.Calls[i]();
                }
            }

            var nativeTimes = new List<double>();
            var torchTimes = threads.ToDictionary(t => t, _ => new List<double>());
            for (int round = 0; round < timing.Rounds; round++)
            {
                nativeTimes.AddRange(Time(native.Calls[i], timing.Calls));
                foreach (int t in threads)
                {
                    TorchSharp.torch.set_num_threads(t);
                    torchTimes[t].AddRange(Time(torch.Calls[i], timing.Calls));
                }
            }

            var torchMedians = threads.ToDictionary(t => t, t => Median(torchTimes[t]));
            int best = threads.MinBy(t => torchMedians[t]);
            var result = new Result(modelCase.Rows[i], Median(nativeTimes), torchMedians, best, peak, loadBefore, LoadAverage());
            results.Add(result);
            Console.WriteLine($"  {result.Row.Name}: native {result.Native:F1} ms; TorchSharp "
                + string.Join(", ", threads.Select(t => $"{torchMedians[t]:F1} ms on {t} thread{(t == 1 ? "" : "s")}"))
                + $"; FMA peak {peak:F0} GFLOP/s; load {loadBefore:F2} → {result.LoadAfter:F2}");
        }

        // The memory children take the weights this run used from a file, which they read into place.
        if (weights is not null) Checkpoint.SaveWeights(native.Model, weights);
        torch.Dispose();
        return results;
    }

    private static void PrintTables(List<Result> results, int[] threads, bool memory)
    {
        Console.WriteLine();
        Console.WriteLine("| workload | native (ms) | " + string.Join(" | ", threads.Select(t => $"TorchSharp {t} thread{(t == 1 ? "" : "s")} (ms)"))
            + " | TorchSharp ÷ native | native MFU | TorchSharp MFU | FMA peak (GFLOP/s) | load average |");
        Console.WriteLine("| --- | ---: | " + string.Join(" | ", threads.Select(_ => "---:")) + " | ---: | ---: | ---: | ---: | --- |");
        foreach (var r in results)
        {
            double best = r.Torch[r.BestThreads];
            Console.WriteLine($"| {r.Row.Name} | {r.Native:F1} | "
                + string.Join(" | ", threads.Select(t => $"{r.Torch[t]:F1}{(t == r.BestThreads && threads.Length > 1 ? "*" : "")}"))
                + $" | {best / r.Native:F2} | {Mfu(r.Row, r.Native, r.FmaPeak):F0} % | {Mfu(r.Row, best, r.FmaPeak):F0} % | {r.FmaPeak:F0} | {r.LoadBefore:F2} → {r.LoadAfter:F2} |");
        }

        Console.WriteLine("(* the faster libtorch thread count, used for the ratio, the utilization and the memory child; "
            + "MFU: matrix-product FLOPs ÷ time ÷ the FMA peak of all cores measured before the case)");
        if (!memory) return;
        Console.WriteLine();
        Console.WriteLine("| workload | native peak (MiB) | native before the model (MiB) | TorchSharp peak (MiB) | TorchSharp before the module (MiB) | TorchSharp ÷ native |");
        Console.WriteLine("| --- | ---: | ---: | ---: | ---: | ---: |");
        foreach (var r in results)
        {
            var n = r.NativeMemory!;
            var t = r.TorchMemory!;
            Console.WriteLine($"| {r.Row.Name} | {Mib(n.PeakBytes)} | {Mib(n.BaseBytes)} | {Mib(t.PeakBytes)} ({r.BestThreads} thread{(r.BestThreads == 1 ? "" : "s")}) | "
                + $"{Mib(t.BaseBytes)} | {(double)t.PeakBytes / n.PeakBytes:F2} |");
        }

        Console.WriteLine("(peak resident set, VmHWM, of a child process that builds one side and runs the call a few times; "
            + "\"before\": its resident set once the runtime, and for TorchSharp libtorch, is loaded)");
    }

    /// <summary>A memory child: builds one side of one row's case, runs the row's call, and reports its peak resident set.</summary>
    private static int RunMemoryChild(string[] args)
    {
        string rowName = args[0], side = args[1];
        int threads = int.Parse(args[2], CultureInfo.InvariantCulture), calls = int.Parse(args[3], CultureInfo.InvariantCulture);
        string weights = args[4];
        foreach (var modelCase in Workloads.All())
        {
            int row = Array.FindIndex(modelCase.Rows, r => r.Name == rowName);
            if (row < 0) continue;
            if (side == "native") NativeChild(modelCase, row, calls);
            else TorchChild(modelCase, row, threads, calls, weights);
            return 0;
        }

        Console.Error.WriteLine($"No workload row is named '{rowName}'.");
        return 1;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void NativeChild(ModelCase modelCase, int row, int calls)
    {
        long baseBytes = PeakMemory.ResidentBytes();
        var native = modelCase.CreateNative();
        for (int i = 0; i < calls; i++) native.Calls[row]();
        PeakMemory.Report(baseBytes);
    }

    /// <summary>Kept apart from <see cref="NativeChild"/> so that only this method's JIT and calls reach TorchSharp.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void TorchChild(ModelCase modelCase, int row, int threads, int calls, string weights)
    {
        TorchSharp.torch.set_num_threads(threads); // loads libtorch, which the base then includes
        long baseBytes = PeakMemory.ResidentBytes();
        var torch = modelCase.CreateTorch(null, weights);
        for (int i = 0; i < calls; i++) torch.Calls[row]();
        PeakMemory.Report(baseBytes);
        torch.Dispose();
    }

    private static double Mfu(Row row, double milliseconds, double peakGflops) => 100 * row.Flops / (milliseconds / 1000) / (peakGflops * 1e9);

    private static long Mib(long bytes) => (bytes + (1 << 19)) >> 20;

    /// <summary>The 1-minute load average (Linux), NaN elsewhere.</summary>
    private static double LoadAverage() =>
        File.Exists("/proc/loadavg") ? double.Parse(File.ReadAllText("/proc/loadavg").Split(' ')[0], CultureInfo.InvariantCulture) : double.NaN;

    private static string CpuModel()
    {
        string? line = File.Exists("/proc/cpuinfo") ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal)) : null;
        return line is null ? RuntimeInformation.ProcessArchitecture.ToString() : line[(line.IndexOf(':') + 1)..].Trim();
    }

    private static IEnumerable<double> Time(Action action, int calls)
    {
        var times = new double[calls];
        for (int i = 0; i < calls; i++)
        {
            long start = Stopwatch.GetTimestamp();
            action();
            times[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        }

        return times;
    }

    private static double Median(List<double> values)
    {
        var sorted = values.OrderBy(v => v).ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }
}
