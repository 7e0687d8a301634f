using Sentiment;

namespace Sentiment.Tests;

public class SentimentOptionsTests
{
    [Fact]
    public void No_arguments_is_the_fixed_split_with_one_seed_on_the_native_backend()
    {
        var options = SentimentOptions.Parse([]);
        Assert.Equal(0, options.Folds);
        Assert.Equal(1, options.Seeds);
        Assert.Equal(SentimentOptions.DefaultEpochs, options.Backend.Count);
        Assert.False(options.Backend.Torch);
    }

    [Fact]
    public void Folds_seeds_epochs_and_backend_combine()
    {
        var options = SentimentOptions.Parse(["5", "--folds", "10", "--seeds", "3", "--backend", "torch"]);
        Assert.Equal((10, 3, 5, true), (options.Folds, options.Seeds, options.Backend.Count, options.Backend.Torch));
    }

    [Theory]
    [InlineData("--folds 1", "--folds is \"1\"")]
    [InlineData("--folds ten", "--folds is \"ten\"")]
    [InlineData("--seeds 0", "--seeds is \"0\"")]
    [InlineData("--seeds", "--seeds needs a value")]
    [InlineData("--fold 10", "\"--fold\" is neither")]
    public void A_bad_argument_is_one_line_naming_it(string line, string expected)
    {
        var error = Assert.Throws<ArgumentException>(() => SentimentOptions.Parse(line.Split(' ')));
        Assert.Contains(expected, error.Message);
        Assert.DoesNotContain('\n', error.Message);
    }
}
