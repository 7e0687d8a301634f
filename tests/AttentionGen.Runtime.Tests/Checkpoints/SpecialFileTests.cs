using System.Diagnostics;
using System.IO;
using System.Threading.Tasks;
using AttentionGen.Checkpoints;
using AttentionGen.Training;

namespace AttentionGen.Runtime.Tests.Checkpoints;

/// <summary>A FIFO with no writer would block a reader in open() forever: every loader refuses it before opening.</summary>
public class SpecialFileTests
{
    public static TheoryData<string> Loaders => new() { "Safetensors.Open", "Safetensors.Read", "Checkpoint.LoadWeights", "TrainingCheckpoint.LoadWeights" };

    [Theory]
    [MemberData(nameof(Loaders))]
    public async Task AFifoIsRefusedWithoutBlocking(string loader)
    {
        if (!OperatingSystem.IsLinux()) return; // mkfifo and statx are Linux's; other systems check after opening
        using var folder = new TempFolder();
        string path = folder.File("pipe.safetensors");
        using (var mkfifo = Process.Start(new ProcessStartInfo("mkfifo", [path]) { UseShellExecute = false })!)
        {
            mkfifo.WaitForExit();
            Assert.Equal(0, mkfifo.ExitCode);
        }

        var model = new TinyModel();
        var load = Task.Run(() =>
        {
            switch (loader)
            {
                case "Safetensors.Open": Safetensors.Open(path).Dispose(); break;
                case "Safetensors.Read": Safetensors.Read(path); break;
                case "Checkpoint.LoadWeights": Checkpoint.LoadWeights(model, path); break;
                default: TrainingCheckpoint.LoadWeights(model, path); break;
            }
        });

        if (await Task.WhenAny(load, Task.Delay(TimeSpan.FromSeconds(20))) != load)
        {
            // Unblock the reader so the test run can finish, then fail.
            using (new FileStream(path, FileMode.Open, FileAccess.Write))
            {
            }

            Assert.Fail($"{loader} blocked on a FIFO with no writer.");
        }

        var e = await Assert.ThrowsAsync<InvalidDataException>(() => load);
        Assert.Contains($"'{path}'", e.Message);
        Assert.Contains("a FIFO (named pipe), not a regular file", e.Message);
    }

    [Fact]
    public void ACharacterDeviceIsRefused()
    {
        if (!OperatingSystem.IsLinux()) return;
        var e = Assert.Throws<InvalidDataException>(() => Checkpoint.LoadWeights(new TinyModel(), "/dev/zero"));
        Assert.Contains("a character device, not a regular file", e.Message);
    }

    [Fact]
    public void ASymbolicLinkToARegularFileIsRead()
    {
        using var folder = new TempFolder();
        string path = folder.File("model.safetensors");
        Checkpoint.SaveWeights(new TinyModel(3f), path);
        string link = folder.File("link.safetensors");
        File.CreateSymbolicLink(link, path);
        var model = new TinyModel();
        Checkpoint.LoadWeights(model, link);
        Assert.Equal(new TinyModel(3f).Snapshot(), model.Snapshot());
    }
}
