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
/// The side-by-side runner: AttentionGen's native code against TorchSharp 0.107 (the model's generated <c>Torch</c>
/// module, filled by <c>ToTorch()</c>, so the same weights; fused scaled_dot_product_attention) and PyTorch 1.13
/// (pytorch_peer.py, the same modules written in PyTorch, loaded with the same weights; PyTorchPeer.cs), on the speed
/// issue's workloads W1–W4 and on the linear products of sgemm 1024³ and the models' shapes (Workloads.cs,
/// GemmCases.cs).
/// <code>dotnet run -c Release --project bench/AttentionGen.Bench -- backends [rounds] [calls] [--threads 1,2] [--pytorch 1x1,1x2,2x1,2x2 | --no-pytorch] [--only a,b] [--skip a,b] [--no-memory]</code>
/// Per case: the FMA peak of all cores is measured first, under the load of that moment; then per row each side is
/// warmed up (.NET sides 10 calls: .NET's tiered JIT promotes a method after 30 calls and a background delay, and
/// every call runs each kernel several times; PyTorch 3, it has no JIT to wait for) and timed in alternated rounds of
/// <c>calls</c> calls: native, then TorchSharp with each libtorch thread count of <c>--threads</c>, then PyTorch with
/// each setting of <c>--pytorch</c> (torch threads × OpenBLAS threads). The table gives each side's median over all
/// its rounds (its best setting), the ratio of the best peer to native, each side's model-FLOPs utilization against
/// that peak, and the 1-minute load average at the row's start and end (this run's own threads count in it). Then
/// each side's peak working memory is measured in a child process per row (PeakMemory.cs; PyTorch's own child
/// reports its VmHWM), each peer with its best setting.
/// </summary>
public static class BackendComparison
{
    private const int Warmup = 10;

    /// <summary>PyTorch's warm-up calls: its first call allocates its caches, and it has no JIT tiers to wait for.</summary>
    private const int PeerWarmup = 3;

    /// <summary>Calls a memory child runs: the first allocates the optimizer's state and the buffers, the next show the steady state.</summary>
    private const int MemoryCalls = 3;

    public static int Run(string[] args)
    {
        // The child is dispatched before anything touches TorchSharp, so a native child never loads libtorch.
        if (args.Length > 0 && args[0] == PeakMemory.ChildFlag) return RunMemoryChild(args[1..]);
        Options options;
        try
        {
            options = Options.Parse(args);
        }
        catch (FormatException error)
        {
            Console.Error.WriteLine($"backends: {error.Message}");
            return 2;
        }

        Compare(options);
        return 0;
    }

    /// <summary>One PyTorch setting: torch's intra-op threads and OpenBLAS's threads (fixed per process).</summary>
    internal readonly record struct PeerSetting(int TorchThreads, int BlasThreads)
    {
        public override string ToString() => $"{TorchThreads}×{BlasThreads}";
    }

    private sealed record Options(int Rounds, int Calls, int[] Threads, PeerSetting[] Peer, string[] Only, string[] Skip, bool Memory)
    {
        public static Options Parse(string[] args)
        {
            var positional = new List<int>();
            int[] threads = [1, 2];
            PeerSetting[] peer = [new(1, 1), new(2, 1), new(1, 2), new(2, 2)];
            string[] only = [], skip = [];
            bool memory = true;
            for (int i = 0; i < args.Length; i++)
            {
                string Value() => i + 1 < args.Length ? args[++i] : throw new FormatException($"{args[i]} needs a value.");
                switch (args[i])
                {
                    case "--threads": threads = Value().Split(',').Select(t => Count(t, "--threads")).ToArray(); break;
                    case "--pytorch": peer = Value().Split(',').Select(ParseSetting).ToArray(); break;
                    case "--no-pytorch": peer = []; break;
                    case "--only": only = Value().Split(','); break;
                    case "--skip": skip = Value().Split(','); break;
                    case "--no-memory": memory = false; break;
                    default: positional.Add(Count(args[i], positional.Count == 0 ? "rounds" : "calls")); break;
                }
            }

            if (positional.Count > 2) throw new FormatException($"at most two numbers (rounds, calls), not {positional.Count}.");
            return new(positional.Count > 0 ? positional[0] : 3, positional.Count > 1 ? positional[1] : 10, threads, peer, only, skip, memory);
        }

        public bool Keeps(string row) =>
            (Only.Length == 0 || Only.Any(o => row.Contains(o, StringComparison.Ordinal))) && !Skip.Any(s => row.Contains(s, StringComparison.Ordinal));

        private static PeerSetting ParseSetting(string text)
        {
            string[] parts = text.Split('x', '×');
            if (parts.Length != 2) throw new FormatException($"--pytorch takes torch threads × OpenBLAS threads as TxB (e.g. 2x1), not '{text}'.");
            return new(Count(parts[0], "--pytorch"), Count(parts[1], "--pytorch"));
        }

        private static int Count(string text, string what) =>
            int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int value) && value > 0
                ? value
                : throw new FormatException($"{what} must be a positive whole number, not '{text}'.");
    }

    private sealed record Result(
        Row Row, bool IsGemm, double Native, IReadOnlyDictionary<int, double> Torch, int BestThreads,
        IReadOnlyDictionary<PeerSetting, double> PyTorch, double FmaPeak, double LoadBefore, double LoadAfter)
    {
        public double BestTorch => Torch[BestThreads];

        public PeerSetting? BestPeerSetting => PyTorch.Count == 0 ? null : PyTorch.MinBy(p => p.Value).Key;

        public double BestPyTorch => PyTorch.Count == 0 ? double.NaN : PyTorch.Values.Min();

        public double BestPeer => PyTorch.Count == 0 ? BestTorch : Math.Min(BestTorch, BestPyTorch);

        public PeakMemory.Reading? NativeMemory { get; set; }
        public PeakMemory.Reading? TorchMemory { get; set; }
        public PeakMemory.Reading? PyTorchMemory { get; set; }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void Compare(Options options)
    {
        CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
        Console.WriteLine($"{DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC; load average {LoadAverage():F2} (1 minute) at the start");
        Console.WriteLine($"{CpuModel()}, {Environment.ProcessorCount} cores; .NET {Environment.Version}; "
            + $"TorchSharp {typeof(TorchSharp.torch).Assembly.GetName().Version!.ToString(3)}, libtorch threads {string.Join(" and ", options.Threads)}");
        double peak1 = FmaPeak.Measure(1), peakAll = FmaPeak.Measure(Environment.ProcessorCount);
        Console.WriteLine($"FMA peak (16 distinct 512-bit chains per core): {peak1:F0} GFLOP/s on one core, {peakAll:F0} on {Environment.ProcessorCount}");

        var peers = new Dictionary<int, PyTorchPeer>();
        try
        {
            foreach (int blas in options.Peer.Select(p => p.BlasThreads).Distinct())
            {
                peers[blas] = PyTorchPeer.Start(blas);
                var info = peers[blas].Info();
                Console.WriteLine($"PyTorch {info["torch"]} (Python {info["python"]}), OPENBLAS_NUM_THREADS={blas}: OpenBLAS kernels '{info["openblas_core"]}' "
                    + $"({string.Join(", ", info["blas"]!.AsArray().Select(b => Path.GetFileName(b!.GetValue<string>())))}), environment {info["openblas_env"]!.ToJsonString()}");
            }

            if (options.Peer.Length > 0)
                Console.WriteLine($"PyTorch settings (torch threads × OpenBLAS threads): {string.Join(", ", options.Peer)}; each row keeps its best");
            Console.WriteLine($"{options.Rounds} alternated rounds of {options.Calls} timed calls after {Warmup} warm-up calls per .NET side and {PeerWarmup} per PyTorch setting "
                + "(W4, W3 at 4096 and the GEMM products: their own, printed below); medians in ms");
            var results = Run(options, peers);
            PrintTables(results, options);
        }
        finally
        {
            foreach (var peer in peers.Values) peer.Dispose();
        }
    }

    private static List<Result> Run(Options options, Dictionary<int, PyTorchPeer> peers)
    {
        var results = new List<Result>();
        var wins = new Dictionary<PeerSetting, int>();
        foreach (var modelCase in Workloads.All())
        {
            var rows = Enumerable.Range(0, modelCase.Rows.Length).Where(i => options.Keeps(modelCase.Rows[i].Name)).ToArray();
            if (rows.Length == 0) continue;
            var timing = modelCase.Timing ?? new Timing(Warmup, options.Rounds, options.Calls, MemoryCalls);
            // A case of seconds per call runs PyTorch only with the setting that won most rows so far.
            var settings = timing.BestPeerSettingOnly && wins.Count > 0 ? [wins.MaxBy(w => w.Value).Key] : options.Peer;
            if (modelCase.Timing is not null)
                Console.WriteLine($"{modelCase.Name}: {timing.Warmup} warm-up calls, {timing.Rounds} rounds of {timing.Calls} call{(timing.Calls == 1 ? "" : "s")}, "
                    + $"{timing.MemoryCalls} calls per memory child" + (settings.Length > 0 ? $"; PyTorch {string.Join(", ", settings)}" : ""));

            bool memory = options.Memory && !modelCase.IsGemm;
            string? weights = !modelCase.IsGemm && (memory || settings.Length > 0)
                ? Path.Combine(Path.GetTempPath(), $"attentiongen-bench-{modelCase.Name.Replace(' ', '-')}-{Environment.ProcessId}.safetensors")
                : null;
            try
            {
                var caseResults = TimeCase(modelCase, rows, timing, options.Threads, settings, peers, weights);
                foreach (var result in caseResults)
                {
                    if (result.BestPeerSetting is { } best) wins[best] = wins.GetValueOrDefault(best) + 1;
                }

                GC.Collect(); // the case's models are gone: the next case (and the children) should not share the machine's memory with them
                if (memory)
                {
                    foreach (var result in caseResults)
                    {
                        result.NativeMemory = PeakMemory.Measure(result.Row.Name, "native", 0, timing.MemoryCalls, weights!);
                        result.TorchMemory = PeakMemory.Measure(result.Row.Name, "torch", result.BestThreads, timing.MemoryCalls, weights!);
                        if (result.BestPeerSetting is { } peer)
                            result.PyTorchMemory = PyTorchPeer.Memory(result.Row.Name, peer.BlasThreads, peer.TorchThreads, timing.MemoryCalls, weights);
                        if (result.NativeMemory.LibtorchMapped)
                            Console.WriteLine($"  warning: the native memory child of {result.Row.Name} had libtorch mapped; its peak includes it.");
                        Console.WriteLine($"  {result.Row.Name}: peak working set native {Mib(result.NativeMemory.PeakBytes)} MiB, "
                            + $"TorchSharp {Mib(result.TorchMemory.PeakBytes)} MiB"
                            + (result.PyTorchMemory is { } p ? $", PyTorch {Mib(p.PeakBytes)} MiB" : ""));
                    }
                }

                results.AddRange(caseResults);
            }
            finally
            {
                if (weights is not null) File.Delete(weights);
            }
        }

        return results;
    }

    /// <summary>One side of a row: its label, and a function that times n calls (in ms) where that side runs.</summary>
    private sealed record Side(string Label, int Warmup, Func<int, IEnumerable<double>> Time);

    /// <summary>
    /// Times the rows of one case on every side, all built once with the same weights (written to <paramref name="weights"/>
    /// for the PyTorch peers and the memory children).
    /// </summary>
    private static List<Result> TimeCase(
        ModelCase modelCase, int[] rows, Timing timing, int[] threads, PeerSetting[] settings, Dictionary<int, PyTorchPeer> peers, string? weights)
    {
        // The peak under the load of this moment, so each case's utilization divides by a comparable figure.
        double peak = FmaPeak.Measure(Environment.ProcessorCount);
        var native = modelCase.CreateNative();
        if (weights is not null) Checkpoint.SaveWeights(native.Model!, weights);
        var torch = modelCase.CreateTorch(native.Model, null);
        var usedPeers = settings.Select(s => s.BlasThreads).Distinct().Select(b => peers[b]).ToArray();
        foreach (var peer in usedPeers) peer.Build(modelCase.Name, weights);
        var results = new List<Result>();
        try
        {
            foreach (int i in rows)
            {
                string row = modelCase.Rows[i].Name;
                var sides = new List<Side> { new("native", timing.Warmup, n => Time(native.Calls[i], n)) };
                sides.AddRange(threads.Select(t => new Side($"TorchSharp {t}", timing.Warmup, n =>
                {
                    TorchSharp.torch.set_num_threads(t);
                    return Time(torch.Calls[i], n);
                })));
                sides.AddRange(settings.Select(s => new Side($"PyTorch {s}", Math.Min(timing.Warmup, PeerWarmup), n => peers[s.BlasThreads].Time(row, s.TorchThreads, n))));

                double loadBefore = LoadAverage();
                foreach (var side in sides)
                {
                    Settle();
                    side.Time(side.Warmup).ToArray();
                }

                var times = sides.ToDictionary(s => s.Label, _ => new List<double>());
                for (int round = 0; round < timing.Rounds; round++)
                {
                    foreach (var side in sides)
                    {
                        Settle();
                        times[side.Label].AddRange(side.Time(timing.Calls));
                    }
                }

                var torchMedians = threads.ToDictionary(t => t, t => Median(times[$"TorchSharp {t}"]));
                var peerMedians = settings.ToDictionary(s => s, s => Median(times[$"PyTorch {s}"]));
                var result = new Result(modelCase.Rows[i], modelCase.IsGemm, Median(times["native"]), torchMedians, threads.MinBy(t => torchMedians[t]),
                    peerMedians, peak, loadBefore, LoadAverage());
                results.Add(result);
                Console.WriteLine($"  {row}: native {result.Native:F1} ms; TorchSharp "
                    + string.Join(", ", threads.Select(t => $"{torchMedians[t]:F1} ms on {t} thread{(t == 1 ? "" : "s")}"))
                    + (settings.Length > 0 ? "; PyTorch " + string.Join(", ", settings.Select(s => $"{peerMedians[s]:F1} ms at {s}")) : "")
                    + $"; FMA peak {peak:F0} GFLOP/s; load {loadBefore:F2} → {result.LoadAfter:F2}");
            }
        }
        finally
        {
            foreach (var peer in usedPeers) peer.Free();
            torch.Dispose();
        }

        return results;
    }

    private static void PrintTables(List<Result> results, Options options)
    {
        bool pytorch = options.Peer.Length > 0;
        string Star(bool best) => best && options.Threads.Length > 1 ? "*" : "";
        var models = results.Where(r => !r.IsGemm).ToList();
        if (models.Count > 0)
        {
            Console.WriteLine();
            Console.WriteLine("| workload | native (ms) | " + string.Join(" | ", options.Threads.Select(t => $"TorchSharp {t} thread{(t == 1 ? "" : "s")} (ms)"))
                + (pytorch ? " | PyTorch best (ms) | PyTorch setting" : "")
                + " | best peer ÷ native | native MFU | TorchSharp MFU" + (pytorch ? " | PyTorch MFU" : "") + " | FMA peak (GFLOP/s) | load average |");
            Console.WriteLine("| --- | ---: | " + string.Join(" | ", options.Threads.Select(_ => "---:")) + (pytorch ? " | ---: | --- " : "")
                + " | ---: | ---: | ---:" + (pytorch ? " | ---:" : "") + " | ---: | --- |");
            foreach (var r in models)
            {
                Console.WriteLine($"| {r.Row.Name} | {r.Native:F1} | "
                    + string.Join(" | ", options.Threads.Select(t => $"{r.Torch[t]:F1}{Star(t == r.BestThreads)}"))
                    + (pytorch ? $" | {r.BestPyTorch:F1} | {r.BestPeerSetting}" : "")
                    + $" | {r.BestPeer / r.Native:F2} | {Mfu(r.Row, r.Native, r.FmaPeak):F0} % | {Mfu(r.Row, r.BestTorch, r.FmaPeak):F0} %"
                    + (pytorch ? $" | {Mfu(r.Row, r.BestPyTorch, r.FmaPeak):F0} %" : "")
                    + $" | {r.FmaPeak:F0} | {r.LoadBefore:F2} → {r.LoadAfter:F2} |");
            }

            Console.WriteLine("(* the faster libtorch thread count, used for the TorchSharp MFU and memory child; PyTorch setting: torch threads × OpenBLAS threads, "
                + "its fastest; best peer ÷ native > 1 means native is faster; MFU: matrix-product FLOPs ÷ time ÷ the FMA peak of all cores measured before the case)");
        }

        var gemm = results.Where(r => r.IsGemm).ToList();
        if (gemm.Count > 0)
        {
            Console.WriteLine();
            Console.WriteLine("| product | native (GFLOP/s) | MKL via TorchSharp (GFLOP/s) | " + (pytorch ? "OpenBLAS via PyTorch (GFLOP/s) | PyTorch setting | " : "")
                + "native ÷ best library | native / FMA peak | FMA peak (GFLOP/s) | load average |");
            Console.WriteLine("| --- | ---: | ---: | " + (pytorch ? "---: | --- | " : "") + "---: | ---: | ---: | --- |");
            foreach (var r in gemm)
            {
                double Gflops(double ms) => r.Row.Flops / (ms / 1000) / 1e9;
                Console.WriteLine($"| {r.Row.Name} | {Gflops(r.Native):F0} | {Gflops(r.BestTorch):F0} ({r.BestThreads} thread{(r.BestThreads == 1 ? "" : "s")}) | "
                    + (pytorch ? $"{Gflops(r.BestPyTorch):F0} | {r.BestPeerSetting} | " : "")
                    + $"{r.BestPeer / r.Native:F2} | {Gflops(r.Native) / r.FmaPeak:P0} | {r.FmaPeak:F0} | {r.LoadBefore:F2} → {r.LoadAfter:F2} |");
            }

            Console.WriteLine("(forward: y = x·Wᵀ + b; backward: dx += dy·W, dW += dyᵀ·x, db += Σ dy, counted as 2 products; rows × in × out; "
                + "native ÷ best library > 1 means native is faster)");
        }

        var measured = models.Where(r => r.NativeMemory is not null).ToList();
        if (measured.Count == 0) return;
        Console.WriteLine();
        Console.WriteLine("| workload | native peak (MiB) | TorchSharp peak (MiB) | " + (pytorch ? "PyTorch peak (MiB) | " : "")
            + "TorchSharp ÷ native | " + (pytorch ? "PyTorch ÷ native | " : "") + "before the model: native / TorchSharp" + (pytorch ? " / PyTorch" : "") + " (MiB) |");
        Console.WriteLine("| --- | ---: | ---: | " + (pytorch ? "---: | " : "") + "---: | " + (pytorch ? "---: | " : "") + "--- |");
        foreach (var r in measured)
        {
            var n = r.NativeMemory!;
            var t = r.TorchMemory!;
            var p = r.PyTorchMemory;
            Console.WriteLine($"| {r.Row.Name} | {Mib(n.PeakBytes)} | {Mib(t.PeakBytes)} | " + (pytorch ? $"{(p is null ? "-" : Mib(p.PeakBytes))} | " : "")
                + $"{(double)t.PeakBytes / n.PeakBytes:F2} | " + (pytorch ? $"{(p is null ? "-" : ((double)p.PeakBytes / n.PeakBytes).ToString("F2", CultureInfo.InvariantCulture))} | " : "")
                + $"{Mib(n.BaseBytes)} / {Mib(t.BaseBytes)}" + (pytorch ? $" / {(p is null ? "-" : Mib(p.BaseBytes))}" : "") + " |");
        }

        Console.WriteLine("(peak resident set, VmHWM, of a child process that builds one side and runs the call a few times, each peer with its fastest setting; "
            + "\"before\": its resident set once the runtime is loaded, libtorch for TorchSharp, torch for PyTorch)");
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

    /// <summary>
    /// How long every side's idle threads need to stop spinning: after a parallel region libtorch's OpenMP threads,
    /// OpenBLAS's threads and the native pool's workers keep polling for new work (up to 200 ms for Intel's OpenMP
    /// runtime, about 0.1 s for OpenBLAS) and would take the cores from the side timed next.
    /// </summary>
    private const int SettleMilliseconds = 300;

    /// <summary>Waits until the previous side's threads have gone to sleep, so each side starts on idle cores.</summary>
    private static void Settle() => System.Threading.Thread.Sleep(SettleMilliseconds);

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
