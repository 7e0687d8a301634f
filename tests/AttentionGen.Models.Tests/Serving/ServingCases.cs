using System.Linq;
using AttentionGen.Models.Tests.Models;
using AttentionGen.Models.Tests.Reference;
using AttentionGen.Runtime;

namespace AttentionGen.Models.Tests.Serving;

/// <summary>
/// One batch of inputs for any kind of model: token ids, float features, or source and target ids, with the batch's
/// padded lengths and (optionally) the valid length of each sequence.
/// </summary>
internal sealed record ServingRequest(
    int Batch, int SeqLen, int[] Tokens, float[] Inputs, int[]? Lengths, int TargetLen, int[] Target, int[]? TargetLengths)
{
    public override string ToString() =>
        $"batch {Batch}, seqLen {SeqLen}, lengths [{(Lengths is null ? "none" : string.Join(", ", Lengths))}]"
        + (Target.Length > 0 ? $", targetLen {TargetLen}, target lengths [{(TargetLengths is null ? "none" : string.Join(", ", TargetLengths))}]" : "");
}

/// <summary>
/// A declared model as a server sees it: how to build it, how to draw valid requests for it, and how to run a request
/// on the model or on any of its sessions through the runtime interfaces alone, the way a generic server would.
/// </summary>
internal sealed class ServingCase
{
    private readonly Func<ulong, int, bool, IModel> _create;

    private ServingCase(string name, Func<ulong, int, bool, IModel> create, int vocab, int features, int maxSeq, int targetVocab = 0, int targetMaxSeq = 0)
    {
        Name = name;
        _create = create;
        Vocab = vocab;
        Features = features;
        MaxSeq = maxSeq;
        TargetVocab = targetVocab;
        TargetMaxSeq = targetMaxSeq;
    }

    public string Name { get; }

    public int Vocab { get; }

    public int Features { get; }

    public int MaxSeq { get; }

    public int TargetVocab { get; }

    public int TargetMaxSeq { get; }

    /// <summary>
    /// Every kind of model the tests declare: token classifiers (one with dropout, which inference must skip), encoder
    /// classifiers (post-norm, and pre-norm with dropout), the causal GPT, two encoder-decoders and two float-sequence
    /// models.
    /// </summary>
    public static readonly ServingCase[] All =
    {
        new(nameof(ProbeClassifier), (s, b, i) => new ProbeClassifier(s, b, i), ProbeClassifier.Vocab, 0, ProbeClassifier.MaxSeq),
        new(nameof(TopicClassifier), (s, b, i) => new TopicClassifier(s, b, i), TopicClassifier.Vocab, 0, TopicClassifier.MaxSeq),
        new(nameof(EncoderClassifier), (s, b, i) => new EncoderClassifier(s, b, i), EncoderClassifier.Vocab, 0, EncoderClassifier.MaxSeq),
        new(nameof(PreNormEncoderClassifier), (s, b, i) => new PreNormEncoderClassifier(s, b, i), PreNormEncoderClassifier.Vocab, 0, PreNormEncoderClassifier.MaxSeq),
        new(nameof(TinyGpt), (s, b, i) => new TinyGpt(s, b, i), TinyGpt.Vocab, 0, TinyGpt.MaxSeq),
        new(nameof(Translator), (s, b, i) => new Translator(s, b, i), Translator.Vocab, 0, Translator.MaxSeq, Translator.TargetVocab, Translator.TargetMaxSeq),
        new(nameof(PreNormGeluTranslator), (s, b, i) => new PreNormGeluTranslator(s, b, i), PreNormGeluTranslator.Vocab, 0, PreNormGeluTranslator.MaxSeq,
            PreNormGeluTranslator.TargetVocab, PreNormGeluTranslator.TargetMaxSeq),
        new(nameof(Forecaster), (s, b, i) => new Forecaster(s, b, i), 0, Forecaster.Features, Forecaster.MaxSeq),
        new(nameof(DenseHeadRegressor), (s, b, i) => new DenseHeadRegressor(s, b, i), 0, DenseHeadRegressor.Features, DenseHeadRegressor.MaxSeq),
    };

    public static TheoryData<string> Names()
    {
        var data = new TheoryData<string>();
        foreach (var c in All) data.Add(c.Name);
        return data;
    }

    public static ServingCase Named(string name) => All.Single(c => c.Name == name);

    public IModel Create(ulong seed, int maxBatch, bool inferenceOnly = false) => _create(seed, maxBatch, inferenceOnly);

    /// <summary>
    /// A valid request of <paramref name="minBatch"/> to <paramref name="maxBatch"/> sequences of random padded length,
    /// each with its own valid length (or, one time in four, no lengths at all: every position valid).
    /// </summary>
    public ServingRequest Draw(Random rng, int maxBatch, int minBatch = 1)
    {
        int batch = rng.Next(minBatch, maxBatch + 1);
        int seqLen = rng.Next(1, MaxSeq + 1);
        int[]? lengths = rng.Next(4) == 0 ? null : Enumerable.Range(0, batch).Select(_ => rng.Next(1, seqLen + 1)).ToArray();
        int[] tokens = Vocab > 0 ? TestData.Tokens(rng, batch * seqLen, Vocab) : Array.Empty<int>();
        float[] inputs = Features > 0 ? TestData.Floats(rng, batch * seqLen * Features) : Array.Empty<float>();
        if (TargetVocab == 0) return new ServingRequest(batch, seqLen, tokens, inputs, lengths, 0, Array.Empty<int>(), null);

        int targetLen = rng.Next(1, TargetMaxSeq + 1);
        int[]? targetLengths = rng.Next(4) == 0 ? null : Enumerable.Range(0, batch).Select(_ => rng.Next(1, targetLen + 1)).ToArray();
        return new ServingRequest(batch, seqLen, tokens, inputs, lengths, targetLen, TestData.Tokens(rng, batch * targetLen, TargetVocab), targetLengths);
    }

    /// <summary>The model's own forward pass, in inference mode.</summary>
    public static ReadOnlySpan<float> Run(IModel model, ServingRequest r) => model switch
    {
        ITokenModel m => m.Forward(r.Tokens, r.Batch, r.SeqLen, r.Lengths),
        IFloatSequenceModel m => m.Forward(r.Inputs, r.Batch, r.SeqLen, r.Lengths),
        ISequenceToSequenceModel m => m.Forward(r.Tokens, r.Target, r.Batch, r.SeqLen, r.TargetLen, r.Lengths, r.TargetLengths),
        _ => throw new ArgumentOutOfRangeException(nameof(model), model.GetType().Name, "Not a kind of model a server knows."),
    };

    /// <summary>A session for any kind of model, through the runtime interfaces.</summary>
    public static IInferenceSession CreateSession(IModel model, int maxBatch) => model switch
    {
        ITokenModel m => m.CreateInferenceSession(maxBatch),
        IFloatSequenceModel m => m.CreateInferenceSession(maxBatch),
        ISequenceToSequenceModel m => m.CreateInferenceSession(maxBatch),
        _ => throw new ArgumentOutOfRangeException(nameof(model), model.GetType().Name, "Not a kind of model a server knows."),
    };

    public static ReadOnlySpan<float> Run(IInferenceSession session, ServingRequest r) => session switch
    {
        ITokenInferenceSession s => s.Forward(r.Tokens, r.Batch, r.SeqLen, r.Lengths),
        IFloatSequenceInferenceSession s => s.Forward(r.Inputs, r.Batch, r.SeqLen, r.Lengths),
        ISequenceToSequenceInferenceSession s => s.Forward(r.Tokens, r.Target, r.Batch, r.SeqLen, r.TargetLen, r.Lengths, r.TargetLengths),
        _ => throw new ArgumentOutOfRangeException(nameof(session), session.GetType().Name, "Not a kind of session a server knows."),
    };

    public override string ToString() => Name;
}

/// <summary>Bit-for-bit comparison of outputs: no tolerance, and -0 differs from +0, as a cached answer would.</summary>
internal static class Bits
{
    /// <summary>The index of the first value whose bits differ, or -1; a length mismatch differs at the shorter length.</summary>
    public static int FirstDifference(ReadOnlySpan<float> expected, ReadOnlySpan<float> actual)
    {
        int n = Math.Min(expected.Length, actual.Length);
        for (int i = 0; i < n; i++)
        {
            if (BitConverter.SingleToInt32Bits(expected[i]) != BitConverter.SingleToInt32Bits(actual[i])) return i;
        }

        return expected.Length == actual.Length ? -1 : n;
    }

    public static void AssertIdentical(ReadOnlySpan<float> expected, ReadOnlySpan<float> actual, string what)
    {
        int at = FirstDifference(expected, actual);
        if (at < 0) return;
        Assert.Fail(at < Math.Min(expected.Length, actual.Length)
            ? $"{what}: value {at} is {actual[at]:R}, not {expected[at]:R}."
            : $"{what}: {actual.Length} values, not {expected.Length}.");
    }
}
