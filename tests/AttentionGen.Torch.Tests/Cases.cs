using System.Collections.Generic;
using TorchSharp;

namespace AttentionGen.Torch.Tests;

/// <summary>The models of <c>Models.cs</c> with a batch each: padding everywhere the kind allows, a length-0 row where the native model defines its output.</summary>
public static class Cases
{
    private const ulong Seed = 20261130;

    public static IEnumerable<ModelCase> All()
    {
        yield return new("AttentionOnly", () => new AttentionOnly(Seed, 4), m => ((AttentionOnly)m).ToTorch(), (t, m) => ((AttentionOnly.Torch)t).CopyTo((AttentionOnly)m),
            Batch.OfFeatures(1, AttentionOnly.Features, 6, 6, 3, 0))
        { Save = (t, path) => ((AttentionOnly.Torch)t).SaveWeights(path), Load = (t, path) => ((AttentionOnly.Torch)t).LoadWeights(path) };
        yield return new("CausalAttention", () => new CausalAttention(Seed, 4), m => ((CausalAttention)m).ToTorch(), (t, m) => ((CausalAttention.Torch)t).CopyTo((CausalAttention)m),
            Batch.OfFeatures(2, CausalAttention.Features, 7, 7, 4))
        { Save = (t, path) => ((CausalAttention.Torch)t).SaveWeights(path), Load = (t, path) => ((CausalAttention.Torch)t).LoadWeights(path) };
        yield return new("PostNormClassifier", () => new PostNormClassifier(Seed, 4), m => ((PostNormClassifier)m).ToTorch(), (t, m) => ((PostNormClassifier.Torch)t).CopyTo((PostNormClassifier)m),
            Batch.OfTokens(3, PostNormClassifier.Vocab, 10, 10, 6, 1))
        { Save = (t, path) => ((PostNormClassifier.Torch)t).SaveWeights(path), Load = (t, path) => ((PostNormClassifier.Torch)t).LoadWeights(path) };
        yield return new("PreNormClassifier", () => new PreNormClassifier(Seed, 4), m => ((PreNormClassifier)m).ToTorch(), (t, m) => ((PreNormClassifier.Torch)t).CopyTo((PreNormClassifier)m),
            Batch.OfTokens(4, PreNormClassifier.Vocab, 10, 10, 4, 0))
        { Save = (t, path) => ((PreNormClassifier.Torch)t).SaveWeights(path), Load = (t, path) => ((PreNormClassifier.Torch)t).LoadWeights(path) };
        yield return new("TiedGpt", () => new TiedGpt(Seed, 4), m => ((TiedGpt)m).ToTorch(), (t, m) => ((TiedGpt.Torch)t).CopyTo((TiedGpt)m),
            Batch.OfTokens(5, TiedGpt.Vocab, 16, 16, 9))
        { Save = (t, path) => ((TiedGpt.Torch)t).SaveWeights(path), Load = (t, path) => ((TiedGpt.Torch)t).LoadWeights(path) };
        var source = Batch.OfTokens(6, Translator.Vocab, 9, 9, 5);
        var target = Batch.OfTokens(7, Translator.TargetVocab, 8, 8, 3);
        yield return new("Translator", () => new Translator(Seed, 4), m => ((Translator)m).ToTorch(), (t, m) => ((Translator.Torch)t).CopyTo((Translator)m),
            source with { Target = target.Tokens, TargetLen = 8, TargetLengths = target.Lengths }) { Save = (t, path) => ((Translator.Torch)t).SaveWeights(path), Load = (t, path) => ((Translator.Torch)t).LoadWeights(path) };
        yield return new("Forecaster", () => new Forecaster(Seed, 4), m => ((Forecaster)m).ToTorch(), (t, m) => ((Forecaster.Torch)t).CopyTo((Forecaster)m),
            Batch.OfFeatures(8, Forecaster.Features, 10, 10, 7, 2))
        { Save = (t, path) => ((Forecaster.Torch)t).SaveWeights(path), Load = (t, path) => ((Forecaster.Torch)t).LoadWeights(path) };
        yield return DottedNamesCase();
    }

    /// <summary>Not one kind more, but user-chosen dotted names, which the module builds as nested containers.</summary>
    private static ModelCase DottedNamesCase() =>
        new("DottedNames", () => new DottedNames(Seed, 4), m => ((DottedNames)m).ToTorch(), (t, m) => ((DottedNames.Torch)t).CopyTo((DottedNames)m),
            Batch.OfTokens(9, DottedNames.Vocab, 8, 8, 5))
        { Save = (t, path) => ((DottedNames.Torch)t).SaveWeights(path), Load = (t, path) => ((DottedNames.Torch)t).LoadWeights(path) };

    public static TheoryData<string> Names()
    {
        var names = new TheoryData<string>();
        foreach (var c in All()) names.Add(c.Name);
        return names;
    }

    public static ModelCase Get(string name)
    {
        foreach (var c in All())
            if (c.Name == name) return c;
        throw new KeyNotFoundException(name);
    }
}
