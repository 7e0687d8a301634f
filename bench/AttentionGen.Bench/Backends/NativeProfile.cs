using System;
using System.Diagnostics;
using System.Globalization;
using System.Linq;

namespace AttentionGen.Bench.Backends;

/// <summary>
/// One row of the side-by-side table on the native side alone, called in a loop: what <c>perf record</c> attaches to,
/// and a quick before/after timing of a kernel change without the peers.
/// <code>dotnet run -c Release --project bench/AttentionGen.Bench -- profile "W2 training step" [seconds]</code>
/// It warms up for a second (tier-1 code for every kernel), then calls the row until the time is up and prints the
/// median, the fastest and the slowest call.
/// </summary>
internal static class NativeProfile
{
    public static int Run(string[] args)
    {
        if (args.Length < 1 || args.Length > 2)
        {
            Console.Error.WriteLine("profile: give a row name (as the backends table prints it) and optionally the seconds to run, e.g. profile \"W2 training step\" 20");
            return 2;
        }

        double seconds = 10;
        if (args.Length == 2 && (!double.TryParse(args[1], NumberStyles.Float, CultureInfo.InvariantCulture, out seconds) || !(seconds > 0)))
        {
            Console.Error.WriteLine($"profile: seconds must be a positive number; got '{args[1]}'.");
            return 2;
        }

        string name = args[0];
        var match = Workloads.All()
            .SelectMany(c => c.Rows.Select((row, index) => (Case: c, Row: row, Index: index)))
            .FirstOrDefault(r => string.Equals(r.Row.Name, name, StringComparison.Ordinal));
        if (match.Case is null)
        {
            var names = Workloads.All().SelectMany(c => c.Rows).Select(r => r.Name);
            Console.Error.WriteLine($"profile: no row is named '{name}'. Rows: {string.Join(", ", names)}.");
            return 2;
        }

        var call = match.Case.CreateNative().Calls[match.Index];
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed.TotalSeconds < 1)
        {
            call();
        }

        var times = new System.Collections.Generic.List<double>();
        clock.Restart();
        while (clock.Elapsed.TotalSeconds < seconds)
        {
            long start = Stopwatch.GetTimestamp();
            call();
            times.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
        }

        times.Sort();
        double median = times[times.Count / 2];
        double gflops = match.Row.Flops / (median / 1000) / 1e9;
        Console.WriteLine(FormattableString.Invariant(
            $"{name}: {times.Count} calls, median {median:F2} ms (fastest {times[0]:F2}, slowest {times[^1]:F2}), {gflops:F0} GFLOP/s of matrix products"));
        return 0;
    }
}
