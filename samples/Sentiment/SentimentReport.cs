using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using AttentionGen.Reports;
using AttentionGen.Runtime;

namespace Sentiment;

/// <summary>
/// The run's report folder (PNG charts and index.html, see <see cref="RunReport"/>): the settings, the test accuracy,
/// loss and accuracy per epoch for training and validation, and the attention of the trained encoder block over one
/// review, one panel per head.
/// </summary>
public static class SentimentReport
{
    public static RunReport Create(SentimentOptions options, TrainingRecipe recipe, string protocol)
    {
        var report = new RunReport("Movie-review sentiment: SentimentClassifier on rt-polarity");
        report.AddSetting("protocol", protocol);
        report.AddSetting("model", $"SentimentClassifier, {SentimentClassifier.ParameterCount:N0} parameters: Embed(64) + sinusoidal positions, Encoder(1, 4 heads, feed-forward 128), mean pool, Dense(2)");
        report.AddSetting("backend", options.Backend.Describe());
        report.AddSetting("epochs", recipe.Epochs.ToString(CultureInfo.InvariantCulture) + " (the best validation epoch kept)");
        report.AddSetting("seeds", string.Join(", ", Enumerable.Range(0, options.Seeds).Select(Protocol.ModelSeed)));
        report.AddSetting("optimizer", $"AdamW, learning rate {recipe.LearningRate}, weight decay {recipe.WeightDecay}, batch {recipe.BatchSize}, gradient norm clipped at {recipe.MaxGradientNorm}");
        report.AddSetting("regularization", $"word dropout {recipe.WordDropout}, embedding table scaled by {recipe.EmbeddingScale} at the start, words seen fewer than {recipe.MinCount} times are unknown");
        return report;
    }

    /// <summary>Loss and accuracy per epoch, one line per data set (and per seed when there are several).</summary>
    public static void AddEpochs(RunReport report, IReadOnlyList<List<EpochFigures>> histories)
    {
        report.SetAxes("Loss", "epoch", "cross-entropy (nats)");
        report.SetAxes("Accuracy", "epoch", "accuracy (%)");
        for (int index = 0; index < histories.Count; index++)
        {
            string suffix = histories.Count == 1 ? "" : $" (seed {Protocol.ModelSeed(index)})";
            foreach (var epoch in histories[index])
            {
                report.AddPoint("Loss", "train" + suffix, epoch.Epoch, epoch.TrainLoss);
                report.AddPoint("Loss", "validation" + suffix, epoch.Epoch, epoch.ValidationLoss);
                report.AddPoint("Accuracy", "train" + suffix, epoch.Epoch, 100 * epoch.TrainAccuracy);
                report.AddPoint("Accuracy", "validation" + suffix, epoch.Epoch, 100 * epoch.ValidationAccuracy);
            }
        }
    }

    /// <summary>
    /// The encoder block's attention over <paramref name="text"/>: runs the review through <paramref name="model"/> (a
    /// trainable instance, which keeps the queries and keys AttentionWeights reads) and adds one map with a panel per head.
    /// </summary>
    public static void AddAttention(RunReport report, SentimentClassifier model, WordVocabulary vocabulary, string text)
    {
        var tokens = Protocol.Encode(vocabulary, text);
        var words = text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Take(tokens.Length)
            .Select((word, i) => tokens[i] == WordVocabulary.Unknown ? word + " (?)" : word).ToList();
        if (words.Count == 0) return;
        float positive = model.Predict(tokens, 1, tokens.Length)[1];
        var map = model.AttentionWeights(0, 0);
        report.AddAttentionMap($"{map.Layer}, P(positive) = {positive:F2} (? marks a word outside the vocabulary): \"{text}\"", words, words, map.Weights, map.Heads);
    }
}
