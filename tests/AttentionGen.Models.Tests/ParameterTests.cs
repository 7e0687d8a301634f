using System.Collections.Generic;
using System.Linq;
using AttentionGen.Models.Tests.Models;
using AttentionGen.Runtime;

namespace AttentionGen.Models.Tests;

/// <summary>
/// Parameters as PyTorch has them: state-dict names and shapes of the equivalent nn.Module, laid out back to
/// back, initialized the way PyTorch's modules initialize themselves, and reproducible from the seed.
/// </summary>
public class ParameterTests
{
    private static List<(string Name, int[] Shape)> Infos(IModel model)
        => model.ParameterInfos.Select(p => (p.Name, p.Shape.ToArray())).ToList();

    private static void AssertInfos(IEnumerable<(string Name, int[] Shape)> expected, IEnumerable<(string Name, int[] Shape)> actual)
    {
        string Show(IEnumerable<(string Name, int[] Shape)> infos)
            => string.Join(Environment.NewLine, infos.Select(p => $"{p.Name} ({string.Join(", ", p.Shape)})"));

        Assert.Equal(Show(expected), Show(actual));
    }

    /// <summary>nn.TransformerEncoderLayer(width, heads, feedForward)'s state dict under <paramref name="prefix"/>.</summary>
    private static IEnumerable<(string, int[])> EncoderLayer(string prefix, int width, int feedForward) => new (string, int[])[]
    {
        ($"{prefix}.self_attn.in_proj_weight", new[] { 3 * width, width }),
        ($"{prefix}.self_attn.in_proj_bias", new[] { 3 * width }),
        ($"{prefix}.self_attn.out_proj.weight", new[] { width, width }),
        ($"{prefix}.self_attn.out_proj.bias", new[] { width }),
        ($"{prefix}.linear1.weight", new[] { feedForward, width }),
        ($"{prefix}.linear1.bias", new[] { feedForward }),
        ($"{prefix}.linear2.weight", new[] { width, feedForward }),
        ($"{prefix}.linear2.bias", new[] { width }),
        ($"{prefix}.norm1.weight", new[] { width }),
        ($"{prefix}.norm1.bias", new[] { width }),
        ($"{prefix}.norm2.weight", new[] { width }),
        ($"{prefix}.norm2.bias", new[] { width }),
    };

    [Fact]
    public void ProbeClassifierHasPyTorchNames()
    {
        AssertInfos(
            new (string, int[])[]
            {
                ("embed.weight", new[] { 1000, 64 }),
                ("self_attn.in_proj_weight", new[] { 192, 64 }),
                ("self_attn.in_proj_bias", new[] { 192 }),
                ("self_attn.out_proj.weight", new[] { 64, 64 }),
                ("self_attn.out_proj.bias", new[] { 64 }),
                ("dense.weight", new[] { 2, 64 }),
                ("dense.bias", new[] { 2 }),
            },
            Infos(new ProbeClassifier()));
    }

    [Fact]
    public void TinyGptHasPyTorchNamesAndNoSeparateTiedHead()
    {
        var expected = new List<(string, int[])>
        {
            ("embed.weight", new[] { 65, 32 }),
            ("pos_embed.weight", new[] { 32, 32 }),
        };
        expected.AddRange(EncoderLayer("encoder.layers.0", 32, 128));
        expected.AddRange(EncoderLayer("encoder.layers.1", 32, 128));
        expected.Add(("norm.weight", new[] { 32 }));
        expected.Add(("norm.bias", new[] { 32 }));

        var model = new TinyGpt();
        AssertInfos(expected, Infos(model));
        Assert.DoesNotContain(model.ParameterInfos, p => p.Name.StartsWith("lm_head", StringComparison.Ordinal));
    }

    [Fact]
    public void TranslatorDecoderLayerHasPyTorchNames()
    {
        const string Prefix = "decoder.layers.0";
        var model = new Translator();
        AssertInfos(
            new (string, int[])[]
            {
                ($"{Prefix}.self_attn.in_proj_weight", new[] { 96, 32 }),
                ($"{Prefix}.self_attn.in_proj_bias", new[] { 96 }),
                ($"{Prefix}.self_attn.out_proj.weight", new[] { 32, 32 }),
                ($"{Prefix}.self_attn.out_proj.bias", new[] { 32 }),
                ($"{Prefix}.multihead_attn.in_proj_weight", new[] { 96, 32 }),
                ($"{Prefix}.multihead_attn.in_proj_bias", new[] { 96 }),
                ($"{Prefix}.multihead_attn.out_proj.weight", new[] { 32, 32 }),
                ($"{Prefix}.multihead_attn.out_proj.bias", new[] { 32 }),
                ($"{Prefix}.linear1.weight", new[] { 64, 32 }),
                ($"{Prefix}.linear1.bias", new[] { 64 }),
                ($"{Prefix}.linear2.weight", new[] { 32, 64 }),
                ($"{Prefix}.linear2.bias", new[] { 32 }),
                ($"{Prefix}.norm1.weight", new[] { 32 }),
                ($"{Prefix}.norm1.bias", new[] { 32 }),
                ($"{Prefix}.norm2.weight", new[] { 32 }),
                ($"{Prefix}.norm2.bias", new[] { 32 }),
                ($"{Prefix}.norm3.weight", new[] { 32 }),
                ($"{Prefix}.norm3.bias", new[] { 32 }),
            },
            Infos(model).Where(p => p.Name.StartsWith(Prefix + ".", StringComparison.Ordinal)));

        // The rest of the state dict, outside the repeated blocks.
        AssertInfos(
            new (string, int[])[]
            {
                ("embed.weight", new[] { 200, 32 }),
                ("target_embed.weight", new[] { 180, 32 }),
                ("lm_head.weight", new[] { 180, 32 }),
            },
            Infos(model).Where(p => !p.Name.Contains(".layers.", StringComparison.Ordinal)));
        Assert.Equal(2 * 12, model.ParameterInfos.Count(p => p.Name.StartsWith("encoder.layers.", StringComparison.Ordinal)));
        Assert.Equal(2 * 18, model.ParameterInfos.Count(p => p.Name.StartsWith("decoder.layers.", StringComparison.Ordinal)));
    }

    [Theory]
    [MemberData(nameof(ModelCatalog.All), MemberType = typeof(ModelCatalog))]
    public void ParametersAreUniqueAndBackToBack(string name)
    {
        IModel model = ModelCatalog.Create(name, seed: 1);
        int offset = 0;
        foreach (ParameterInfo info in model.ParameterInfos)
        {
            Assert.True(info.Offset == offset, $"{name}: {info} starts at {info.Offset}, expected {offset}.");
            Assert.Equal(info.Shape.Aggregate(1, (a, b) => a * b), info.Length);
            offset += info.Length;
        }

        Assert.Equal(offset, model.Parameters.Length);
        Assert.Equal(model.ParameterInfos.Count, model.ParameterInfos.Select(p => p.Name).Distinct().Count());
    }

    /// <summary>
    /// Each parameter against PyTorch's default initialization for its module: nn.Embedding N(0, 1);
    /// nn.MultiheadAttention in_proj_weight Xavier-uniform ±√(6/(fan_in + fan_out)), in_proj_bias and out_proj.bias 0;
    /// nn.Linear weight and bias uniform ±1/√fan_in (kaiming_uniform with a = √5); nn.LayerNorm weight 1, bias 0.
    /// Sample statistics are checked to five standard errors, so a fixed seed never fails by chance.
    /// </summary>
    [Theory]
    [MemberData(nameof(ModelCatalog.All), MemberType = typeof(ModelCatalog))]
    public void InitializationMatchesPyTorchDefaults(string name)
    {
        IModel model = ModelCatalog.Create(name, seed: 2024);
        float[] all = model.Parameters.ToArray();
        var shapes = model.ParameterInfos.ToDictionary(p => p.Name, p => p.Shape);
        foreach (ParameterInfo info in model.ParameterInfos)
        {
            float[] values = all.AsSpan(info.Offset, info.Length).ToArray();
            string module = info.Name.Substring(0, info.Name.LastIndexOf('.'));
            string moduleName = module.Substring(module.LastIndexOf('.') + 1);
            string what = $"{name} {info}";
            if (info.Name.EndsWith("embed.weight", StringComparison.Ordinal))
            {
                AssertStandardNormal(values, what);
            }
            else if (info.Name.EndsWith(".in_proj_weight", StringComparison.Ordinal))
            {
                AssertUniform(values, Math.Sqrt(6.0 / (info.Shape[0] + info.Shape[1])), what);
            }
            else if (info.Name.EndsWith(".in_proj_bias", StringComparison.Ordinal) || info.Name.EndsWith(".out_proj.bias", StringComparison.Ordinal))
            {
                Assert.True(values.All(v => v == 0), $"{what} must start at 0.");
            }
            else if (moduleName.StartsWith("norm", StringComparison.Ordinal))
            {
                float constant = info.Name.EndsWith(".weight", StringComparison.Ordinal) ? 1f : 0f;
                Assert.True(values.All(v => v == constant), $"{what} must start at {constant}.");
            }
            else if (info.Name.EndsWith(".weight", StringComparison.Ordinal) && info.Shape.Count == 2)
            {
                AssertUniform(values, 1 / Math.Sqrt(info.Shape[1]), what);
            }
            else if (info.Name.EndsWith(".bias", StringComparison.Ordinal))
            {
                int fanIn = shapes[module + ".weight"][1];
                AssertUniform(values, 1 / Math.Sqrt(fanIn), what);
            }
            else
            {
                Assert.Fail($"{what}: no PyTorch module initializes a parameter of this name.");
            }
        }
    }

    private static void AssertStandardNormal(float[] values, string what)
    {
        int n = values.Length;
        double mean = values.Average(v => (double)v);
        double std = Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / n);
        Assert.True(Math.Abs(mean) < 5 / Math.Sqrt(n), $"{what}: mean {mean}, expected ≈ 0 for N(0, 1).");
        Assert.True(Math.Abs(std - 1) < 5 / Math.Sqrt(2.0 * n), $"{what}: std {std}, expected ≈ 1 for N(0, 1).");
    }

    private static void AssertUniform(float[] values, double bound, string what)
    {
        int n = values.Length;
        Assert.True(values.All(v => Math.Abs(v) <= bound), $"{what}: a value is outside ±{bound}.");
        Assert.True(values.Distinct().Count() > n / 2, $"{what}: values are not random.");
        if (n >= 100)
        {
            // U(−b, b): E[x²] = b²/3, and the sample's relative standard error is about 0.89/√n.
            double meanSquare = values.Average(v => (double)v * v);
            double ratio = meanSquare / (bound * bound / 3);
            Assert.True(Math.Abs(ratio - 1) < 5 * 0.9 / Math.Sqrt(n), $"{what}: E[x²] is {ratio:F3}× that of U(±{bound}).");
            Assert.True(values.Max(v => Math.Abs(v)) > 0.9 * bound, $"{what}: values do not reach ±{bound}.");
        }
    }

    [Theory]
    [MemberData(nameof(ModelCatalog.All), MemberType = typeof(ModelCatalog))]
    public void SameSeedSameModelOtherSeedOtherModel(string name)
    {
        IModel first = ModelCatalog.Create(name, seed: 7);
        IModel again = ModelCatalog.Create(name, seed: 7, maxBatch: 5);
        IModel other = ModelCatalog.Create(name, seed: 8);

        Assert.True(first.Parameters.SequenceEqual(again.Parameters), $"{name}: the same seed gave different parameters.");
        Assert.False(first.Parameters.SequenceEqual(other.Parameters), $"{name}: seeds 7 and 8 gave the same parameters.");

        float[] output = ModelCatalog.RunOnRandomInput(first, inputSeed: 3);
        Assert.Equal(output, ModelCatalog.RunOnRandomInput(again, inputSeed: 3));
        Assert.Equal(output, ModelCatalog.RunOnRandomInput(first, inputSeed: 3));
        Assert.NotEqual(output, ModelCatalog.RunOnRandomInput(other, inputSeed: 3));
    }
}
