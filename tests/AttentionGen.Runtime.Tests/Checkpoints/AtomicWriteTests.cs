using System.IO;
using AttentionGen.Checkpoints;

namespace AttentionGen.Runtime.Tests.Checkpoints;

public class AtomicWriteTests
{
    [Fact]
    public void ReplacingAFileLeavesOnlyTheNewFile()
    {
        using var folder = new TempFolder();
        string path = folder.File("model.safetensors");
        File.WriteAllText(path, "previous contents");
        Checkpoint.SaveWeights(new TinyModel(), path);
        Assert.Equal(new[] { "embed.weight", "dense.weight", "dense.bias" }, Safetensors.Read(path).Names);
        Assert.Equal(new[] { path }, Directory.GetFiles(folder.Path));
    }

    [Fact]
    public void FailureHalfwayThroughTheDataKeepsThePreviousFileAndRemovesTheTemporaryOne()
    {
        using var folder = new TempFolder();
        string path = folder.File("model.safetensors");
        Checkpoint.SaveWeights(new TinyModel(), path);
        byte[] previous = File.ReadAllBytes(path);

        // The first tensor is large enough to reach the disk before the second one fails.
        var failing = new FailingMemory(4);
        var e = Assert.Throws<IOException>(() => Safetensors.Write(
            path,
            [new SafetensorsTensor("big", [100_000], new float[100_000]), new SafetensorsTensor("bad", [4], failing.Memory)],
            null));
        Assert.Contains("simulated failure", e.Message);
        Assert.Equal(previous, File.ReadAllBytes(path));
        Assert.Empty(folder.TemporaryFiles());
    }

    [Fact]
    public void InvalidTensorSetIsRefusedBeforeAnyFileIsCreated()
    {
        using var folder = new TempFolder();
        string path = folder.File("model.safetensors");
        Checkpoint.SaveWeights(new TinyModel(), path);
        byte[] previous = File.ReadAllBytes(path);

        Assert.Throws<ArgumentException>(() => Safetensors.Write(
            path, [new SafetensorsTensor("w", [1], new[] { 1f }), new SafetensorsTensor("w", [1], new[] { 1f })], null));
        Assert.Equal(previous, File.ReadAllBytes(path));
        Assert.Equal(new[] { path }, Directory.GetFiles(folder.Path));
    }

    [Fact]
    public void FailureToReplaceTheTargetRemovesTheTemporaryFile()
    {
        using var folder = new TempFolder();
        // A directory where the file should go: the temporary file is written, then the move fails.
        string path = folder.File("occupied");
        Directory.CreateDirectory(path);
        File.WriteAllText(Path.Combine(path, "inside.txt"), "keep");

        Assert.ThrowsAny<IOException>(() => Checkpoint.SaveWeights(new TinyModel(), path));
        Assert.Empty(folder.TemporaryFiles());
        Assert.Equal("keep", File.ReadAllText(Path.Combine(path, "inside.txt")));
    }

    [Fact]
    public void MissingFolderFailsWithoutCreatingAnything()
    {
        using var folder = new TempFolder();
        string path = Path.Combine(folder.Path, "no-such-folder", "model.safetensors");
        Assert.Throws<DirectoryNotFoundException>(() => Checkpoint.SaveWeights(new TinyModel(), path));
        Assert.Empty(Directory.GetFileSystemEntries(folder.Path));
    }
}
