using System.Diagnostics;
using System.IO;
using System.Text;

namespace AttentionGen.Acceptance.Tests;

/// <summary>Runs the dotnet CLI in a folder and captures everything it prints.</summary>
internal static class DotnetCli
{
    /// <param name="packagesFolder">
    /// A private package cache for the fresh project, so the package packed by this run is the one it restores; null
    /// for commands on the repository itself, which must keep the shared cache its build restored into.
    /// </param>
    public static (int ExitCode, string Output) Run(string workingDirectory, string? packagesFolder, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        if (packagesFolder is not null) start.Environment["NUGET_PACKAGES"] = packagesFolder;
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        // Builds inside a test run must not inherit the test host's MSBuild settings.
        start.Environment.Remove("MSBuildSDKsPath");
        start.Environment.Remove("MSBUILD_EXE_PATH");
        start.Environment.Remove("MSBuildExtensionsPath");

        using var process = Process.Start(start)!;
        var output = new StringBuilder();
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (!process.WaitForExit(600_000))
        {
            process.Kill(entireProcessTree: true);
            return (-1, output + "\n(timed out after 10 minutes)");
        }
        process.WaitForExit();
        return (process.ExitCode, output.ToString());
    }

    public static string RepositoryRoot([System.Runtime.CompilerServices.CallerFilePath] string thisFile = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(thisFile)!, "..", ".."));
}
