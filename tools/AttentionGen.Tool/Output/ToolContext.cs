using System;
using System.IO;
using System.Threading;
using Spectre.Console;

namespace AttentionGen.Tool.Output;

/// <summary>
/// Where a command writes and whether it may draw: on a terminal, Spectre.Console tables and live progress bars;
/// redirected (a pipe, a file, a test), the same tables without colour and one progress line at a time, so the output
/// reads well in a log and can be parsed.
/// </summary>
internal sealed class ToolContext
{
    public ToolContext(TextWriter output, TextWriter error, bool interactive, CancellationToken cancellation)
    {
        Out = output;
        Error = error;
        Interactive = interactive;
        Cancellation = cancellation;
        Console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(output),
            Ansi = interactive ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = interactive ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = interactive ? InteractionSupport.Detect : InteractionSupport.No,
        });
        if (!interactive)
        {
            // Redirected output has no window: wide enough that tables never wrap their rows.
            Console.Profile.Width = 200;
        }
    }

    /// <summary>Plain text output (results, progress lines when not interactive).</summary>
    public TextWriter Out { get; }

    /// <summary>Where the one-line error messages go.</summary>
    public TextWriter Error { get; }

    /// <summary>True on a terminal: live progress bars and colours.</summary>
    public bool Interactive { get; }

    /// <summary>Tables and progress bars, on the same output.</summary>
    public IAnsiConsole Console { get; }

    /// <summary>
    /// One line of plain text: through Spectre.Console on a terminal, so it lands above a live progress bar rather
    /// than through it; straight to the output otherwise.
    /// </summary>
    public void WriteLine(string text)
    {
        if (Interactive)
        {
            Console.WriteLine(text);
        }
        else
        {
            Out.WriteLine(text);
        }
    }

    /// <summary>Cancelled by Ctrl+C; train saves a checkpoint when it sees it.</summary>
    public CancellationToken Cancellation { get; }
}
