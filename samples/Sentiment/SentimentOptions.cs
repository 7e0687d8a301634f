using System;
using System.Collections.Generic;
using System.Globalization;
using AttentionGen.Samples;

namespace Sentiment;

/// <summary>
/// The sample's command line: the shared <c>[epochs] [--backend native|torch] [--device cpu|cuda[:n]]</c> plus
/// <c>--folds K</c> (K-fold cross-validation instead of the fixed split) and <c>--seeds N</c> (an ensemble of N
/// independently seeded classifiers whose probabilities are averaged).
/// </summary>
public sealed record SentimentOptions(BackendOptions Backend, int Folds, int Seeds)
{
    public const int DefaultEpochs = 8;
    public const int DefaultSeeds = 1;
    public const string Usage = "[epochs] [--folds 2-20] [--seeds 1-10] " + BackendOptions.Usage;

    /// <summary>Throws <see cref="ArgumentException"/> with one line naming the bad argument.</summary>
    public static SentimentOptions Parse(string[] args)
    {
        int folds = 0, seeds = DefaultSeeds;
        var rest = new List<string>();
        for (int i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--folds":
                    folds = Whole(args, ref i, 2, 20);
                    break;
                case "--seeds":
                    seeds = Whole(args, ref i, 1, 10);
                    break;
                default:
                    rest.Add(args[i]);
                    break;
            }
        }
        var backend = BackendOptions.Parse(rest.ToArray(), DefaultEpochs);
        return new SentimentOptions(backend, folds, seeds);
    }

    private static int Whole(string[] args, ref int i, int min, int max)
    {
        string name = args[i];
        if (i + 1 >= args.Length) throw new ArgumentException($"{name} needs a value from {min} to {max}. Usage: {Usage}");
        string value = args[++i];
        if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out int number) || number < min || number > max)
            throw new ArgumentException($"{name} is \"{value}\"; it must be a whole number from {min} to {max}.");
        return number;
    }
}
