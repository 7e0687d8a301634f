using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using AttentionGen.Runtime;
using AttentionGen.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace AttentionGen.Bench.Backends;

/// <summary>
/// Native versus TorchSharp on the same declared model and the same weights (the module is the model's generated
/// <c>Torch</c> type, filled by <c>ToTorch()</c>): forward, and a training step (forward, cross-entropy, backward,
/// AdamW), for the workloads of the speed issue. Each side is warmed up, then timed in alternating rounds; the table
/// gives each side's median over all rounds and the ratio.
/// <code>dotnet run -c Release --project bench/AttentionGen.Bench -- backends [rounds] [calls] [--threads n] [--only text]</code>
/// <c>--threads</c> sets libtorch's intra-op threads (default: its own choice, one per core); <c>--only</c> keeps the
/// workloads whose name contains the text.
/// </summary>
public static class BackendComparison
{
    private const int Warmup = 10;

    public static void Run(string[] args)
    {
        var positional = new List<int>();
        string only = "";
        for (int i = 0; i < args.Length; i++)
        {
            if (args[i] == "--threads") set_num_threads(int.Parse(args[++i], CultureInfo.InvariantCulture));
            else if (args[i] == "--only") only = args[++i];
            else positional.Add(int.Parse(args[i], CultureInfo.InvariantCulture));
        }
        int rounds = positional.Count > 0 ? positional[0] : 3;
        int steps = positional.Count > 1 ? positional[1] : 10;
        Console.WriteLine($"{Environment.ProcessorCount} cores; TorchSharp {typeof(torch).Assembly.GetName().Version!.ToString(3)} with {get_num_threads()} threads; "
            + $"{rounds} alternated rounds of {steps} timed calls after {Warmup} warm-up calls; medians in ms");
        Console.WriteLine("| workload | native (ms) | TorchSharp (ms) | TorchSharp / native |");
        Console.WriteLine("| --- | --- | --- | --- |");
        foreach (var workload in Workloads())
        {
            if (!workload.Name.Contains(only, StringComparison.Ordinal))
            {
                workload.Dispose();
                continue;
            }
            var native = new List<double>();
            var torchTimes = new List<double>();
            for (int i = 0; i < Warmup; i++) { workload.Native(); workload.Torch(); }
            for (int round = 0; round < rounds; round++)
            {
                native.AddRange(Time(workload.Native, steps));
                torchTimes.AddRange(Time(workload.Torch, steps));
            }
            double n = Median(native), t = Median(torchTimes);
            Console.WriteLine($"| {workload.Name} | {n:F1} | {t:F1} | {t / n:F2} |");
            workload.Dispose();
        }
    }

    private sealed record Workload(string Name, Action Native, Action Torch, Action Dispose);

    private static IEnumerable<Workload> Workloads()
    {
        // W1: token classification, batch 32 × 128.
        {
            const int Batch = 32, Seq = W1Classifier.MaxSeq;
            var model = new W1Classifier(seed: 1, maxBatch: Batch);
            var module = model.ToTorch();
            var tokens = Tokens(Batch * Seq, W1Classifier.Vocab, 2);
            var labels = Enumerable.Range(0, Batch).Select(i => i % 2).ToArray();
            var dLogits = new float[Batch * 2];
            var optimizer = new AttentionGen.Training.AdamW(lr: 1e-4f);
            var torchOptimizer = optim.AdamW(module.parameters(), lr: 1e-4, beta1: 0.9, beta2: 0.999, eps: 1e-8, weight_decay: 0.01);
            var x = tensor(tokens.Select(v => (long)v).ToArray(), new long[] { Batch, Seq });
            var y = tensor(labels.Select(v => (long)v).ToArray());
            yield return new("W1 forward", () => model.Forward(tokens, Batch, Seq), () => TorchForward(module, () => module.Run(x)), () => { });
            yield return new("W1 training step",
                () =>
                {
                    model.ZeroGradients();
                    Losses.CrossEntropy(model.Forward(tokens, Batch, Seq, training: true), labels, dLogits, Batch, 2);
                    model.Backward(dLogits);
                    optimizer.Step(model.Parameters, model.Gradients);
                },
                () => TorchStep(module, torchOptimizer, () => nn.functional.cross_entropy(module.Run(x), y)),
                () => { torchOptimizer.Dispose(); module.Dispose(); });
        }
        // W2: next-character prediction, batch 16 × 128.
        {
            const int Batch = 16, Seq = W2CharGpt.MaxSeq;
            var model = new W2CharGpt(seed: 1, maxBatch: Batch);
            var module = model.ToTorch();
            var tokens = Tokens(Batch * Seq, W2CharGpt.Vocab, 3);
            var targets = Tokens(Batch * Seq, W2CharGpt.Vocab, 4);
            var dLogits = new float[Batch * Seq * W2CharGpt.Vocab];
            var optimizer = new AttentionGen.Training.AdamW(lr: 1e-4f);
            var torchOptimizer = optim.AdamW(module.parameters(), lr: 1e-4, beta1: 0.9, beta2: 0.999, eps: 1e-8, weight_decay: 0.01);
            var x = tensor(tokens.Select(v => (long)v).ToArray(), new long[] { Batch, Seq });
            var y = tensor(targets.Select(v => (long)v).ToArray());
            yield return new("W2 forward", () => model.Forward(tokens, Batch, Seq), () => TorchForward(module, () => module.Run(x)), () => { });
            yield return new("W2 training step",
                () =>
                {
                    model.ZeroGradients();
                    Losses.CrossEntropy(model.Forward(tokens, Batch, Seq, training: true), targets, dLogits, Batch * Seq, W2CharGpt.Vocab);
                    model.Backward(dLogits);
                    optimizer.Step(model.Parameters, model.Gradients);
                },
                () => TorchStep(module, torchOptimizer, () => nn.functional.cross_entropy(module.Run(x).reshape(-1, W2CharGpt.Vocab), y)),
                () => { torchOptimizer.Dispose(); module.Dispose(); });
        }
        // W3: attention with its projections, batch 8 × 512 × 512; forward + backward of sum(output × upstream).
        foreach (bool causal in new[] { false, true })
        {
            const int Batch = 8, Seq = 512, Width = 512;
            IFloatSequenceModel model = causal ? new W3CausalAttention(seed: 1, maxBatch: Batch) : new W3Attention(seed: 1, maxBatch: Batch);
            nn.Module<Tensor, Tensor?, Tensor> module = causal ? ((W3CausalAttention)model).ToTorch() : ((W3Attention)model).ToTorch();
            var random = new Random(5);
            var features = Enumerable.Range(0, Batch * Seq * Width).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();
            var upstream = Enumerable.Range(0, Batch * Seq * Width).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();
            var x = tensor(features, new long[] { Batch, Seq, Width });
            var up = tensor(upstream, new long[] { Batch, Seq, Width });
            string name = causal ? "W3 causal attention" : "W3 attention";
            yield return new(name + " forward", () => model.Forward(features, Batch, Seq), () => TorchForward(module, () => module.call(x, null)), () => { });
            yield return new(name + " forward + backward",
                () => { model.ZeroGradients(); model.Forward(features, Batch, Seq, training: true); model.Backward(upstream); },
                () =>
                {
                    using var scope = NewDisposeScope();
                    module.zero_grad();
                    (module.call(x, null) * up).sum().backward();
                },
                () => module.Dispose());
        }
    }

    private static void TorchForward(nn.Module module, Func<Tensor> forward)
    {
        using var scope = NewDisposeScope();
        module.eval();
        using var noGrad = no_grad();
        forward();
        module.train();
    }

    private static void TorchStep(nn.Module module, optim.Optimizer optimizer, Func<Tensor> loss)
    {
        using var scope = NewDisposeScope();
        optimizer.zero_grad();
        loss().backward();
        optimizer.step();
    }

    private static int[] Tokens(int count, int vocab, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, count).Select(_ => random.Next(vocab)).ToArray();
    }

    private static IEnumerable<double> Time(Action action, int steps)
    {
        var times = new double[steps];
        for (int i = 0; i < steps; i++)
        {
            long start = Stopwatch.GetTimestamp();
            action();
            times[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        }
        return times;
    }

    private static double Median(List<double> values)
    {
        var sorted = values.OrderBy(v => v).ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }
}
