using System;
using System.Collections.Generic;

namespace Sentiment;

/// <summary>Probabilities of "positive" from one or several trained classifiers, and the accuracy they give.</summary>
public static class Scoring
{
    private const int Batch = 32;

    /// <summary>P(positive) of each example, from the model in inference mode, a batch at a time.</summary>
    public static float[] PositiveProbabilities(SentimentClassifier model, IReadOnlyList<(int[] Tokens, int Label)> examples)
    {
        var probabilities = new float[examples.Count];
        int batch = Math.Min(Batch, model.MaxBatch);
        for (int start = 0; start < examples.Count; start += batch)
        {
            int count = Math.Min(batch, examples.Count - start);
            int longest = 0;
            for (int b = 0; b < count; b++) longest = Math.Max(longest, examples[start + b].Tokens.Length);
            var tokens = new int[count * longest];
            var lengths = new int[count];
            for (int b = 0; b < count; b++)
            {
                examples[start + b].Tokens.CopyTo(tokens, b * longest);
                lengths[b] = examples[start + b].Tokens.Length;
            }
            var logits = model.Forward(tokens, count, longest, lengths);
            // softmax over two classes, written as the logistic of their difference
            for (int b = 0; b < count; b++) probabilities[start + b] = 1f / (1f + MathF.Exp(logits[2 * b] - logits[2 * b + 1]));
        }
        return probabilities;
    }

    /// <summary>The mean of several models' probabilities: an ensemble of independently seeded runs.</summary>
    public static float[] Average(IReadOnlyList<float[]> probabilities)
    {
        if (probabilities.Count == 0) throw new ArgumentException("Averaging needs at least one set of probabilities.", nameof(probabilities));
        var mean = new float[probabilities[0].Length];
        foreach (var set in probabilities)
        {
            if (set.Length != mean.Length) throw new ArgumentException($"The sets have {mean.Length} and {set.Length} probabilities; they must score the same examples.", nameof(probabilities));
            for (int i = 0; i < mean.Length; i++) mean[i] += set[i] / probabilities.Count;
        }
        return mean;
    }

    /// <summary>The fraction of examples whose P(positive) falls on the side of 0.5 their label says.</summary>
    public static double Accuracy(ReadOnlySpan<float> positive, IReadOnlyList<(int[] Tokens, int Label)> examples)
    {
        if (positive.Length != examples.Count) throw new ArgumentException($"{positive.Length} probabilities for {examples.Count} examples.", nameof(positive));
        int correct = 0;
        for (int i = 0; i < positive.Length; i++) correct += (positive[i] > 0.5f ? 1 : 0) == examples[i].Label ? 1 : 0;
        return (double)correct / examples.Count;
    }
}
