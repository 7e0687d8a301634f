using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using AttentionGen.Runtime;
using AttentionGen.Samples;

namespace Sentiment;

/// <summary>What one train-and-test round produced: the test accuracy and what is needed to save and serve its models.</summary>
public sealed record RoundResult(
    double TestAccuracy, WordVocabulary Vocabulary, IReadOnlyList<SentimentClassifier> Models,
    IReadOnlyList<SentimentClassifier.Torch> TorchModules, IReadOnlyList<int> BestEpochs, IReadOnlyList<List<EpochFigures>> Histories, int TrainCount, int ValidationCount, int TestCount);

/// <summary>
/// The evaluation protocol. The test reviews are scored once, at the end, and influence nothing: a tenth of the other
/// reviews (split off with <see cref="ValidationSeed"/>) is the validation set that picks each run's best epoch, and
/// the vocabulary comes from the remaining training reviews alone.
/// <list type="bullet">
/// <item>Default: one fixed split, the test set a seeded tenth of all reviews (<see cref="TestSeed"/>).</item>
/// <item><c>--folds 10</c>: 10-fold cross-validation as Kim (2014) reports this data set, each fold the test set once.</item>
/// </list>
/// </summary>
public static class Protocol
{
    public const int TestSeed = 1;
    public const int ValidationSeed = 2;
    public const double TestFraction = 0.1;
    public const double ValidationFraction = 0.1;

    /// <summary>The seed of the <paramref name="index"/>-th ensemble member (initialization, shuffling, dropout).</summary>
    public static int ModelSeed(int index) => 42 + index;

    /// <summary>
    /// Trains <paramref name="seeds"/> classifiers on <paramref name="rest"/> (split into training and validation
    /// reviews) and scores their averaged probabilities on <paramref name="test"/>. Epoch figures go to
    /// <paramref name="log"/> when it is given.
    /// </summary>
    public static RoundResult TrainAndTest(
        IReadOnlyList<Review> rest, IReadOnlyList<Review> test, TrainingRecipe recipe, int seeds, BackendOptions backend, TextWriter? log)
    {
        var (train, validation) = MovieReviews.Split(rest, ValidationFraction, ValidationSeed);
        var vocabulary = ReviewVocabulary.Build(train.Select(review => review.Text), recipe.MinCount, SentimentClassifier.Vocab);
        log?.WriteLine($"{train.Count:N0} training reviews, {validation.Count:N0} validation reviews (pick the best epoch), {test.Count:N0} test reviews (scored once); "
            + $"vocabulary: the {vocabulary.Count - 2:N0} words seen at least {recipe.MinCount} times in the training reviews, plus padding and unknown");
        var trainSet = Encode(vocabulary, train);
        var validationSet = Encode(vocabulary, validation);
        var testSet = Encode(vocabulary, test);

        var models = new List<SentimentClassifier>();
        var modules = new List<SentimentClassifier.Torch>();
        var bestEpochs = new List<int>();
        var histories = new List<List<EpochFigures>>();
        var probabilities = new List<float[]>();
        for (int index = 0; index < seeds; index++)
        {
            int seed = ModelSeed(index);
            void Report(EpochFigures e) => log?.WriteLine(
                $"  seed {seed} epoch {e.Epoch}: train loss {e.TrainLoss:F3}, accuracy {100 * e.TrainAccuracy:F1}%; validation loss {e.ValidationLoss:F3}, accuracy {100 * e.ValidationAccuracy:F1}%");
            SentimentClassifier model;
            int bestEpoch;
            if (backend.Torch)
            {
                var (module, history, best) = TorchTraining.Train(trainSet, validationSet, recipe, seed, backend.TorchDevice(), Report);
                model = new SentimentClassifier(maxBatch: 32, inferenceOnly: true);
                module.CopyTo(model);
                modules.Add(module);
                histories.Add(history);
                bestEpoch = best;
            }
            else
            {
                (model, var history, bestEpoch) = NativeTraining.Train(trainSet, validationSet, recipe, seed, Report);
                histories.Add(history);
            }
            var scores = Scoring.PositiveProbabilities(model, testSet);
            log?.WriteLine($"  seed {seed}: kept epoch {bestEpoch}; test accuracy {100 * Scoring.Accuracy(scores, testSet):F1}%");
            models.Add(model);
            bestEpochs.Add(bestEpoch);
            probabilities.Add(scores);
        }
        double accuracy = Scoring.Accuracy(Scoring.Average(probabilities), testSet);
        return new RoundResult(accuracy, vocabulary, models, modules, bestEpochs, histories, train.Count, validation.Count, test.Count);
    }

    /// <summary>A review's word ids, at most MaxSeq of them; an empty review is one padding id.</summary>
    public static int[] Encode(WordVocabulary vocabulary, string text)
    {
        var tokens = new int[SentimentClassifier.MaxSeq];
        int length = Math.Max(1, vocabulary.Encode(text, tokens));
        return tokens[..length];
    }

    private static List<(int[] Tokens, int Label)> Encode(WordVocabulary vocabulary, IEnumerable<Review> reviews) =>
        reviews.Select(review => (Encode(vocabulary, review.Text), review.Label)).ToList();
}
