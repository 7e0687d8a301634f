using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Text;
using AttentionGen.Models.Tests.Models;
using AttentionGen.Runtime;
using AttentionGen.Training;
using Xunit.Abstractions;

namespace AttentionGen.Models.Tests.Training;

/// <summary>
/// The trainer on real text: a slice of the shipped movie reviews (Latin-1, one review per line), a word
/// vocabulary built from the training part, and the token-classification objective. The held-out loss must fall
/// and the accuracy rise clearly above chance (50%); a broken backward pass, loss or optimizer fails this.
/// </summary>
public class RealDataTrainingTests(ITestOutputHelper output)
{
    [Fact]
    public void MovieReviewClassifierLearnsWithinSeconds()
    {
        var (train, dev) = LoadReviews(trainCount: 4000, devCount: 800);
        var model = new ReviewClassifier(seed: 7, maxBatch: 32);
        var trainer = model.Trainer(new TokenClassification(), new AdamW(lr: 2e-3f), new TrainerOptions { BatchSize = 32, ShuffleSeed = 3 });

        var before = trainer.Evaluate(dev);
        var clock = Stopwatch.StartNew();
        var history = trainer.Fit(train, epochs: 3, validation: dev);
        clock.Stop();

        foreach (var epoch in history.Epochs)
        {
            output.WriteLine($"epoch {epoch.Epoch}: train loss {epoch.TrainLoss:F4} acc {epoch.TrainMetric:P1}; dev loss {epoch.Validation!.Loss:F4} acc {epoch.Validation.Metric:P1}");
        }

        output.WriteLine($"before: dev loss {before.Loss:F4} acc {before.Metric:P1}; {clock.Elapsed.TotalSeconds:F1} s");
        var after = history.Epochs[^1].Validation!;
        Assert.True(after.Loss < before.Loss - 0.05, $"dev loss {before.Loss:F4} → {after.Loss:F4}");
        Assert.True(after.Metric > 0.62, $"dev accuracy {after.Metric:P1} (chance 50%)");
        Assert.True(history.Epochs[^1].TrainLoss < history.Epochs[0].TrainLoss);
    }

    private static (List<(int[] Tokens, int Label)> Train, List<(int[] Tokens, int Label)> Dev) LoadReviews(int trainCount, int devCount)
    {
        string folder = Path.Combine(RepositoryRoot(), "samples", "data", "rt-polarity");
        var reviews = File.ReadLines(Path.Combine(folder, "rt-polarity.pos"), Encoding.Latin1).Select(line => (Text: line.Trim(), Label: 1))
            .Concat(File.ReadLines(Path.Combine(folder, "rt-polarity.neg"), Encoding.Latin1).Select(line => (Text: line.Trim(), Label: 0)))
            .Where(r => r.Text.Length > 0)
            .ToArray();
        new System.Random(11).Shuffle(reviews);
        var trainReviews = reviews.Take(trainCount).ToArray();
        var devReviews = reviews.Skip(trainCount).Take(devCount).ToArray();
        var vocabulary = WordVocabulary.Build(trainReviews.Select(r => r.Text), ReviewClassifier.Vocab);
        List<(int[] Tokens, int Label)> Encode(IEnumerable<(string Text, int Label)> part) => part.Select(r =>
        {
            var ids = new int[ReviewClassifier.MaxSeq];
            int length = System.Math.Max(1, vocabulary.Encode(r.Text, ids));
            return (ids[..length], r.Label);
        }).ToList();
        return (Encode(trainReviews), Encode(devReviews));
    }

    private static string RepositoryRoot([CallerFilePath] string thisFile = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(thisFile)!, "..", "..", ".."));
}
