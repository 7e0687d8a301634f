using System;
using System.Collections.Generic;
using System.Linq;
using AttentionGen.Runtime;
using AttentionGen.Training;

namespace Sentiment;

/// <summary>
/// Trains one <see cref="SentimentClassifier"/> with AttentionGen's own trainer: AdamW, gradient clipping, word dropout
/// drawn afresh each epoch, and the weights of the epoch with the best validation accuracy kept (early stopping
/// without stopping: the epochs are few and cheap, and the best one is often not the last).
/// </summary>
public static class NativeTraining
{
    public static (SentimentClassifier Model, List<EpochFigures> Epochs, int BestEpoch) Train(
        IReadOnlyList<(int[] Tokens, int Label)> train, IReadOnlyList<(int[] Tokens, int Label)> validation,
        TrainingRecipe recipe, int seed, Action<EpochFigures>? onEpoch = null)
    {
        var model = new SentimentClassifier(seed: (ulong)seed, maxBatch: recipe.BatchSize);
        ScaleEmbedding(model, recipe.EmbeddingScale);
        var trainer = model.Trainer(
            new TokenClassification(),
            new AdamW(lr: recipe.LearningRate, weightDecay: recipe.WeightDecay),
            new TrainerOptions { BatchSize = recipe.BatchSize, MaxGradientNorm = recipe.MaxGradientNorm, ShuffleSeed = (ulong)seed });
        var dropout = new TokenDropout(recipe.WordDropout, WordVocabulary.Unknown, seed);
        var epochs = new List<EpochFigures>();
        float[] best = model.Parameters.ToArray();
        int bestEpoch = 0;
        for (int epoch = 0; epoch < recipe.Epochs; epoch++)
        {
            var summary = trainer.Fit(dropout.Apply(train), epoch + 1).Epochs.Single();
            var evaluation = trainer.Evaluate(validation);
            var figures = new EpochFigures(epoch + 1, summary.TrainLoss, summary.TrainMetric, evaluation.Loss, evaluation.Metric);
            epochs.Add(figures);
            onEpoch?.Invoke(figures);
            if (epoch == 0 || figures.ValidationAccuracy > epochs[bestEpoch].ValidationAccuracy)
            {
                bestEpoch = epoch;
                model.Parameters.CopyTo(best);
            }
        }
        best.CopyTo(model.Parameters);
        return (model, epochs, bestEpoch + 1);
    }

    /// <summary>Multiplies the embedding table by <paramref name="scale"/> (see <see cref="TrainingRecipe.EmbeddingScale"/>).</summary>
    public static void ScaleEmbedding(SentimentClassifier model, float scale)
    {
        foreach (ref float value in model.Parameter("embed.weight")) value *= scale;
    }
}
