using System.Linq;

namespace AttentionGen.Tool.Tests;

/// <summary>Every user mistake: one line on stderr starting with "attentiongen:", a non-zero exit code, no stack trace.</summary>
public sealed class BadInputTests
{
    [Fact]
    public void An_unknown_command_or_option_is_a_usage_error()
    {
        ToolRun.Of("trian").AssertOneErrorLine(2, "trian");
        ToolRun.Of("train", "x.txt", "--task", "text", "--depth", "3").AssertOneErrorLine(2, "--depth");
    }

    [Fact]
    public void A_bad_flag_value_names_the_flag_and_the_value()
    {
        ToolRun.Of("train", "x.txt", "--task", "text", "--size", "huge").AssertOneErrorLine(2, "huge");
        ToolRun.Of("train", "x.txt", "--task", "poetry").AssertOneErrorLine(2, "poetry");
        ToolRun.Of("train", "x.txt", "--task", "text", "--epochs", "0").AssertOneErrorLine(2, "--epochs is 0; it must be 1 or more");
        ToolRun.Of("train", "x.txt", "--task", "text", "--lr", "5").AssertOneErrorLine(2, "--lr is 5");
        ToolRun.Of("train", "x.txt", "--task", "text", "--batch", "many").AssertOneErrorLine(2, "many");
        ToolRun.Of("generate", "m.safetensors", "--top-p", "2").AssertOneErrorLine(2, "--top-p is 2; it must be in (0, 1]");
        ToolRun.Of("generate", "m.safetensors", "--top-k", "-1").AssertOneErrorLine(2, "--top-k is -1");
    }

    [Fact]
    public void A_missing_data_file_or_task_is_one_line()
    {
        using var folder = new TempFolder();
        ToolRun.Of("train", folder.File("absent.txt"), "--task", "text").AssertOneErrorLine(1, "absent.txt' not found");
        ToolRun.Of("train", folder.File("a.txt", "hello")).AssertOneErrorLine(2, "--task is required");
        ToolRun.Of("inspect", folder.File("absent.safetensors")).AssertOneErrorLine(1, "checkpoint");
        // A checkpoint that cannot be written is found before any training.
        ToolRun.Of("train", folder.File("c.txt", Samples.Text()), "--task", "text", "--out", "/proc/attentiongen/c.safetensors").AssertOneErrorLine(1, "/proc/attentiongen");
    }

    [Fact]
    public void A_malformed_line_names_the_file_and_line()
    {
        using var folder = new TempFolder();
        ToolRun.Of("train", folder.File("a.tsv", "pos\tgood film\n\nno tab on this line\n"), "--task", "classify")
            .AssertOneErrorLine(1, "a.tsv:3: expected label<TAB>text, found no tab in \"no tab on this line\"");
        ToolRun.Of("train", folder.File("s.csv", "date,value\n1,2.5\n2,three\n"), "--task", "forecast")
            .AssertOneErrorLine(1, "s.csv:3: the last column is \"three\", not a number");
        ToolRun.Of("train", folder.File("b.txt", "text\n\0binary"), "--task", "text")
            .AssertOneErrorLine(1, "b.txt:2: contains a NUL byte");
        ToolRun.Of("train", folder.File("short.csv", Samples.Series(50)), "--task", "forecast")
            .AssertOneErrorLine(1, "needs at least 80 (64 of history and 16 ahead)");
        ToolRun.Of("train", folder.File("labels.tsv", string.Concat(Enumerable.Range(0, 17).Select(i => $"l{i}\tsome words\n"))), "--task", "classify")
            .AssertOneErrorLine(1, "labels.tsv:17: label 'l16' is the 17th distinct label; the classifier has 16 outputs");
    }

    [Fact]
    public void A_checkpoint_for_another_command_or_not_a_checkpoint_is_refused()
    {
        using var folder = new TempFolder();
        string data = folder.File("corpus.txt", Samples.Text());
        string model = folder.File("gpt.safetensors");
        Assert.Equal(0, ToolRun.Of("train", data, "--task", "text", "--epochs", "1", "--batch", "16", "--out", model).ExitCode);
        ToolRun.Of("predict", model, "--text", "hello").AssertOneErrorLine(1, "is a text model; predict needs a classify, forecast or translate model; use attentiongen generate");
        ToolRun.Of("train", data, "--resume", model, "--task", "classify").AssertOneErrorLine(1, "is a text model; it cannot continue as --task classify");
        ToolRun.Of("train", data, "--resume", model, "--batch", "4").AssertOneErrorLine(2, "leave out --batch");
        ToolRun.Of("generate", data).AssertOneErrorLine(1, "is not a safetensors checkpoint");
    }
}
