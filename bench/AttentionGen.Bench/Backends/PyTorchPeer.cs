using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace AttentionGen.Bench.Backends;

/// <summary>
/// The PyTorch side of the side-by-side runner: <c>bench/peers/pytorch_peer.py</c> under Debian's PyTorch 1.13
/// (<c>/usr/bin/python3</c>), one process per OpenBLAS thread count (OpenBLAS reads <c>OPENBLAS_NUM_THREADS</c> when
/// it loads), each started without <c>OPENBLAS_CORETYPE</c> and <c>OPENBLAS_L2_SIZE</c> so OpenBLAS picks its own
/// kernels for this CPU; the rest of the environment, and this process's, are left as they are. The runner sends one
/// JSON request per line (build a case, time a row on a torch thread count, free the case) and the peer answers with
/// the times it measured around each call, so the alternation with the .NET sides happens here, call block by call
/// block, while the clock runs inside the peer.
/// </summary>
internal sealed class PyTorchPeer : IDisposable
{
    /// <summary>Debian's interpreter, whose <c>python3-torch</c> is PyTorch 1.13; the first <c>python3</c> on PATH may be another.</summary>
    public const string Python = "/usr/bin/python3";

    /// <summary>The variables removed from the peer's environment alone.</summary>
    private static readonly string[] RemovedVariables = ["OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE"];

    private readonly Process _process;

    /// <summary>What the peer wrote to stderr (Python's warnings, a traceback), drained as it comes so the pipe never fills.</summary>
    private readonly System.Text.StringBuilder _errors = new();

    private PyTorchPeer(int blasThreads, Process process)
    {
        BlasThreads = blasThreads;
        _process = process;
        _process.ErrorDataReceived += (_, e) =>
        {
            lock (_errors) _errors.AppendLine(e.Data);
        };
        _process.BeginErrorReadLine();
    }

    /// <summary>OPENBLAS_NUM_THREADS of this process.</summary>
    public int BlasThreads { get; }

    /// <summary>The script, found from the repository root (where the README's commands run) or above this program.</summary>
    public static string Script { get; } = FindScript();

    /// <summary>Starts a peer with <paramref name="blasThreads"/> OpenBLAS threads and checks it answers.</summary>
    public static PyTorchPeer Start(int blasThreads)
    {
        var start = Configure(blasThreads, "serve");
        start.RedirectStandardInput = true;
        var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {Python} {Script}.");
        return new PyTorchPeer(blasThreads, process);
    }

    /// <summary>Versions, the BLAS library mapped and the kernels OpenBLAS chose (its core name).</summary>
    public JsonObject Info() => Request(new JsonObject { ["op"] = "info" });

    /// <summary>Builds a case (its rows become timeable), with the native model's weights when a file is given.</summary>
    public void Build(string caseName, string? weights) =>
        Request(new JsonObject { ["op"] = "build", ["case"] = caseName, ["weights"] = weights });

    /// <summary>Drops the case's modules and tensors, so two cases never share the machine's memory.</summary>
    public void Free() => Request(new JsonObject { ["op"] = "free" });

    /// <summary>Milliseconds of each of <paramref name="calls"/> calls of <paramref name="row"/> on <paramref name="torchThreads"/> threads.</summary>
    public IReadOnlyList<double> Time(string row, int torchThreads, int calls)
    {
        var answer = Request(new JsonObject { ["op"] = "time", ["row"] = row, ["threads"] = torchThreads, ["calls"] = calls });
        return answer["times_ms"]!.AsArray().Select(t => t!.GetValue<double>()).ToArray();
    }

    /// <summary>Peak resident set (VmHWM) and the resident set once torch is imported, of a fresh peer that runs only this row.</summary>
    public static PeakMemory.Reading Memory(string row, int blasThreads, int torchThreads, int calls, string? weights)
    {
        var start = Configure(blasThreads, "memory", row, calls.ToString(CultureInfo.InvariantCulture), torchThreads.ToString(CultureInfo.InvariantCulture));
        if (weights is not null) start.ArgumentList.Add(weights);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {Python} {Script}.");
        var errorsRead = process.StandardError.ReadToEndAsync(); // both pipes drained at once: neither can fill and stall the child
        string output = process.StandardOutput.ReadToEnd();
        string errors = errorsRead.Result;
        process.WaitForExit();
        string? line = output.Split('\n').LastOrDefault(l => l.StartsWith('{'));
        if (process.ExitCode != 0 || line is null)
            throw new InvalidOperationException($"The PyTorch memory child for '{row}' exited with {process.ExitCode}:\n{output}{errors}");
        var reading = JsonNode.Parse(line)!;
        return new(reading["peak_bytes"]!.GetValue<long>(), reading["base_bytes"]!.GetValue<long>(), LibtorchMapped: true);
    }

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.StandardInput.Close(); // the peer's loop ends with its input
                if (!_process.WaitForExit(10_000)) _process.Kill();
            }
        }
        finally
        {
            _process.Dispose();
        }
    }

    private JsonObject Request(JsonObject request)
    {
        _process.StandardInput.WriteLine(request.ToJsonString());
        _process.StandardInput.Flush();
        string? line = _process.StandardOutput.ReadLine();
        if (line is null)
        {
            _process.WaitForExit();
            string errors;
            lock (_errors) errors = _errors.ToString();
            throw new InvalidOperationException(
                $"The PyTorch peer (OPENBLAS_NUM_THREADS={BlasThreads}) exited with {_process.ExitCode} on {request.ToJsonString()}:\n{errors}");
        }

        var answer = JsonNode.Parse(line)!.AsObject();
        if (answer["error"] is { } error)
            throw new InvalidOperationException($"The PyTorch peer failed on {request.ToJsonString()}: {error.GetValue<string>()}");
        return answer;
    }

    private static ProcessStartInfo Configure(int blasThreads, params string[] arguments)
    {
        if (!File.Exists(Python))
            throw new FileNotFoundException($"The PyTorch peer needs Debian's python3 with python3-torch at {Python}; pass --no-pytorch to leave it out.", Python);
        var start = new ProcessStartInfo(Python) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Script);
        foreach (string argument in arguments) start.ArgumentList.Add(argument);
        foreach (string variable in RemovedVariables) start.Environment.Remove(variable);
        start.Environment["OPENBLAS_NUM_THREADS"] = blasThreads.ToString(CultureInfo.InvariantCulture);
        return start;
    }

    private static string FindScript()
    {
        const string relative = "bench/peers/pytorch_peer.py";
        foreach (string origin in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var directory = new DirectoryInfo(origin); directory is not null; directory = directory.Parent)
            {
                string candidate = Path.Combine(directory.FullName, relative);
                if (File.Exists(candidate)) return candidate;
            }
        }

        throw new FileNotFoundException($"Cannot find {relative} from {Directory.GetCurrentDirectory()} or {AppContext.BaseDirectory}; run from the repository.");
    }
}
