using System.Diagnostics;
using System.IO;
using AttentionGen.Checkpoints;

namespace AttentionGen.Runtime.Tests.Checkpoints;

/// <summary>A writer killed mid-write leaves its temporary file; the next save of the same target removes it, and nothing else.</summary>
public class StaleTemporaryFileTests
{
    [Fact]
    public void TheNextSaveRemovesOnlyLeftoversOfTheSameTargetWhoseWriterIsGone()
    {
        using var folder = new TempFolder();
        string path = folder.File("model.safetensors");
        int dead = ExitedProcessId();
        var longAgo = DateTime.UtcNow - TimeSpan.FromHours(1);

        string killed = Leftover(path + $".tmp-{dead}-0123456789abcdef", longAgo);
        string live = Leftover(path + $".tmp-{Environment.ProcessId}-0123456789abcdef", longAgo);
        string recent = Leftover(path + $".tmp-{dead}-fedcba9876543210", DateTime.UtcNow);
        string otherTarget = Leftover(folder.File("other.safetensors") + $".tmp-{dead}-0123456789abcdef", longAgo);
        string longerTarget = Leftover(folder.File("model.safetensors.tmp-1-0123456789abcdef") + $".tmp-{dead}-0123456789abcdef", longAgo);
        string otherShape = Leftover(path + ".tmp-0123456789abcdef", longAgo);
        string notOurs = Leftover(path + $".tmp-{dead}-notes.txt", longAgo);

        Checkpoint.SaveWeights(new TinyModel(), path);

        Assert.False(File.Exists(killed));
        foreach (var kept in new[] { live, recent, otherTarget, longerTarget, otherShape, notOurs }) Assert.True(File.Exists(kept), kept);
        var loaded = new TinyModel(start: 5f);
        Checkpoint.LoadWeights(loaded, path);
        Assert.Equal(new TinyModel().Snapshot(), loaded.Snapshot());
    }

    [Fact]
    public void TemporaryNamesCarryTheWritersProcessId()
    {
        Assert.Equal(1234, StaleTemporaryFiles.WriterOf("1234-0123456789abcdef"));
        Assert.Null(StaleTemporaryFiles.WriterOf("1234-0123456789ABCDEF"));
        Assert.Null(StaleTemporaryFiles.WriterOf("0123456789abcdef"));
        Assert.Null(StaleTemporaryFiles.WriterOf("12a4-0123456789abcdef"));
        Assert.Null(StaleTemporaryFiles.WriterOf("1234-0123456789abcdef.bak"));
        Assert.Null(StaleTemporaryFiles.WriterOf("99999999999-0123456789abcdef"));
        string name = Path.GetFileName(StaleTemporaryFiles.NewName("/data/model.safetensors"));
        Assert.StartsWith($"model.safetensors.tmp-{Environment.ProcessId}-", name);
        Assert.Equal(Environment.ProcessId, StaleTemporaryFiles.WriterOf(name.AsSpan("model.safetensors.tmp-".Length)));
    }

    private static string Leftover(string path, DateTime lastWrite)
    {
        File.WriteAllBytes(path, new byte[100]);
        File.SetLastWriteTimeUtc(path, lastWrite);
        return path;
    }

    /// <summary>The id of a process that has run and exited: a writer that is gone.</summary>
    private static int ExitedProcessId()
    {
        using var process = Process.Start(new ProcessStartInfo(OperatingSystem.IsWindows() ? "cmd.exe" : "true") { UseShellExecute = false, Arguments = OperatingSystem.IsWindows() ? "/c exit" : "" })!;
        process.WaitForExit();
        return process.Id;
    }
}
