using System;
using System.Collections.Generic;
using System.Linq;
using TorchSharp;
using static TorchSharp.torch;

namespace Sentiment;

/// <summary>
/// The same training on TorchSharp: the generated <see cref="SentimentClassifier.Torch"/> module with TorchSharp's
/// AdamW (PyTorch's defaults passed explicitly: TorchSharp's own AdamW defaults weight_decay to 0), gradient clipping
/// at norm 1, batches of 32 padded to their longest review, on the chosen device.
/// </summary>
public static class TorchTraining
{
    private const int BatchSize = 32;

    public static SentimentClassifier.Torch Train(List<(int[] Tokens, int Label)> train, List<(int[] Tokens, int Label)> dev, int epochs, Device device)
    {
        manual_seed(42);
        var module = new SentimentClassifier.Torch(device);
        using var optimizer = optim.AdamW(module.parameters(), lr: 1e-3, beta1: 0.9, beta2: 0.999, eps: 1e-8, weight_decay: 0.01);
        var order = Enumerable.Range(0, train.Count).ToArray();
        var shuffle = new Random(7);
        for (int epoch = 0; epoch < epochs; epoch++)
        {
            shuffle.Shuffle(order);
            module.train();
            double total = 0;
            int batches = 0;
            for (int start = 0; start < order.Length; start += BatchSize)
            {
                using var scope = NewDisposeScope(); // frees this step's tensors when it ends
                var (tokens, lengths, labels) = Batch(train, order.AsSpan(start, Math.Min(BatchSize, order.Length - start)), device);
                optimizer.zero_grad();
                var loss = nn.functional.cross_entropy(module.Run(tokens, lengths), labels);
                loss.backward();
                nn.utils.clip_grad_norm_(module.parameters(), max_norm: 1.0);
                optimizer.step();
                total += loss.item<float>();
                batches++;
            }
            var (devLoss, accuracy) = Evaluate(module, dev, device);
            Console.WriteLine($"epoch {epoch + 1}: train loss {total / batches:F3}, held-out loss {devLoss:F3}, held-out accuracy {100 * accuracy:F1}%");
        }
        return module;
    }

    private static (double Loss, double Accuracy) Evaluate(SentimentClassifier.Torch module, List<(int[] Tokens, int Label)> set, Device device)
    {
        module.eval();
        using var noGrad = no_grad();
        double loss = 0;
        long correct = 0;
        var all = Enumerable.Range(0, set.Count).ToArray();
        for (int start = 0; start < all.Length; start += BatchSize)
        {
            using var scope = NewDisposeScope();
            int count = Math.Min(BatchSize, all.Length - start);
            var (tokens, lengths, labels) = Batch(set, all.AsSpan(start, count), device);
            var logits = module.Run(tokens, lengths);
            loss += nn.functional.cross_entropy(logits, labels).item<float>() * count;
            correct += logits.argmax(1).eq(labels).sum().item<long>();
        }
        return (loss / set.Count, (double)correct / set.Count);
    }

    /// <summary>Token ids padded with 0 to the longest review of the batch, each review's length, and the labels.</summary>
    private static (Tensor Tokens, Tensor Lengths, Tensor Labels) Batch(List<(int[] Tokens, int Label)> set, ReadOnlySpan<int> rows, Device device)
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
