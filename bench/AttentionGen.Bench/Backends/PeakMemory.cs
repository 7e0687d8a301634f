using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;

namespace AttentionGen.Bench.Backends;

/// <summary>
/// Peak working memory of one side of one workload, each measured in a fresh process of this same program: in the
/// timing process both sides live side by side, and a process's peak resident set can only grow, so it cannot tell
/// them apart. The child builds its side alone (the native child never loads libtorch; the TorchSharp child never
/// builds the native model), runs the call a few times and reports its peak resident set (VmHWM on Linux).
/// </summary>
internal static class PeakMemory
{
    /// <summary>The argument that makes <c>backends</c> a memory child; not meant for the command line.</summary>
    public const string ChildFlag = "--peak-memory-child";

    private const string ResultPrefix = "peak-memory";

    /// <summary>
    /// A child's report: its peak resident set, the resident set before it built its side (the runtime, and libtorch
    /// for TorchSharp), and whether libtorch was mapped into the process.
    /// </summary>
    public sealed record Reading(long PeakBytes, long BaseBytes, bool LibtorchMapped);

    /// <summary>Runs <c>backends --peak-memory-child row side threads calls weights</c> in a new process and reads its report.</summary>
    public static Reading Measure(string row, string side, int threads, int calls, string weights)
    {
        string host = Environment.ProcessPath ?? throw new InvalidOperationException("The process path is unknown; cannot start a memory child.");
        var start = new ProcessStartInfo(host) { UseShellExecute = false, RedirectStandardOutput = true };
        // Under `dotnet AttentionGen.Bench.dll` the process is the dotnet host, which needs the program; under the
        // apphost (what `dotnet run` starts) the process is the program.
        if (Path.GetFileNameWithoutExtension(host) == "dotnet") start.ArgumentList.Add(typeof(PeakMemory).Assembly.Location);
        foreach (string argument in new[] { "backends", ChildFlag, row, side, threads.ToString(CultureInfo.InvariantCulture), calls.ToString(CultureInfo.InvariantCulture), weights })
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {host}.");
        string output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        string? line = output.Split('\n').LastOrDefault(l => l.StartsWith(ResultPrefix, StringComparison.Ordinal));
        if (process.ExitCode != 0 || line is null)
            throw new InvalidOperationException($"The memory child for '{row}' ({side}) exited with {process.ExitCode}; it wrote:\n{output}");
        string[] fields = line.Split(' ');
        return new(long.Parse(fields[1], CultureInfo.InvariantCulture), long.Parse(fields[2], CultureInfo.InvariantCulture), fields[3] == "libtorch");
    }

    /// <summary>The resident set now, before the child builds its side.</summary>
    public static long ResidentBytes()
    {
        using var self = Process.GetCurrentProcess();
        return self.WorkingSet64;
    }

    /// <summary>Prints the child's report for <see cref="Measure"/>: peak resident set (VmHWM), the base, and libtorch's presence.</summary>
    public static void Report(long baseBytes)
    {
        using var self = Process.GetCurrentProcess();
        Console.WriteLine(string.Join(' ', ResultPrefix, self.PeakWorkingSet64.ToString(CultureInfo.InvariantCulture),
            baseBytes.ToString(CultureInfo.InvariantCulture), LibtorchMapped() ? "libtorch" : "no-libtorch"));
    }

    /// <summary>Whether libtorch's CPU library is mapped into this process: a native child must show it is not.</summary>
    private static bool LibtorchMapped() =>
        File.Exists("/proc/self/maps") && File.ReadLines("/proc/self/maps").Any(l => l.Contains("libtorch_cpu", StringComparison.Ordinal));
}
