using System.IO;
using AttentionGen.Checkpoints;

namespace AttentionGen.Tool.Tests;

public sealed class TranslateTests
{
    [Fact]
    public void Translate_trains_then_predicts_evaluates_inspects_and_exports()
    {
        using var folder = new TempFolder();
        string data = folder.File("pairs.tsv", Samples.Pairs());
        string model = folder.File("mt.safetensors");
        var train = ToolRun.Of("train", data, "--task", "translate", "--epochs", "25", "--batch", "8", "--lr", "3e-3", "--out", model);
        Assert.True(train.ExitCode == 0, train.Error);
        Assert.Contains("TranslatorSmall: ", train.Output);
        Assert.Contains("80 pairs; 72 for training, 8 held out;", train.Output);
        Assert.Matches(@"epoch 25/25: train loss \d+\.\d{4}, validation loss \d+\.\d{4}, token accuracy", train.Output);
        // The report: the loss curves, the validation metric, the cross-attention of a translation, the translations.
        string report = Path.Combine(folder.Path, "mt.report");
        Assert.True(File.Exists(Path.Combine(report, "chart-01-loss.png")));
        Assert.True(File.Exists(Path.Combine(report, "chart-02-validation-token-accuracy.png")));
        Assert.Single(Directory.GetFiles(report, "attention-01-cross-attention-of-decoder-layers-0-*.png"));
        string page = File.ReadAllText(Path.Combine(report, "index.html"));
        Assert.Contains("held-out character BLEU-4 (greedy)", page);
        Assert.Contains("Translations (greedy) of the first held-out sources", page);

        // Redirected, predict prints source<TAB>translation; the pairs were learned by heart, greedy and beam alike.
        var predict = ToolRun.Of("predict", model, "--text", "I am happy.", "--text", "Who are you?", "--beam", "3");
        Assert.True(predict.ExitCode == 0, predict.Error);
        Assert.Equal("I am happy.\t我很高兴。\nWho are you?\t你是谁？\n", predict.Output.Replace("\r", ""));
        string sentences = folder.File("sentences.txt", "Thank you.\n\nCome here.\n");
        var fromFile = ToolRun.Of("predict", model, sentences);
        Assert.Equal("Thank you.\t谢谢你。\nCome here.\t过来。\n", fromFile.Output.Replace("\r", ""));

        // Evaluating on the training file scores the pairs train held out, by the same seeded split.
        var evaluate = ToolRun.Of("evaluate", model, data);
        Assert.True(evaluate.ExitCode == 0, evaluate.Error);
        Assert.Contains("8: the pairs train held out (--seed 42, --validation 0.1)", evaluate.Output);
        Assert.Matches(@"character BLEU-4 \(greedy\)\s*│\s*100\.00", evaluate.Output);
        Assert.Matches(@"next-character accuracy\s*│\s*\d\.\d{4}", evaluate.Output);

        var inspect = ToolRun.Of("inspect", model);
        Assert.Equal(0, inspect.ExitCode);
        Assert.Contains("AttentionGen.Tool.Models.TranslatorSmall", inspect.Output);
        Assert.Contains("24 source words in, up to 31 characters out", inspect.Output);
        Assert.Contains("decoder.layers.0.multihead_attn.in_proj_weight", inspect.Output);

        // The exported weights keep the target characters, so they translate alike.
        string weights = folder.File("weights.safetensors");
        Assert.Equal(0, ToolRun.Of("export", model, "--out", weights).ExitCode);
        using (var file = Safetensors.Open(weights))
        {
            Assert.Contains("decoder.layers.0.multihead_attn.in_proj_weight", file.Names);
            Assert.StartsWith("。", file.Metadata["attentiongen.tool.target_characters"]);
        }

        Assert.Equal("I am happy.\t我很高兴。\n", ToolRun.Of("predict", weights, "--text", "I am happy.").Output.Replace("\r", ""));
    }

    [Fact]
    public void A_malformed_pair_names_its_file_and_line()
    {
        using var folder = new TempFolder();
        string data = folder.File("bad.tsv", "Hi.\t嗨。\n\nno tab on this line\n");
        ToolRun.Of("train", data, "--task", "translate").AssertOneErrorLine(1, "bad.tsv:3: expected source<TAB>target, found no tab in \"no tab on this line\"");
        string empty = folder.File("empty-target.tsv", "Hi.\t嗨。\nRun.\t \n");
        ToolRun.Of("train", empty, "--task", "translate").AssertOneErrorLine(1, "empty-target.tsv:2: the target after the tab is empty");
        ToolRun.Of("predict", "m.safetensors", "--beam", "0").AssertOneErrorLine(2, "--beam is 0; it must be in [1, 16]");
    }
}
