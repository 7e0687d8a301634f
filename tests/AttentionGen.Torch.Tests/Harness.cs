using System.Collections.Generic;
using System.Linq;
using AttentionGen.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace AttentionGen.Torch.Tests;

/// <summary>
/// One batch for a model, in both backends' forms: spans for the native Forward, tensors for the module's forward.
/// Sequences are padded on the right; <see cref="Lengths"/> gives each one's real length.
/// </summary>
public sealed record Batch(int Size, int SeqLen, int[] Lengths)
{
    public int[]? Tokens { get; init; }

    public float[]? Features { get; init; }

    public int FeatureWidth { get; init; }

    public int[]? Target { get; init; }

    public int TargetLen { get; init; }

    public int[]? TargetLengths { get; init; }

    /// <summary>Random ids in [0, vocab) and lengths as given.</summary>
    public static Batch OfTokens(int seed, int vocab, int seqLen, params int[] lengths)
    {
        var random = new Random(seed);
        return new Batch(lengths.Length, seqLen, lengths) { Tokens = Enumerable.Range(0, lengths.Length * seqLen).Select(_ => random.Next(vocab)).ToArray() };
    }

    /// <summary>Standard-normal features and lengths as given.</summary>
    public static Batch OfFeatures(int seed, int features, int seqLen, params int[] lengths)
    {
        var random = new Random(seed);
        var values = Enumerable.Range(0, lengths.Length * seqLen * features).Select(_ => Normal(random)).ToArray();
        return new Batch(lengths.Length, seqLen, lengths) { Features = values, FeatureWidth = features };
    }

    public static float Normal(Random random) =>
        (float)(Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble()));

    public ReadOnlySpan<float> RunNative(IModel model, bool training = false) => model switch
    {
        ISequenceToSequenceModel s2s => s2s.Forward(Tokens, Target, Size, SeqLen, TargetLen, Lengths, TargetLengths, training),
        ITokenModel tokens => tokens.Forward(Tokens, Size, SeqLen, Lengths, training),
        IFloatSequenceModel floats => floats.Forward(Features, Size, SeqLen, Lengths, training),
        _ => throw new ArgumentException($"{model.GetType().Name} is no model kind this harness knows."),
    };

    public Tensor RunTorch(nn.Module module) => module switch
    {
        nn.Module<Tensor, Tensor, Tensor?, Tensor?, Tensor> s2s => s2s.call(Ids(Tokens!, SeqLen), Ids(Target!, TargetLen), Ids(Lengths), Ids(TargetLengths!)),
        nn.Module<Tensor, Tensor?, Tensor> single => single.call(Tokens is null ? tensor(Features!, new long[] { Size, SeqLen, FeatureWidth }) : Ids(Tokens, SeqLen), Ids(Lengths)),
        _ => throw new ArgumentException($"{module.GetType().Name} is no module kind this harness knows."),
    };

    private Tensor Ids(int[] values, int seqLen) => tensor(values.Select(v => (long)v).ToArray(), new long[] { Size, seqLen });

    private static Tensor Ids(int[] values) => tensor(values.Select(v => (long)v).ToArray(), new long[] { values.Length });
}

/// <summary>A model under test: a seeded native model, its module, and a batch that exercises its padding.</summary>
public sealed record ModelCase(string Name, Func<IModel> CreateNative, Func<IModel, nn.Module> ToTorch, Action<nn.Module, IModel> CopyBack, Batch Batch)
{
    /// <summary>The module's SaveWeights.</summary>
    public required Action<nn.Module, string> Save { get; init; }

    /// <summary>The module's LoadWeights.</summary>
    public required Action<nn.Module, string> Load { get; init; }

    public override string ToString() => Name;
}

/// <summary>Comparisons that report the worst element as a fraction of its tolerance.</summary>
public static class Compare
{
    public static float[] Values(Tensor tensor) => tensor.detach().cpu().contiguous().data<float>().ToArray();

    /// <summary>max |actual − expected| / (tolerance · scale), over the elements <paramref name="include"/> keeps; ≤ 1 passes.</summary>
    public static double Fraction(ReadOnlySpan<float> expected, ReadOnlySpan<float> actual, double tolerance, double scale, Func<int, bool>? include = null)
    {
        Assert.Equal(expected.Length, actual.Length);
        double worst = 0;
        for (int i = 0; i < expected.Length; i++)
        {
            if (include is not null && !include(i)) continue;
            Assert.False(float.IsNaN(actual[i]) || float.IsNaN(expected[i]), $"NaN at element {i}");
            worst = Math.Max(worst, Math.Abs(actual[i] - (double)expected[i]));
        }
        return worst / (tolerance * scale);
    }

    public static double MaxAbs(ReadOnlySpan<float> values)
    {
        double max = 0;
        foreach (float v in values) max = Math.Max(max, Math.Abs(v));
        return max;
    }

    /// <summary>The key rows [E, 2E) of a packed in_proj_bias: their true gradient is 0 (adding a constant to every key shifts each softmax row), so both sides hold rounding noise.</summary>
    public static HashSet<int>? KeyBiasRows(ParameterInfo info)
    {
        if (!info.Name.EndsWith("in_proj_bias", StringComparison.Ordinal)) return null;
        int width = info.Shape[0] / 3;
        return Enumerable.Range(width, width).ToHashSet();
    }

    /// <summary>Each module parameter by name.</summary>
    public static Dictionary<string, TorchSharp.Modules.Parameter> Parameters(nn.Module module) =>
        module.named_parameters().ToDictionary(p => p.name, p => p.parameter);
}
