using System.IO;
using System.Linq;

namespace AttentionGen.Reports.Tests;

public class AtomicWriteTests
{
    [Fact]
    public void A_failed_write_leaves_neither_a_half_file_nor_a_temporary_one()
    {
        using var directory = new TemporaryDirectory();
        // A directory where index.html belongs makes the final rename fail after the content was written.
        Directory.CreateDirectory(Path.Combine(directory.Path, "index.html"));
        var report = new RunReport("Run");
        report.AddPoint("Loss", "train", 0, 1);

        Assert.ThrowsAny<IOException>(() => report.Write(directory.Path));

        string[] files = Directory.GetFiles(directory.Path).Select(Path.GetFileName).ToArray()!;
        Assert.Equal(new[] { "chart-01-loss.png" }, files);
        Assert.True(Directory.Exists(Path.Combine(directory.Path, "index.html")));
    }

    [Fact]
    public void A_failed_write_keeps_the_previous_page_whole()
    {
        using var directory = new TemporaryDirectory();
        var report = new RunReport("Run");
        report.AddPoint("Loss", "train", 0, 1);
        string index = report.Write(directory.Path);
        byte[] before = File.ReadAllBytes(index);

        // The second write adds a chart whose file cannot be renamed into place; the page is written last, so the
        // old page (which does not link the new chart) is what a reader still finds.
        Directory.CreateDirectory(Path.Combine(directory.Path, "chart-02-accuracy.png"));
        report.AddPoint("Accuracy", "held-out", 0, 0.5);
        Assert.ThrowsAny<IOException>(() => report.Write(directory.Path));

        Assert.Equal(before, File.ReadAllBytes(index));
        Assert.Empty(Directory.GetFiles(directory.Path, "*.tmp"));
    }
}
