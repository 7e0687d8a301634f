using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.IO.Enumeration;
using System.Security.Cryptography;

namespace AttentionGen.Checkpoints;

/// <summary>
/// Names the temporary files of atomic writes, and removes the ones that writers killed mid-write left behind.
/// A temporary file is named <c>&lt;target&gt;.tmp-&lt;process id&gt;-&lt;16 hex digits&gt;</c>. When a file of a
/// target is written again, a leftover of that same target is removed only when both hold:
/// <list type="bullet">
/// <item><description>
/// the process that wrote it is gone: no process with its id runs on this machine. A live writer, in this process
/// or another, is never disturbed, however slow. A reused process id only keeps a leftover longer.
/// </description></item>
/// <item><description>
/// it has not been written to for <see cref="MinimumAge"/>. A folder shared between machines or containers holds
/// temporary files of writers whose ids mean nothing here; a writer that is still writing touches its file all the
/// time, and this age is far beyond any pause between two of its writes.
/// </description></item>
/// </list>
/// Only names of exactly that form for exactly that target are considered, so other files, other targets' temporary
/// files and files of other programs are never touched. Removal is best effort: a file that cannot be removed
/// stays, and the write goes on.
/// </summary>
internal static class StaleTemporaryFiles
{
    /// <summary>How long a leftover must have been untouched before it is removed.</summary>
    public static readonly TimeSpan MinimumAge = TimeSpan.FromMinutes(10);

    private const string Marker = ".tmp-";
    private const int RandomDigits = 16;

    /// <summary>A fresh temporary name for <paramref name="fullPath"/>, carrying this process's id.</summary>
    public static string NewName(string fullPath) =>
        fullPath + Marker + Environment.ProcessId.ToString(CultureInfo.InvariantCulture) + "-" +
        Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(RandomDigits / 2));

    /// <summary>Removes the leftovers of <paramref name="fullPath"/> whose writers are gone; see the class remarks.</summary>
    public static void Remove(string fullPath)
    {
        string? directory = Path.GetDirectoryName(fullPath);
        if (directory is null || !Directory.Exists(directory)) return;
        string prefix = Path.GetFileName(fullPath) + Marker;
        DateTime touchedBefore = DateTime.UtcNow - MinimumAge;
        try
        {
            var candidates = new FileSystemEnumerable<string>(
                directory,
                (ref FileSystemEntry entry) => entry.ToFullPath(),
                new EnumerationOptions { RecurseSubdirectories = false, IgnoreInaccessible = true, AttributesToSkip = 0 })
            {
                ShouldIncludePredicate = (ref FileSystemEntry entry) =>
                    !entry.IsDirectory && entry.FileName.StartsWith(prefix, StringComparison.Ordinal) && entry.LastWriteTimeUtc < touchedBefore,
            };

            foreach (string candidate in candidates)
            {
                if (WriterOf(Path.GetFileName(candidate).AsSpan(prefix.Length)) is int processId && !IsRunning(processId))
                {
                    TryDelete(candidate);
                }
            }
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    /// <summary>The process id in <c>&lt;id&gt;-&lt;16 hex digits&gt;</c>, or null when the rest of the name is anything else.</summary>
    internal static int? WriterOf(ReadOnlySpan<char> rest)
    {
        int dash = rest.IndexOf('-');
        if (dash < 1 || rest.Length - dash - 1 != RandomDigits) return null;
        foreach (char c in rest[(dash + 1)..])
        {
            if (!char.IsAsciiHexDigitLower(c) && !char.IsAsciiDigit(c)) return null;
        }

        foreach (char c in rest[..dash])
        {
            if (!char.IsAsciiDigit(c)) return null;
        }

        return int.TryParse(rest[..dash], NumberStyles.None, CultureInfo.InvariantCulture, out int id) && id > 0 ? id : null;
    }

    private static bool IsRunning(int processId)
    {
        if (processId == Environment.ProcessId) return true;
        try
        {
            using var process = Process.GetProcessById(processId);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false; // no process with that id
        }
        catch (InvalidOperationException)
        {
            return false; // it exited while being looked at
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return true; // cannot tell (not allowed to look): keep the file
        }
        catch (NotSupportedException)
        {
            return true; // cannot tell on this platform: keep the file
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
