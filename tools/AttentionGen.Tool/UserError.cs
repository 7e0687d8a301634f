using System;

namespace AttentionGen.Tool;

/// <summary>
/// A mistake the user can fix (a missing file, a malformed line, the wrong checkpoint): the tool prints its message
/// as one line on stderr and exits with <see cref="ExitCode"/>, never with a stack trace.
/// </summary>
internal sealed class UserError : Exception
{
    public UserError(string message, int exitCode = ExitCodes.BadInput)
        : base(message)
    {
        ExitCode = exitCode;
    }

    public int ExitCode { get; }
}

/// <summary>What the tool's exit codes mean.</summary>
internal static class ExitCodes
{
    public const int Success = 0;

    /// <summary>Bad input: a missing or malformed file, a checkpoint for another command, or a model with shape errors (check).</summary>
    public const int BadInput = 1;

    /// <summary>The command line itself: an unknown command or option, or a value out of range.</summary>
    public const int Usage = 2;

    /// <summary>Stopped by Ctrl+C (after saving what can be resumed), as shells report SIGINT: 128 + 2.</summary>
    public const int Interrupted = 130;

    /// <summary>A failure inside the tool, not the user's mistake.</summary>
    public const int Internal = 70;
}
