using System;
using System.Globalization;

namespace Forecasting;

/// <summary>The command line: <c>--epochs</c>, <c>--window</c>, <c>--horizon</c>, <c>--seed</c>, each optional.</summary>
public sealed record ForecastOptions(int Epochs, int Window, int Horizon, ulong Seed)
{
    public static ForecastOptions Defaults { get; } = new(Epochs: 30, Window: 104, Horizon: Co2Forecaster.Outputs, Seed: 42);

    public const string Usage =
        "usage: dotnet run --project samples/Forecasting -c Release -- [--epochs N] [--window WEEKS] [--horizon WEEKS] [--seed N]";

    /// <summary>Parses <c>--name value</c> or <c>--name=value</c>; throws <see cref="FormatException"/> with one line saying what is wrong.</summary>
    public static ForecastOptions Parse(string[] args)
    {
        var options = Defaults;
        for (int i = 0; i < args.Length; i++)
        {
            string arg = args[i];
            if (!arg.StartsWith("--", StringComparison.Ordinal)) throw new FormatException($"unexpected argument '{arg}'; options start with --.");
            string name = arg, value;
            int equals = arg.IndexOf('=', StringComparison.Ordinal);
            if (equals >= 0)
            {
                name = arg[..equals];
                value = arg[(equals + 1)..];
            }
            else if (i + 1 < args.Length)
            {
                value = args[++i];
            }
            else
            {
                throw new FormatException($"{arg} needs a value.");
            }

            options = name switch
            {
                "--epochs" => options with { Epochs = Whole(name, value, 1, 10_000) },
                "--window" => options with { Window = Whole(name, value, 1, Co2Forecaster.MaxSeq) },
                // The model writes Outputs (52) weeks at once; the horizon is how many of them are forecast and scored.
                "--horizon" => options with { Horizon = Whole(name, value, 1, Co2Forecaster.Outputs) },
                "--seed" => options with { Seed = (ulong)Whole(name, value, 0, int.MaxValue) },
                _ => throw new FormatException($"unknown option '{name}'; the options are --epochs, --window, --horizon and --seed."),
            };
        }

        return options;
    }

    private static int Whole(string name, string value, int min, int max)
    {
        if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out int number) || number < min || number > max)
            throw new FormatException($"{name} is '{value}'; it must be a whole number from {min} to {max}.");
        return number;
    }
}
