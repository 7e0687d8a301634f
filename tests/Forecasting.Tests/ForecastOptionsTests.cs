using Forecasting;

namespace Forecasting.Tests;

public class ForecastOptionsTests
{
    [Fact]
    public void NoFlagsGiveTheDefaults() => Assert.Equal(ForecastOptions.Defaults, ForecastOptions.Parse([]));

    [Fact]
    public void FlagsTakeASpaceOrAnEqualsSign()
    {
        var options = ForecastOptions.Parse(["--epochs", "5", "--window=60", "--horizon", "13", "--seed=7"]);

        Assert.Equal(new ForecastOptions(Epochs: 5, Window: 60, Horizon: 13, Seed: 7), options);
    }

    [Theory]
    [InlineData(new[] { "--epochs", "zero" }, "--epochs is 'zero'; it must be a whole number from 1 to 10000.")]
    [InlineData(new[] { "--window=157" }, "--window is '157'; it must be a whole number from 1 to 156.")]
    [InlineData(new[] { "--horizon", "53" }, "--horizon is '53'; it must be a whole number from 1 to 52.")]
    [InlineData(new[] { "--seed" }, "--seed needs a value.")]
    [InlineData(new[] { "--lr", "1" }, "unknown option '--lr'; the options are --epochs, --window, --horizon and --seed.")]
    [InlineData(new[] { "30" }, "unexpected argument '30'; options start with --.")]
    public void ABadFlagIsOneClearLine(string[] args, string message)
    {
        var error = Assert.Throws<FormatException>(() => ForecastOptions.Parse(args));

        Assert.Equal(message, error.Message);
    }
}
