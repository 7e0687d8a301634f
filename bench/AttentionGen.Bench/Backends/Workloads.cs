using System;
using System.IO;
using System.Linq;
using AttentionGen.Checkpoints;
using AttentionGen.Runtime;
using AttentionGen.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace AttentionGen.Bench.Backends;

/// <summary>One row of the table: a call timed on both sides. <see cref="Flops"/> counts its matrix products.</summary>
internal sealed record Row(string Name, double Flops);

/// <summary>The native side of a case: the model, built from seed 1 (none for a GEMM case), and one call per row.</summary>
internal sealed record NativeSide(IModel? Model, Action[] Calls);

/// <summary>The TorchSharp side of a case: the model's generated module holding the same weights, one call per row.</summary>
internal sealed record TorchSide(Action[] Calls, Action Dispose);

/// <summary>
/// How a case is timed when the command line's counts do not fit it: W4 and W3 at 4096 take seconds per call, a GEMM
/// product milliseconds. A case with <paramref name="BestPeerSettingOnly"/> runs PyTorch only with the setting that won
/// most of the rows before it (all settings when none ran before it).
/// </summary>
internal sealed record Timing(int Warmup, int Rounds, int Calls, int MemoryCalls, bool BestPeerSettingOnly = false);

/// <summary>
/// One declared model of the speed issue's workloads, with its inputs and the calls timed on it. The two sides are
/// built separately so that a child process measuring one side's peak memory builds, and loads, that side alone:
/// <see cref="CreateTorch"/> takes the weights either from the native model in the same process (the timing run) or
/// from a safetensors file the native model wrote (a memory child, which never builds the native model).
/// </summary>
internal sealed record ModelCase(
    string Name, Row[] Rows, Func<NativeSide> CreateNative, Func<IModel?, string?, TorchSide> CreateTorch, Timing? Timing = null)
{
    /// <summary>A GEMM case: library products rather than a model; reported as GFLOP/s, without memory children.</summary>
    public bool IsGemm { get; init; }
}

/// <summary>The workloads W1–W4 of the speed issue, each on its declared model (BackendModels.cs).</summary>
internal static class Workloads
{
    /// <summary>Each side's optimizer: AdamW with PyTorch's defaults, passed explicitly to TorchSharp (whose weight decay defaults to 0).</summary>
    private const float LearningRate = 1e-4f;

    public static ModelCase[] All() =>
    [
        W1(), W2(),
        W3("W3 attention", batch: 8, seq: 512, () => new W3Attention(seed: 1, maxBatch: 8),
            (model, weights) => Module(model, weights, (W3Attention m) => m.ToTorch(), () => new W3Attention.Torch())),
        W3("W3 causal attention", batch: 8, seq: 512, () => new W3CausalAttention(seed: 1, maxBatch: 8),
            (model, weights) => Module(model, weights, (W3CausalAttention m) => m.ToTorch(), () => new W3CausalAttention.Torch())),
        // The products (milliseconds) before the cases of seconds per call, so a run cut short still has them.
        .. GemmCases.All(),
        W3("W3 attention 4096", batch: 1, seq: 4096, () => new W3Attention4096(seed: 1, maxBatch: 1),
            (model, weights) => Module(model, weights, (W3Attention4096 m) => m.ToTorch(), () => new W3Attention4096.Torch()), LongTiming),
        W3("W3 causal attention 4096", batch: 1, seq: 4096, () => new W3CausalAttention4096(seed: 1, maxBatch: 1),
            (model, weights) => Module(model, weights, (W3CausalAttention4096 m) => m.ToTorch(), () => new W3CausalAttention4096.Torch()), LongTiming),
        W4(),
    ];

    /// <summary>
    /// W3 at sequence 4096 takes up to seconds per call on the peers (PyTorch 1.13 materializes the 4096 × 4096 scores of
    /// every head): 2 warm-up calls and 3 rounds of 1 call, as W4; 2 calls per memory child.
    /// </summary>
    private static readonly Timing LongTiming = new(Warmup: 2, Rounds: 3, Calls: 1, MemoryCalls: 2, BestPeerSettingOnly: true);

    /// <summary>W1: encoder classifier, batch 32 × 128; the training step is forward, cross-entropy over 2 classes, backward, AdamW.</summary>
    private static ModelCase W1()
    {
        const int Batch = 32, Seq = W1Classifier.MaxSeq, Width = 128, Classes = 2;
        var data = new TokenData(Batch, Seq, Tokens(Batch * Seq, W1Classifier.Vocab, 2), Enumerable.Range(0, Batch).Select(i => i % 2).ToArray(), Classes);
        double forward = ModelFlops.Encoder(Batch, Seq, Width, feedForward: 512, layers: 2, causal: false) + ModelFlops.Head(Batch, Width, Classes);
        return new("W1", [new("W1 forward", forward), new("W1 training step", 3 * forward)],
            () => TokenNative(new W1Classifier(seed: 1, maxBatch: Batch), data),
            (model, weights) => TokenTorch(Module(model, weights, (W1Classifier m) => m.ToTorch(), () => new W1Classifier.Torch()), data));
    }

    /// <summary>W2: character GPT, batch 16 × 128; cross-entropy over the 65 characters at every position.</summary>
    private static ModelCase W2()
    {
        const int Batch = 16, Seq = W2CharGpt.MaxSeq, Width = 192;
        var data = new TokenData(Batch, Seq, Tokens(Batch * Seq, W2CharGpt.Vocab, 3), Tokens(Batch * Seq, W2CharGpt.Vocab, 4), W2CharGpt.Vocab);
        double forward = ModelFlops.Encoder(Batch, Seq, Width, feedForward: 768, layers: 4, causal: true) + ModelFlops.Head(Batch * Seq, Width, W2CharGpt.Vocab);
        return new("W2", [new("W2 forward", forward), new("W2 training step", 3 * forward)],
            () => TokenNative(new W2CharGpt(seed: 1, maxBatch: Batch), data),
            (model, weights) => TokenTorch(Module(model, weights, (W2CharGpt m) => m.ToTorch(), () => new W2CharGpt.Torch()), data));
    }

    /// <summary>
    /// W3: one multi-head attention layer with its projections (8 heads of 64) over batch × seq positions × 512
    /// features; the second row is forward and backward of sum(output × upstream), i.e. backward from a fixed upstream
    /// gradient.
    /// </summary>
    private static ModelCase W3(
        string name, int batch, int seq, Func<IFloatSequenceModel> create, Func<IModel?, string?, nn.Module<Tensor, Tensor?, Tensor>> createModule,
        Timing? timing = null)
    {
        const int Width = 512;
        bool causal = name.Contains("causal", StringComparison.Ordinal);
        double forward = ModelFlops.Attention(batch, seq, Width, causal);
        return new(name, [new(name + " forward", forward), new(name + " forward + backward", 3 * forward)],
            () =>
            {
                var model = create();
                var features = Uniform(batch * seq * Width, 5);
                var upstream = Uniform(batch * seq * Width, 6);
                return new(model, [
                    () => model.Forward(features, batch, seq),
                    () =>
                    {
                        model.ZeroGradients();
                        model.Forward(features, batch, seq, training: true);
                        model.Backward(upstream);
                    },
                ]);
            },
            (model, weights) =>
            {
                var module = createModule(model, weights);
                var x = tensor(Uniform(batch * seq * Width, 5), new long[] { batch, seq, Width });
                var up = tensor(Uniform(batch * seq * Width, 6), new long[] { batch, seq, Width });
                return new([
                    () => TorchForward(module, () => module.call(x, null)),
                    () =>
                    {
                        using var scope = NewDisposeScope();
                        module.zero_grad();
                        (module.call(x, null) * up).sum().backward();
                    },
                ], () => { x.Dispose(); up.Dispose(); module.Dispose(); });
            },
            timing);
    }

    /// <summary>
    /// W4: the GPT-2-small shape, batch 4 × 256, cross-entropy over 50257 tokens at every position. Each call takes
    /// seconds on two cores, so it is timed with fewer calls: 2 warm-up calls (one call already runs every kernel
    /// hundreds of times, far past the tiered JIT's 30 calls) and 3 rounds of 1 call, alternated call by call, so the
    /// median of 3 per side; its memory children run 2 calls.
    /// </summary>
    private static ModelCase W4()
    {
        const int Batch = 4, Seq = W4Gpt2Small.MaxSeq, Width = 768;
        var data = new TokenData(Batch, Seq, Tokens(Batch * Seq, W4Gpt2Small.Vocab, 7), Tokens(Batch * Seq, W4Gpt2Small.Vocab, 8), W4Gpt2Small.Vocab);
        double forward = ModelFlops.Encoder(Batch, Seq, Width, feedForward: 3072, layers: 12, causal: true) + ModelFlops.Head(Batch * Seq, Width, W4Gpt2Small.Vocab);
        return new("W4", [new("W4 forward", forward), new("W4 training step", 3 * forward)],
            () => TokenNative(new W4Gpt2Small(seed: 1, maxBatch: Batch), data),
            (model, weights) => TokenTorch(Module(model, weights, (W4Gpt2Small m) => m.ToTorch(), () => new W4Gpt2Small.Torch()), data),
            new Timing(Warmup: 2, Rounds: 3, Calls: 1, MemoryCalls: 2, BestPeerSettingOnly: true));
    }

    /// <summary>A token model's batch: ids, and the targets of the cross-entropy (one per sequence or one per position).</summary>
    private sealed record TokenData(int Batch, int Seq, int[] Tokens, int[] Targets, int Classes);

    private static NativeSide TokenNative(ITokenModel model, TokenData data)
    {
        var dLogits = new float[data.Targets.Length * data.Classes];
        var optimizer = new AttentionGen.Training.AdamW(lr: LearningRate);
        return new(model, [
            () => model.Forward(data.Tokens, data.Batch, data.Seq),
            () =>
            {
                model.ZeroGradients();
                Losses.CrossEntropy(model.Forward(data.Tokens, data.Batch, data.Seq, training: true), data.Targets, dLogits, data.Targets.Length, data.Classes);
                model.Backward(dLogits);
                optimizer.Step(model.Parameters, model.Gradients);
            },
        ]);
    }

    private static TorchSide TokenTorch(nn.Module<Tensor, Tensor?, Tensor> module, TokenData data)
    {
        var x = tensor(data.Tokens.Select(v => (long)v).ToArray(), new long[] { data.Batch, data.Seq });
        var y = tensor(data.Targets.Select(v => (long)v).ToArray());
        var optimizer = optim.AdamW(module.parameters(), lr: LearningRate, beta1: 0.9, beta2: 0.999, eps: 1e-8, weight_decay: 0.01);
        return new([
            () => TorchForward(module, () => module.call(x, null)),
            () => TorchStep(optimizer, () => nn.functional.cross_entropy(module.call(x, null).reshape(-1, data.Classes), y)),
        ], () => { optimizer.Dispose(); x.Dispose(); y.Dispose(); module.Dispose(); });
    }

    /// <summary>
    /// The module with the native model's weights: converted from the model when this process has one, otherwise a new
    /// module filled from the weights file the model wrote.
    /// </summary>
    private static TModule Module<TModel, TModule>(IModel? model, string? weights, Func<TModel, TModule> toTorch, Func<TModule> create)
        where TModel : class, IModel
        where TModule : nn.Module
    {
        if (model is not null) return toTorch((TModel)model);
        var module = create();
        FillFromFile(module, weights ?? throw new ArgumentNullException(nameof(weights), "A TorchSharp side needs the native model or its weights file."));
        return module;
    }

    /// <summary>
    /// Reads each parameter from the safetensors file into the module's own storage through one small buffer. The
    /// module's <c>LoadWeights</c> would stage every weight in managed arrays first, and a memory child would then
    /// report the staging (the size of the model, twice) as the module's peak.
    /// </summary>
    private static void FillFromFile(nn.Module module, string path)
    {
        using var file = Safetensors.Open(path);
        using var handle = File.OpenHandle(path);
        using var noGrad = no_grad();
        var buffer = new float[1 << 20];
        int filled = 0;
        foreach (var (name, parameter) in module.named_parameters())
        {
            var info = file.Info(name);
            if (info.DType != SafetensorsDType.F32 || info.ElementCount != parameter.numel() || !parameter.is_contiguous())
                throw new InvalidDataException($"{path}: {info} does not fit the module's {name} {string.Join("×", parameter.shape)}.");
            using var values = parameter.data<float>();
            for (long done = 0; done < info.ElementCount; done += buffer.Length)
            {
                int count = (int)Math.Min(buffer.Length, info.ElementCount - done);
                var bytes = System.Runtime.InteropServices.MemoryMarshal.AsBytes(buffer.AsSpan(0, count));
                RandomAccess.Read(handle, bytes, file.DataStart + info.DataBegin + 4 * done);
                values.CopyFrom(buffer.AsSpan(0, count), 0, done);
            }

            filled++;
        }

        if (filled != file.Tensors.Count) throw new InvalidDataException($"{path} holds {file.Tensors.Count} tensors; the module has {filled} parameters.");
    }

    private static void TorchForward(nn.Module module, Func<Tensor> forward)
    {
        using var scope = NewDisposeScope();
        module.eval();
        using var noGrad = no_grad();
        forward();
        module.train();
    }

    private static void TorchStep(optim.Optimizer optimizer, Func<Tensor> loss)
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

    private static float[] Uniform(int count, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, count).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();
    }
}

/// <summary>
/// Matrix-product FLOPs of one forward pass, 2 per multiply-add, as model-FLOPs utilization counts them: element-wise
/// work, norms and softmax are left out. A training step or a forward + backward counts 3 forwards (the backward of a
/// product is two products of its size).
/// </summary>
internal static class ModelFlops
{
    /// <summary>Q, K, V and output projections, and Q·Kᵀ and P·V over all heads; causal counts the lower triangle only, the work a causal kernel needs (both sides skip the masked keys).</summary>
    public static double Attention(int batch, int seq, int width, bool causal)
    {
        double tokens = (double)batch * seq;
        double projections = 2 * tokens * width * 4.0 * width;
        double scores = 2 * 2 * tokens * seq * width;
        return projections + (causal ? scores / 2 : scores);
    }

    /// <summary>Attention and the two feed-forward products of each layer.</summary>
    public static double Encoder(int batch, int seq, int width, int feedForward, int layers, bool causal) =>
        layers * (Attention(batch, seq, width, causal) + 2 * 2 * (double)batch * seq * width * feedForward);

    /// <summary>The output projection: a classifier's dense layer or a language model's head.</summary>
    public static double Head(int rows, int width, int outputs) => 2.0 * rows * width * outputs;
}
