using System.Collections.Generic;
using Translation;

namespace Translation.Tests;

public class TranslationOptionsTests
{
    [Fact]
    public void NoArgumentsTrainWithTheDefaults()
    {
        var options = TranslationOptions.Parse([]);

        Assert.Empty(options.Sentences);
        Assert.Equal(TranslationOptions.Defaults, options with { Sentences = TranslationOptions.Defaults.Sentences });
    }

    [Fact]
    public void TranslateTakesSentencesAndFlagsInAnyOrder()
    {
        var options = TranslationOptions.Parse(["translate", "I love you.", "--beam=1", "Where is Tom?", "--checkpoint", "m.safetensors"]);

        Assert.Equal(TranslationCommand.Translate, options.Command);
        Assert.Equal(new[] { "I love you.", "Where is Tom?" }, options.Sentences);
        Assert.Equal(1, options.Beam);
        Assert.Equal("m.safetensors", options.Checkpoint);
    }

    [Fact]
    public void TrainTakesEpochsSeedAndBeam()
    {
        var options = TranslationOptions.Parse(["train", "--epochs", "3", "--seed=7", "--beam", "8", "--report", "out"]);

        Assert.Equal(TranslationOptions.Defaults with { Epochs = 3, Seed = 7, Beam = 8, Report = "out" }, options with { Sentences = TranslationOptions.Defaults.Sentences });
    }

    [Theory]
    [InlineData(new[] { "--beam", "0" }, "--beam is '0'; it must be a whole number from 1 to 16.")]
    [InlineData(new[] { "--beam=wide" }, "--beam is 'wide'; it must be a whole number from 1 to 16.")]
    [InlineData(new[] { "--epochs" }, "--epochs needs a value.")]
    [InlineData(new[] { "--lr", "1" }, "unknown option '--lr'; the options are --epochs, --seed, --beam, --checkpoint and --report.")]
    [InlineData(new[] { "fit" }, "unknown command 'fit'; the commands are train, translate and evaluate.")]
    [InlineData(new[] { "train", "hello" }, "unexpected argument 'hello'; only translate takes sentences, and options start with --.")]
    [InlineData(new[] { "translate" }, "translate needs at least one sentence, e.g. translate \"I love you.\"")]
    [InlineData(new[] { "translate", "Hi.", "--epochs", "2" }, "--epochs applies to train only; translate uses the saved model's.")]
    [InlineData(new[] { "evaluate", "--checkpoint=" }, "--checkpoint is empty; give a file path.")]
    [InlineData(new[] { "--report", "" }, "--report is empty; give a folder.")]
    [InlineData(new[] { "translate", "Hi.", "--report", "out" }, "--report applies to train and evaluate; translate writes no report.")]
    public void ABadFlagIsOneClearLine(string[] args, string message)
    {
        var error = Assert.Throws<FormatException>(() => TranslationOptions.Parse(args));

        Assert.Equal(message, error.Message);
    }
}
