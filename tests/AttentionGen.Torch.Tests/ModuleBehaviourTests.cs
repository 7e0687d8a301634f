using System.Linq;
using TorchSharp;
using static TorchSharp.torch;

namespace AttentionGen.Torch.Tests;

/// <summary>Training and evaluation modes, PyTorch's default initialization, and a short training run on TorchSharp.</summary>
public sealed class ModuleBehaviourTests
{
    private static readonly Batch Reviews = Batch.OfTokens(11, DropoutClassifier.Vocab, 8, 8, 5, 3);

    [Fact]
    public void DropoutAppliesOnlyInTrainingMode()
    {
        var native = new DropoutClassifier(seed: 3, maxBatch: 4);
        using var module = native.ToTorch();
        Assert.True(module.training, "a new module is in training mode, as in PyTorch");

        module.eval();
        float[] expected = Reviews.RunNative(native, training: false).ToArray();
        float[] evaluated = Compare.Values(Reviews.RunTorch(module));
        Assert.True(Compare.Fraction(expected, evaluated, 1e-5, Compare.MaxAbs(expected)) <= 1, "eval() must compute the native model's inference output");
        Assert.Equal(evaluated, Compare.Values(Reviews.RunTorch(module)));

        module.train();
        manual_seed(5);
        float[] first = Compare.Values(Reviews.RunTorch(module));
        float[] second = Compare.Values(Reviews.RunTorch(module));
        Assert.NotEqual(first, second);
        Assert.NotEqual(evaluated, first);
        manual_seed(5);
        Assert.Equal(first, Compare.Values(Reviews.RunTorch(module)));
    }

    [Fact]
    public void PredictAppliesTheDeclaredOutputActivation()
    {
        using var classifier = new DropoutClassifier.Torch();
        classifier.eval();
        using var tokens = tensor(Reviews.Tokens!.Select(t => (long)t).ToArray(), new long[] { 3, 8 });
        using var probabilities = classifier.predict(tokens);
        Assert.Equal(Compare.Values(softmax(classifier.Run(tokens), -1)), Compare.Values(probabilities));
        Assert.All(Compare.Values(probabilities.sum(1)), total => Assert.Equal(1f, total, 5));

        using var binary = new PreNormClassifier.Torch();
        using var ids = ones(2, 4, ScalarType.Int64);
        Assert.Equal(Compare.Values(binary.Run(ids).sigmoid()), Compare.Values(binary.predict(ids)));
    }

    [Fact]
    public void ANewModuleHasPyTorchsDefaultInitialization()
    {
        manual_seed(7);
        using var module = new PostNormClassifier.Torch();
        var p = Compare.Parameters(module);
        const int Width = 16;

        float[] embedding = Compare.Values(p["embed.weight"]);
        double mean = embedding.Average(), std = Math.Sqrt(embedding.Select(v => (v - mean) * (v - mean)).Average());
        Assert.InRange(std, 0.9, 1.1); // nn.Embedding: N(0, 1)

        // nn.MultiheadAttention: Xavier-uniform packed projections, zero biases; out_proj weight as nn.Linear.
        double xavier = Math.Sqrt(6.0 / (Width + 3 * Width));
        float[] inProj = Compare.Values(p["encoder.layers.0.self_attn.in_proj_weight"]);
        Assert.All(inProj, v => Assert.InRange(Math.Abs(v), 0, xavier));
        Assert.True(Compare.MaxAbs(inProj) > 0.9 * xavier, "in_proj_weight should fill its Xavier range");
        Assert.All(Compare.Values(p["encoder.layers.1.self_attn.in_proj_bias"]), v => Assert.Equal(0f, v));
        Assert.All(Compare.Values(p["encoder.layers.1.self_attn.out_proj.bias"]), v => Assert.Equal(0f, v));

        // nn.Linear: U(±1/√fan_in) for weight and bias.
        foreach (var (name, fanIn) in new[] { ("encoder.layers.0.linear1", Width), ("encoder.layers.0.linear2", 32), ("dense", Width), ("encoder.layers.0.self_attn.out_proj", Width) })
        {
            double bound = 1 / Math.Sqrt(fanIn);
            float[] weight = Compare.Values(p[name + ".weight"]);
            Assert.All(weight, v => Assert.InRange(Math.Abs(v), 0, bound));
            Assert.True(Compare.MaxAbs(weight) > 0.9 * bound, name + ".weight should fill its range");
        }

        // nn.LayerNorm: ones and zeros.
        Assert.All(Compare.Values(p["encoder.layers.1.norm2.weight"]), v => Assert.Equal(1f, v));
        Assert.All(Compare.Values(p["encoder.layers.1.norm2.bias"]), v => Assert.Equal(0f, v));

        // Each block draws its own weights; the same seed draws the same ones.
        Assert.NotEqual(inProj, Compare.Values(p["encoder.layers.1.self_attn.in_proj_weight"]));
        manual_seed(7);
        using var again = new PostNormClassifier.Torch();
        Assert.Equal(embedding, Compare.Values(Compare.Parameters(again)["embed.weight"]));
    }

    [Fact]
    public void TheTiedHeadUsesTheEmbeddingsParameter()
    {
        using var module = new TiedGpt.Torch();
        Assert.DoesNotContain(module.named_parameters(), p => p.name.StartsWith("lm_head", StringComparison.Ordinal));
        var embed = Compare.Parameters(module)["embed.weight"];
        using var tokens = zeros(1, 3, ScalarType.Int64);
        using var before = module.Run(tokens);
        using (no_grad()) embed[5].zero_();
        using var after = module.Run(tokens);
        // Token 5's logit is now the dot product with a zero row: exactly 0 at every position.
        Assert.All(Compare.Values(after.select(2, 5)), v => Assert.Equal(0f, v));
        Assert.NotEqual(Compare.Values(before.select(2, 5)), Compare.Values(after.select(2, 5)));
    }

    [Fact]
    public void AShortTrainingRunOnTorchSharpLowersTheLoss()
    {
        manual_seed(1);
        using var module = new TiedGpt.Torch();
        // Next-token prediction on a repeating pattern, with padding in the second row.
        long[] pattern = { 3, 14, 15, 9, 26, 5, 35, 8, 9, 7, 9, 32, 38, 4, 6, 2, 6 };
        var rows = new long[2 * 17];
        for (int i = 0; i < 17; i++) (rows[i], rows[17 + i]) = (pattern[i], pattern[(i + 5) % 17]);
        using var sequence = tensor(rows, new long[] { 2, 17 });
        using var inputs = sequence.narrow(1, 0, 16);
        using var targets = sequence.narrow(1, 1, 16).clone();
        using var lengths = tensor(new long[] { 16, 12 });
        targets[1, TensorIndex.Slice(12)] = tensor(-100L); // padding is ignored by the loss

        using var optimizer = optim.AdamW(module.parameters(), lr: 3e-3, beta1: 0.9, beta2: 0.999, eps: 1e-8, weight_decay: 0.01);
        float first = 0, last = 0;
        for (int step = 0; step < 60; step++)
        {
            optimizer.zero_grad();
            using var logits = module.Run(inputs, lengths);
            using var loss = nn.functional.cross_entropy(logits.reshape(-1, TiedGpt.Vocab), targets.reshape(-1), ignore_index: -100);
            loss.backward();
            optimizer.step();
            last = loss.item<float>();
            if (step == 0) first = last;
        }
        Assert.True(last < first / 3, $"the loss went from {first} to {last}; it should drop well below a third");
    }
}
