using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Text;
using DiffPlex;
using DiffPlex.Model;
using Xunit.Sdk;

namespace AttentionGen.Generator.Tests.Infrastructure;

/// <summary>
/// Snapshot assertions in Verify's file conventions: the approved text is <c>TestClass.name.verified.cs</c>; a
/// mismatch writes <c>TestClass.name.received.cs</c> beside it and fails with a unified diff, so accepting a change
/// is a file rename (or a diff tool) away.
/// <para>
/// Snapshots live in the test project's <c>Snapshots/</c> folder (the project excludes it from compilation): the
/// nearest folder above the test file that holds a .csproj. <c>TestClass</c> is the test file's name.
/// </para>
/// <para>
/// Setting the environment variable <c>ACCEPT_SNAPSHOTS=1</c> overwrites the verified files instead of failing.
/// It is for developers who have read the diff and want the new output; CI never sets it, so there every
/// difference fails the build.
/// </para>
/// </summary>
public static class Snapshot
{
    private const int ContextLines = 3;
    private const int MaxDiffLines = 120;

    private static bool Accepting => Environment.GetEnvironmentVariable("ACCEPT_SNAPSHOTS") == "1";

    public static void Verify(string text, string name, [CallerFilePath] string sourceFile = "")
    {
        sourceFile = ResolveSourcePath(sourceFile);
        string directory = SnapshotDirectory(sourceFile);
        string stem = Path.Combine(directory, Path.GetFileNameWithoutExtension(sourceFile) + "." + name);
        string verifiedPath = stem + ".verified.cs";
        string receivedPath = stem + ".received.cs";

        string received = Normalize(text);
        string? verified = File.Exists(verifiedPath) ? Normalize(File.ReadAllText(verifiedPath)) : null;

        if (verified == received)
        {
            File.Delete(receivedPath);
            return;
        }

        if (Accepting)
        {
            Directory.CreateDirectory(directory);
            File.WriteAllText(verifiedPath, received, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
            File.Delete(receivedPath);
            return;
        }

        Directory.CreateDirectory(directory);
        File.WriteAllText(receivedPath, received, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
        string message = verified is null
            ? "No verified snapshot " + verifiedPath + "\nReceived output written to " + receivedPath
              + "\nRead it, then rename it to .verified.cs (or run once with ACCEPT_SNAPSHOTS=1)."
            : "Snapshot " + verifiedPath + " differs from the received output (" + receivedPath + "):\n"
              + UnifiedDiff(verified, received, Path.GetFileName(verifiedPath), Path.GetFileName(receivedPath));
        throw new XunitException(message);
    }

    /// <summary>The files of one test class's snapshots, for tests that look for orphans.</summary>
    public static IEnumerable<string> VerifiedFiles([CallerFilePath] string sourceFile = "")
    {
        sourceFile = ResolveSourcePath(sourceFile);
        string directory = SnapshotDirectory(sourceFile);
        if (!Directory.Exists(directory)) return Array.Empty<string>();
        return Directory.GetFiles(directory, Path.GetFileNameWithoutExtension(sourceFile) + ".*.verified.cs");
    }

    /// <summary>The snapshot name <see cref="Verify"/> uses for a verified file's path.</summary>
    public static string NameOf(string verifiedPath, [CallerFilePath] string sourceFile = "")
    {
        string file = Path.GetFileName(verifiedPath);
        string prefix = Path.GetFileNameWithoutExtension(sourceFile) + ".";
        return file.Substring(prefix.Length, file.Length - prefix.Length - ".verified.cs".Length);
    }

    /// <summary>
    /// The file behind a <see cref="CallerFilePathAttribute"/> path. Deterministic CI builds (CI=true sets
    /// ContinuousIntegrationBuild) map the repository root to "/_/" in compiled paths; such a path is found again
    /// below an ancestor of the test assembly's folder, which in a build tree is inside the repository.
    /// </summary>
    public static string ResolveSourcePath(string callerFilePath)
    {
        if (File.Exists(callerFilePath)) return callerFilePath;
        var segments = callerFilePath.Replace('\\', '/').Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (segments.Length < 2 || !IsMappedRoot(segments[0])) return callerFilePath;
        string relative = Path.Combine(segments[1..]);
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            string candidate = Path.Combine(directory.FullName, relative);
            if (File.Exists(candidate)) return candidate;
        }
        return callerFilePath;
    }

    /// <summary>PathMap's roots: "_", then "_1", "_2" ... for further source roots.</summary>
    private static bool IsMappedRoot(string segment) =>
        segment.Length > 0 && segment[0] == '_' && segment.Skip(1).All(char.IsDigit);

    /// <summary>Line endings as '\n' and no byte-order mark, so editors and git settings cannot fail a snapshot.</summary>
    public static string Normalize(string text)
    {
        if (text.Length > 0 && text[0] == '\uFEFF') text = text.Substring(1);
        return text.Replace("\r\n", "\n").Replace('\r', '\n');
    }

    private static string SnapshotDirectory(string sourceFile)
    {
        string? directory = Path.GetDirectoryName(sourceFile);
        for (var probe = directory; probe is not null; probe = Path.GetDirectoryName(probe))
        {
            if (Directory.GetFiles(probe, "*.csproj").Length > 0) return Path.Combine(probe, "Snapshots");
        }
        return Path.Combine(directory ?? ".", "Snapshots");
    }

    /// <summary>
    /// A unified diff with 3 lines of context, hunk headers and each line's number on both sides, cut off after
    /// a screenful.
    /// </summary>
    public static string UnifiedDiff(string expected, string actual, string expectedName = "verified", string actualName = "received")
    {
        var diff = new Differ().CreateLineDiffs(expected, actual, ignoreWhitespace: false);
        var oldLines = diff.PiecesOld;
        var newLines = diff.PiecesNew;
        var output = new StringBuilder();
        output.Append("--- ").Append(expectedName).Append('\n');
        output.Append("+++ ").Append(actualName).Append('\n');
        int written = 0;
        int hunkIndex = 0;
        var blocks = diff.DiffBlocks;
        while (hunkIndex < blocks.Count)
        {
            // Merge blocks whose context would overlap into one hunk.
            int last = hunkIndex;
            while (last + 1 < blocks.Count
                   && blocks[last + 1].DeleteStartA - (blocks[last].DeleteStartA + blocks[last].DeleteCountA) <= 2 * ContextLines)
                last++;

            int oldStart = Math.Max(0, blocks[hunkIndex].DeleteStartA - ContextLines);
            int newStart = Math.Max(0, blocks[hunkIndex].InsertStartB - ContextLines);
            int oldEnd = Math.Min(oldLines.Count, blocks[last].DeleteStartA + blocks[last].DeleteCountA + ContextLines);
            int newEnd = Math.Min(newLines.Count, blocks[last].InsertStartB + blocks[last].InsertCountB + ContextLines);
            output.Append("@@ -").Append(oldStart + 1).Append(',').Append(oldEnd - oldStart)
                .Append(" +").Append(newStart + 1).Append(',').Append(newEnd - newStart).Append(" @@\n");

            int a = oldStart, n = newStart;
            for (int b = hunkIndex; b <= last; b++)
            {
                DiffBlock block = blocks[b];
                for (; a < block.DeleteStartA; a++, n++) Emit(' ', a, n, oldLines[a]);
                for (int i = 0; i < block.DeleteCountA; i++) Emit('-', block.DeleteStartA + i, -1, oldLines[block.DeleteStartA + i]);
                for (int i = 0; i < block.InsertCountB; i++) Emit('+', -1, block.InsertStartB + i, newLines[block.InsertStartB + i]);
                a = block.DeleteStartA + block.DeleteCountA;
                n = block.InsertStartB + block.InsertCountB;
            }
            for (; a < oldEnd; a++, n++) Emit(' ', a, n, oldLines[a]);
            hunkIndex = last + 1;
        }
        if (written > MaxDiffLines) output.Append("… ").Append(written - MaxDiffLines).Append(" more diff line(s); compare the files for the rest\n");
        return output.ToString();

        // Each line shows its number in the verified and the received file: "-  41      | old", "+       41 | new".
        void Emit(char mark, int oldIndex, int newIndex, string line)
        {
            if (++written > MaxDiffLines) return;
            output.Append(mark)
                .Append(oldIndex < 0 ? "     " : (oldIndex + 1).ToString(CultureInfo.InvariantCulture).PadLeft(5))
                .Append(' ')
                .Append(newIndex < 0 ? "     " : (newIndex + 1).ToString(CultureInfo.InvariantCulture).PadLeft(5))
                .Append(" | ").Append(line).Append('\n');
        }
    }
}
