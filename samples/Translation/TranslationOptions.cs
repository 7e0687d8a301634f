using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;

namespace Translation;

/// <summary>What the sample is asked to do.</summary>
public enum TranslationCommand
{
    /// <summary>Train on the training split, save the model, score the held-out split.</summary>
    Train,

    /// <summary>Translate the sentences given on the command line with a saved model.</summary>
    Translate,

    /// <summary>Score a saved model on the held-out split it was trained under.</summary>
    Evaluate,
}

/// <summary>
/// The command line: an optional command (<c>train</c>, the default; <c>translate</c> with sentences; <c>evaluate</c>)
/// and <c>--name value</c> or <c>--name=value</c> flags.
/// </summary>
public sealed record TranslationOptions(
    TranslationCommand Command, int Epochs, ulong Seed, int Beam, string Checkpoint, string Report, IReadOnlyList<string> Sentences)
{
    /// <summary>Beam widths above this gain nothing on sentences this short and cost time.</summary>
    public const int MaxBeam = 16;

    public static string DefaultCheckpoint { get; } = Path.Combine("artifacts", "translation", "en-zh.safetensors");

    public static string DefaultReport { get; } = Path.Combine("artifacts", "translation", "report");

    public static TranslationOptions Defaults { get; } = new(TranslationCommand.Train, Epochs: 10, Seed: 42, Beam: 4, DefaultCheckpoint, DefaultReport, []);

    public const string Usage =
        "usage: dotnet run --project samples/Translation -c Release -- [train] [--epochs N] [--seed N] [--beam N] [--checkpoint PATH] [--report DIR]\n" +
        "       dotnet run --project samples/Translation -c Release -- translate \"English sentence\" ... [--beam N] [--checkpoint PATH]\n" +
        "       dotnet run --project samples/Translation -c Release -- evaluate [--beam N] [--checkpoint PATH] [--report DIR]\n" +
        "--beam 1 decodes greedily; train and evaluate report both greedy and --beam N (default 4) BLEU, and write a report folder.";

    /// <summary>Parses the arguments; throws <see cref="FormatException"/> with one line saying what is wrong.</summary>
    public static TranslationOptions Parse(string[] args)
    {
        var options = Defaults;
        int i = 0;
        if (args.Length > 0 && !args[0].StartsWith("--", StringComparison.Ordinal))
        {
            options = options with
            {
                Command = args[0] switch
                {
                    "train" => TranslationCommand.Train,
                    "translate" => TranslationCommand.Translate,
                    "evaluate" => TranslationCommand.Evaluate,
                    _ => throw new FormatException($"unknown command '{args[0]}'; the commands are train, translate and evaluate."),
                },
            };
            i = 1;
        }

        var sentences = new List<string>();
        for (; i < args.Length; i++)
        {
            string arg = args[i];
            if (!arg.StartsWith("--", StringComparison.Ordinal))
            {
                if (options.Command != TranslationCommand.Translate)
                    throw new FormatException($"unexpected argument '{arg}'; only translate takes sentences, and options start with --.");
                sentences.Add(arg);
                continue;
            }

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
                "--epochs" => options with { Epochs = TrainOnly(options, name, Whole(name, value, 1, 1000)) },
                "--seed" => options with { Seed = (ulong)TrainOnly(options, name, Whole(name, value, 0, int.MaxValue)) },
                "--beam" => options with { Beam = Whole(name, value, 1, MaxBeam) },
                "--checkpoint" => options with { Checkpoint = value.Length > 0 ? value : throw new FormatException("--checkpoint is empty; give a file path.") },
                "--report" => options with { Report = NotForTranslate(options, name, value.Length > 0 ? value : throw new FormatException("--report is empty; give a folder.")) },
                _ => throw new FormatException($"unknown option '{name}'; the options are --epochs, --seed, --beam, --checkpoint and --report."),
            };
        }

        if (options.Command == TranslationCommand.Translate && sentences.Count == 0)
            throw new FormatException("translate needs at least one sentence, e.g. translate \"I love you.\"");
        return options with { Sentences = sentences };
    }

    private static int TrainOnly(TranslationOptions options, string name, int value) =>
        options.Command == TranslationCommand.Train
            ? value
            : throw new FormatException($"{name} applies to train only; {options.Command.ToString().ToLowerInvariant()} uses the saved model's.");

    // translate prints its translations and writes nothing, so a report folder given to it would be silently ignored.
    private static string NotForTranslate(TranslationOptions options, string name, string value) =>
        options.Command != TranslationCommand.Translate
            ? value
            : throw new FormatException($"{name} applies to train and evaluate; translate writes no report.");

    private static int Whole(string name, string value, int min, int max)
    {
        if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out int number) || number < min || number > max)
            throw new FormatException($"{name} is '{value}'; it must be a whole number from {min} to {max}.");
        return number;
    }
}
