using AttentionGen.Models.Tests.Models;
using AttentionGen.Models.Tests.Reference;
using AttentionGen.Runtime;

namespace AttentionGen.Models.Tests;

/// <summary>Every model in Models/, by name, for tests that hold for all of them.</summary>
internal static class ModelCatalog
{
    /// <summary>The class names of every model in Models/.</summary>
    public static readonly string[] Names =
    {
        nameof(SingleHeadAttention),
        nameof(ProbeClassifier),
        nameof(BinaryTextClassifier),
        nameof(TopicClassifier),
        nameof(LastTokenClassifier),
        nameof(EncoderClassifier),
        nameof(PreNormEncoderClassifier),
        nameof(TinyGpt),
        nameof(Translator),
        nameof(Forecaster),
    };

    /// <summary>Theory data: one row per model.</summary>
    public static TheoryData<string> All()
    {
        var data = new TheoryData<string>();
        foreach (string name in Names)
        {
            data.Add(name);
        }

        return data;
    }

    /// <summary>Constructs the named model.</summary>
    public static IModel Create(string name, ulong seed, int maxBatch = 32) => name switch
    {
        nameof(SingleHeadAttention) => new SingleHeadAttention(seed, maxBatch),
        nameof(ProbeClassifier) => new ProbeClassifier(seed, maxBatch),
        nameof(BinaryTextClassifier) => new BinaryTextClassifier(seed, maxBatch),
        nameof(TopicClassifier) => new TopicClassifier(seed, maxBatch),
        nameof(LastTokenClassifier) => new LastTokenClassifier(seed, maxBatch),
        nameof(EncoderClassifier) => new EncoderClassifier(seed, maxBatch),
        nameof(PreNormEncoderClassifier) => new PreNormEncoderClassifier(seed, maxBatch),
        nameof(TinyGpt) => new TinyGpt(seed, maxBatch),
        nameof(Translator) => new Translator(seed, maxBatch),
        nameof(Forecaster) => new Forecaster(seed, maxBatch),
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "Not a model in Models/."),
    };

    /// <summary>
    /// Runs the model's Forward on inputs drawn from <paramref name="inputSeed"/> (batch 3, sequences shorter than
    /// MaxSeq, one padded row of length 1) and returns a copy of the output.
    /// </summary>
    public static float[] RunOnRandomInput(IModel model, int inputSeed)
    {
        const int Batch = 3, SeqLen = 6;
        int[] lengths = { 6, 1, 4 };
        var rng = new Random(inputSeed);
        return model switch
        {
            SingleHeadAttention m => m.Forward(TestData.Floats(rng, Batch * SeqLen * SingleHeadAttention.Features), Batch, SeqLen, lengths).ToArray(),
            ProbeClassifier m => m.Forward(TestData.Tokens(rng, Batch * SeqLen, ProbeClassifier.Vocab), Batch, SeqLen, lengths).ToArray(),
            BinaryTextClassifier m => m.Forward(TestData.Tokens(rng, Batch * SeqLen, BinaryTextClassifier.Vocab), Batch, SeqLen, lengths).ToArray(),
            TopicClassifier m => m.Forward(TestData.Tokens(rng, Batch * SeqLen, TopicClassifier.Vocab), Batch, SeqLen, lengths).ToArray(),
            LastTokenClassifier m => m.Forward(TestData.Tokens(rng, Batch * SeqLen, LastTokenClassifier.Vocab), Batch, SeqLen, lengths).ToArray(),
            EncoderClassifier m => m.Forward(TestData.Tokens(rng, Batch * SeqLen, EncoderClassifier.Vocab), Batch, SeqLen, lengths).ToArray(),
            PreNormEncoderClassifier m => m.Forward(TestData.Tokens(rng, Batch * SeqLen, PreNormEncoderClassifier.Vocab), Batch, SeqLen, lengths).ToArray(),
            TinyGpt m => m.Forward(TestData.Tokens(rng, Batch * SeqLen, TinyGpt.Vocab), Batch, SeqLen, lengths).ToArray(),
            Translator m => m.Forward(
                TestData.Tokens(rng, Batch * SeqLen, Translator.Vocab), TestData.Tokens(rng, Batch * 5, Translator.TargetVocab),
                Batch, SeqLen, 5, lengths, new[] { 5, 1, 3 }).ToArray(),
            Forecaster m => m.Forward(TestData.Floats(rng, Batch * SeqLen * Forecaster.Features), Batch, SeqLen, lengths).ToArray(),
            _ => throw new ArgumentOutOfRangeException(nameof(model), model.GetType().Name, "Not a model in Models/."),
        };
    }
}
