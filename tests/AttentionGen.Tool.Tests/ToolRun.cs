using System.IO;
using System.Linq;
using System.Threading;
using AttentionGen.Tool;

namespace AttentionGen.Tool.Tests;

/// <summary>One in-process run of the command line, as a redirected terminal sees it.</summary>
internal sealed record ToolRun(int ExitCode, string Output, string Error)
{
    public static ToolRun Of(params string[] args) => Of(CancellationToken.None, null, args);

    /// <summary>Runs with a cancellation token (Ctrl+C) and, optionally, a writer that watches the output.</summary>
    public static ToolRun Of(CancellationToken cancellation, TextWriter? watcher, params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        TextWriter target = watcher is null ? output : new TeeWriter(output, watcher);
        int code = ToolApp.Run(args, target, error, interactive: false, cancellation);
        return new ToolRun(code, output.ToString(), error.ToString());
    }

    /// <summary>The error output is exactly one line from the tool, never a stack trace.</summary>
    public void AssertOneErrorLine(int exitCode, string contains)
    {
        Assert.Equal(exitCode, ExitCode);
        var lines = Error.Split('\n', System.StringSplitOptions.RemoveEmptyEntries);
        Assert.True(lines.Length == 1, "expected one error line, got:\n" + Error);
        Assert.StartsWith("attentiongen: ", lines[0]);
        Assert.Contains(contains, lines[0]);
        Assert.DoesNotContain("   at ", Error + Output);
    }

    private sealed class TeeWriter(TextWriter first, TextWriter second) : TextWriter
    {
        public override System.Text.Encoding Encoding => first.Encoding;

        public override void Write(char value)
        {
            first.Write(value);
            second.Write(value);
        }

        public override void Write(string? value)
        {
            first.Write(value);
            second.Write(value);
        }

        public override void WriteLine(string? value)
        {
            first.WriteLine(value);
            second.WriteLine(value);
        }
    }
}
