using System.IO;
using System.Threading;
using AttentionGen.Checkpoints;

namespace AttentionGen.Tool.Tests;

public sealed class TrainTests
{
    [Fact]
    public void Text_trains_then_inspects_evaluates_generates_and_exports()
    {
        using var folder = new TempFolder();
        string data = folder.File("corpus.txt", Samples.Text());
        string model = folder.File("gpt.safetensors");
        var train = ToolRun.Of("train", data, "--task", "text", "--epochs", "2", "--batch", "8", "--out", model);
        Assert.True(train.ExitCode == 0, train.Error);
        Assert.Contains("TextGptSmall: 120,576 parameters", train.Output);
        Assert.Matches(@"epoch 2/2: train loss \d+\.\d{4}, validation loss \d+\.\d{4}, token accuracy", train.Output);
        Assert.Matches(@"step \d+/\d+ loss \d+\.\d{3} [\d,]+ bytes/s, about \d+ s left", train.Output);
        Assert.True(File.Exists(model));
        // The report folder sits next to the checkpoint: the loss curve, the validation metric and the page showing them.
        string report = Path.Combine(folder.Path, "gpt.report");
        Assert.Contains(Path.Combine(report, "index.html"), train.Output);
        Assert.True(File.Exists(Path.Combine(report, "chart-01-loss.png")));
        Assert.True(File.Exists(Path.Combine(report, "chart-02-validation-token-accuracy.png")));
        Assert.Contains("A sample: 300 bytes after", File.ReadAllText(Path.Combine(report, "index.html")));
        // One heat map per attention layer of the two-block GPT.
        Assert.True(File.Exists(Path.Combine(report, "attention-01-attention-of-encoder-layers-0-self-attn.png")));
        Assert.True(File.Exists(Path.Combine(report, "attention-02-attention-of-encoder-layers-1-self-attn.png")));

        var inspect = ToolRun.Of("inspect", model);
        Assert.Equal(0, inspect.ExitCode);
        Assert.Contains("AttentionGen.Tool.Models.TextGptSmall", inspect.Output);
        Assert.Matches(@"embed\.weight\s*│ \(256, 64\)\s*│\s*16,384", inspect.Output);
        Assert.Matches(@"total\s*│\s*│\s*120,576", inspect.Output);
        Assert.Contains("optimizer.exp_avg", inspect.Output);
        Assert.Contains("trainer.epoch", inspect.Output);

        var evaluate = ToolRun.Of("evaluate", model, data);
        Assert.Equal(0, evaluate.ExitCode);
        Assert.Matches(@"loss \(nats per byte\)\s*│\s*\d\.\d{4}", evaluate.Output);

        var generate = ToolRun.Of("generate", model, "--prompt", "the cat", "--length", "20", "--top-k", "5");
        Assert.Equal(0, generate.ExitCode);
        Assert.StartsWith("the cat", generate.Output);
        Assert.Contains("(20 bytes in", generate.Output);

        string weights = folder.File("weights.safetensors");
        var export = ToolRun.Of("export", model, "--out", weights);
        Assert.Equal(0, export.ExitCode);
        using (var file = Safetensors.Open(weights))
        {
            Assert.Equal("pt", file.Metadata["format"]);
            Assert.Contains("encoder.layers.1.self_attn.in_proj_weight", file.Names);
            Assert.DoesNotContain(file.Names, name => name.StartsWith("optimizer.", System.StringComparison.Ordinal));
        }

        // The exported file still names its model, so it evaluates; it cannot be resumed.
        Assert.Equal(0, ToolRun.Of("evaluate", weights, data).ExitCode);
        ToolRun.Of("train", data, "--resume", weights).AssertOneErrorLine(1, "holds weights only");
    }

    [Fact]
    public void Ctrl_C_saves_a_checkpoint_and_resume_ends_exactly_where_an_uninterrupted_run_does()
    {
        using var folder = new TempFolder();
        string data = folder.File("corpus.txt", Samples.Text());
        string straight = folder.File("straight.safetensors");
        string interrupted = folder.File("interrupted.safetensors");
        string[] settings = ["--task", "text", "--epochs", "2", "--batch", "8"];
        Assert.Equal(0, ToolRun.Of(["train", data, .. settings, "--out", straight]).ExitCode);

        // Ctrl+C as the third step is reported: the run stops before the fourth.
        using var cancel = new CancellationTokenSource();
        var stop = ToolRun.Of(cancel.Token, new CancelOnText("step 3/", cancel), ["train", data, .. settings, "--out", interrupted]);
        Assert.Equal(130, stop.ExitCode);
        Assert.Contains($"interrupted at step 3; saved '{interrupted}'. Continue with: attentiongen train --resume", stop.Output);

        var resume = ToolRun.Of("train", data, "--resume", interrupted);
        Assert.True(resume.ExitCode == 0, resume.Error);
        Assert.Contains($"resuming '{interrupted}' at step 3 of", resume.Output);

        using var a = Safetensors.Open(straight);
        using var b = Safetensors.Open(interrupted);
        Assert.Equal(a.Metadata["trainer.step"], b.Metadata["trainer.step"]);
        foreach (var name in a.Names)
        {
            Assert.Equal(a.ReadFloats(name), b.ReadFloats(name));
        }
    }

    [Fact]
    public void Classify_trains_predicts_and_evaluates()
    {
        using var folder = new TempFolder();
        string data = folder.File("reviews.tsv", Samples.Reviews());
        string model = folder.File("reviews.safetensors");
        var train = ToolRun.Of("train", data, "--task", "classify", "--epochs", "8", "--batch", "8", "--out", model);
        Assert.True(train.ExitCode == 0, train.Error);
        Assert.Contains("80 examples, 2 labels (pos, neg); 72 for training, 8 held out", train.Output);

        var predict = ToolRun.Of("predict", model, "--text", "a wonderful moving film", "--text", "dull and tedious");
        Assert.Equal(0, predict.ExitCode);
        Assert.Matches(@"^pos\t\d\.\d{3}\ta wonderful moving film\nneg\t\d\.\d{3}\tdull and tedious\n$", predict.Output.ReplaceLineEndings("\n"));

        var evaluate = ToolRun.Of("evaluate", model, data);
        Assert.Equal(0, evaluate.ExitCode);
        Assert.Matches(@"accuracy\s*│\s*1\.0000", evaluate.Output);

        string other = folder.File("other.tsv", "pos\tgood\nmaybe\tno idea\n");
        ToolRun.Of("evaluate", model, other).AssertOneErrorLine(1, "other.tsv:2: label 'maybe' is not one the model knows (pos, neg)");
    }

    [Fact]
    public void Forecast_fills_gaps_trains_predicts_and_beats_repeating_the_last_value()
    {
        using var folder = new TempFolder();
        string data = folder.File("series.csv", Samples.Series(240, 30, 31, 100));
        string model = folder.File("series.safetensors");
        var train = ToolRun.Of("train", data, "--task", "forecast", "--epochs", "6", "--batch", "16", "--out", model);
        Assert.True(train.ExitCode == 0, train.Error);
        Assert.Contains("240 values (3 missing, filled by interpolation and never a target)", train.Output);

        var predict = ToolRun.Of("predict", model, data);
        Assert.Equal(0, predict.ExitCode);
        var lines = predict.Output.ReplaceLineEndings("\n").TrimEnd().Split('\n');
        Assert.Equal(16, lines.Length);
        Assert.StartsWith("1,", lines[0]);

        var evaluate = ToolRun.Of("evaluate", model, data);
        Assert.Equal(0, evaluate.ExitCode);
        var error = System.Text.RegularExpressions.Regex.Match(evaluate.Output, @"mean absolute error\s*│\s*(\d+\.\d+)");
        var baseline = System.Text.RegularExpressions.Regex.Match(evaluate.Output, @"last value repeated\s*│\s*(\d+\.\d+)");
        Assert.True(double.Parse(error.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)
            < double.Parse(baseline.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), evaluate.Output);
    }

    /// <summary>Cancels when the output shows a given text: Ctrl+C at a known step.</summary>
    private sealed class CancelOnText(string text, CancellationTokenSource cancel) : StringWriter
    {
        public override void WriteLine(string? value)
        {
            if (value?.Contains(text, System.StringComparison.Ordinal) == true) cancel.Cancel();
        }
    }
}
