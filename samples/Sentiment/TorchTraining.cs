using System;
using System.Collections.Generic;
using System.Linq;
using AttentionGen.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace Sentiment;

/// <summary>
/// The same training on TorchSharp: the generated <see cref="SentimentClassifier.Torch"/> module, started from the
/// native model's seeded (and embedding-scaled) weights so both backends begin alike, with TorchSharp's AdamW
/// (PyTorch's defaults passed explicitly: TorchSharp's own AdamW defaults weight_decay to 0), gradient clipping, the
/// same word dropout and the best validation epoch kept. Batches are padded to their longest review.
/// </summary>
public static class TorchTraining
{
    /// <summary>Trains on <paramref name="device"/>; the module returned holds the best epoch's weights.</summary>
    public static (SentimentClassifier.Torch Module, List<EpochFigures> Epochs, int BestEpoch) Train(
        IReadOnlyList<(int[] Tokens, int Label)> train, IReadOnlyList<(int[] Tokens, int Label)> validation,
        TrainingRecipe recipe, int seed, Device device, Action<EpochFigures>? onEpoch = null)
    {
        manual_seed(seed); // the dropout masks
        var start = new SentimentClassifier(seed: (ulong)seed, maxBatch: 1);
        NativeTraining.ScaleEmbedding(start, recipe.EmbeddingScale);
        var module = start.ToTorch(device);
        using var optimizer = optim.AdamW(module.parameters(), lr: recipe.LearningRate, beta1: 0.9, beta2: 0.999, eps: 1e-8, weight_decay: recipe.WeightDecay);
        var dropout = new TokenDropout(recipe.WordDropout, WordVocabulary.Unknown, seed);
        var order = Enumerable.Range(0, train.Count).ToArray();
        var shuffle = new Random(seed);
        var epochs = new List<EpochFigures>();
        var best = new SentimentClassifier(maxBatch: 1, inferenceOnly: true); // the best epoch's weights, kept on the CPU
        int bestEpoch = 0;
        for (int epoch = 0; epoch < recipe.Epochs; epoch++)
        {
            var epochSet = dropout.Apply(train);
            shuffle.Shuffle(order);
            module.train();
            double lossSum = 0, correct = 0;
            for (int first = 0; first < order.Length; first += recipe.BatchSize)
            {
                using var scope = NewDisposeScope(); // frees this step's tensors when it ends
                var rows = order.AsSpan(first, Math.Min(recipe.BatchSize, order.Length - first));
                var (tokens, lengths, labels) = Batch(epochSet, rows, device);
                optimizer.zero_grad();
                var logits = module.Run(tokens, lengths);
                var loss = nn.functional.cross_entropy(logits, labels);
                loss.backward();
                nn.utils.clip_grad_norm_(module.parameters(), max_norm: recipe.MaxGradientNorm);
                optimizer.step();
                lossSum += loss.item<float>() * rows.Length;
                correct += logits.argmax(1).eq(labels).sum().item<long>();
            }
            var (validationLoss, validationAccuracy) = Evaluate(module, validation, recipe.BatchSize, device);
            var figures = new EpochFigures(epoch + 1, lossSum / train.Count, correct / train.Count, validationLoss, validationAccuracy);
            epochs.Add(figures);
            onEpoch?.Invoke(figures);
            if (epoch == 0 || figures.ValidationAccuracy > epochs[bestEpoch].ValidationAccuracy)
            {
                bestEpoch = epoch;
                module.CopyTo(best);
            }
        }
        module.CopyFrom(best);
        return (module, epochs, bestEpoch + 1);
    }

    private static (double Loss, double Accuracy) Evaluate(SentimentClassifier.Torch module, IReadOnlyList<(int[] Tokens, int Label)> set, int batchSize, Device device)
    {
        module.eval();
        using var noGrad = no_grad();
        double loss = 0;
        long correct = 0;
        var all = Enumerable.Range(0, set.Count).ToArray();
        for (int first = 0; first < all.Length; first += batchSize)
        {
            using var scope = NewDisposeScope();
            int count = Math.Min(batchSize, all.Length - first);
            var (tokens, lengths, labels) = Batch(set, all.AsSpan(first, count), device);
            var logits = module.Run(tokens, lengths);
            loss += nn.functional.cross_entropy(logits, labels).item<float>() * count;
            correct += logits.argmax(1).eq(labels).sum().item<long>();
        }
        return (loss / set.Count, (double)correct / set.Count);
    }

    /// <summary>Token ids padded with 0 to the longest review of the batch, each review's length, and the labels.</summary>
    private static (Tensor Tokens, Tensor Lengths, Tensor Labels) Batch(IReadOnlyList<(int[] Tokens, int Label)> set, ReadOnlySpan<int> rows, Device device)
    {
        int longest = 0;
        foreach (int row in rows) longest = Math.Max(longest, set[row].Tokens.Length);
        var tokens = new long[rows.Length * longest];
        var lengths = new long[rows.Length];
        var labels = new long[rows.Length];
        for (int b = 0; b < rows.Length; b++)
        {
            var (ids, label) = set[rows[b]];
            for (int t = 0; t < ids.Length; t++) tokens[b * longest + t] = ids[t];
            lengths[b] = ids.Length;
            labels[b] = label;
        }
        return (tensor(tokens, new long[] { rows.Length, longest }, device: device), tensor(lengths, device: device), tensor(labels, device: device));
    }
}
