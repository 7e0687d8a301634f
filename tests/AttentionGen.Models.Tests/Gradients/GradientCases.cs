using System.Collections.Generic;
using AttentionGen.Models.Tests.Models;
using AttentionGen.Models.Tests.Parity;
using AttentionGen.Models.Tests.Reference;
using AttentionGen.Runtime;

namespace AttentionGen.Models.Tests.Gradients;

/// <summary>
/// Every model of Models/, Parity/ and Models/GradientModels.cs on small random inputs: batch 3, sequences shorter
/// than MaxSeq, padding lengths that include a length-1 sequence (and, for the encoder-decoders, different source and
/// target lengths).
/// </summary>
/// <remarks>
/// What each layer kind and option is covered by (every model's every parameter tensor is checked):
/// <list type="bullet">
/// <item><description>Embed: every token model. TargetEmbed: Translator, ParityTranslator, PreNormGeluTranslator (tied head).</description></item>
/// <item><description>SinusoidalPositions: EncoderClassifier, Forecaster, Translator (source and target), ParityEncoderClassifier, ParityTranslator,
/// CausalSelfAttentionClassifier.</description></item>
/// <item><description>LearnedPositions: TopicClassifier, PreNormEncoderClassifier (MaxLength 32 &gt; MaxSeq), TinyGpt, ParityGpt,
/// ParityForecaster (after an input projection), PreNormGeluTranslator (source pos_embed and target_pos_embed).</description></item>
/// <item><description>InputProjection: Forecaster, ParityForecaster, DenseHeadRegressor.</description></item>
/// <item><description>MultiHead non-causal: ProbeClassifier, BinaryTextClassifier, DenseHeadRegressor (attention dropout 0.2); causal: TopicClassifier,
/// LastTokenClassifier (named "attention"). SelfAttention non-causal: SingleHeadAttention, ParitySelfAttention; causal with dropout 0.1: CausalSelfAttentionClassifier.</description></item>
/// <item><description>Padding masks: every model (lengths include 1); the encoder-decoders mask source and target separately.</description></item>
/// <item><description>Encoder post-norm: EncoderClassifier (GELU), Forecaster (ReLU), Translator, ParityEncoderClassifier, ParityTranslator, ParityForecaster (GELU);
/// pre-norm: PreNormEncoderClassifier (ReLU), TinyGpt and ParityGpt (causal, GELU-tanh), PreNormGeluTranslator (GELU-tanh).</description></item>
/// <item><description>Decoder with cross-attention, post-norm ReLU: Translator, ParityTranslator; pre-norm GELU: PreNormGeluTranslator.</description></item>
/// <item><description>LayerNorm: LastTokenClassifier, PreNormEncoderClassifier, TinyGpt, ParityGpt, PreNormGeluTranslator; LayerNorm(width) with Eps 1e-3: DenseHeadRegressor.</description></item>
/// <item><description>Dense with bias, no activation: ProbeClassifier, BinaryTextClassifier, TopicClassifier, EncoderClassifier, Forecaster, …;
/// ReLU: TopicClassifier, Forecaster; GELU without bias: DenseHeadRegressor; GELU-tanh: DenseHeadRegressor, CausalSelfAttentionClassifier;
/// no bias and no activation: DenseHeadRegressor; Dense on a sequence (before pooling): CausalSelfAttentionClassifier.</description></item>
/// <item><description>Dropout attribute: TopicClassifier (0.2), DenseHeadRegressor (0.3).</description></item>
/// <item><description>LmHead untied: Translator, ParityTranslator; tied to embed.weight: TinyGpt, ParityGpt; tied to target_embed.weight: PreNormGeluTranslator.</description></item>
/// <item><description>Pooling: MeanPool (ProbeClassifier, BinaryTextClassifier, PreNormEncoderClassifier, ParityEncoderClassifier, DenseHeadRegressor),
/// FirstTokenPool (TopicClassifier, EncoderClassifier), LastTokenPool (LastTokenClassifier, Forecaster, ParityForecaster, CausalSelfAttentionClassifier),
/// all with padded rows.</description></item>
/// <item><description>Sigmoid / Softmax heads (they change Predict only; Backward takes the gradient of Forward's logits): BinaryTextClassifier,
/// PreNormEncoderClassifier, DenseHeadRegressor / TopicClassifier, LastTokenClassifier, EncoderClassifier, ParityEncoderClassifier,
/// CausalSelfAttentionClassifier.</description></item>
/// <item><description>Dropout in training (DropoutGradientTests): Dropout attribute, attention-probability dropout of MultiHead, SelfAttention,
/// encoder and decoder blocks, and the blocks' residual-branch and feed-forward dropout.</description></item>
/// </list>
/// </remarks>
internal static class GradientCases
{
    /// <summary>Sequences in every case's batch.</summary>
    public const int Batch = 3;

    /// <summary>The class names of every model with a case.</summary>
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
        nameof(ParityEncoderClassifier),
        nameof(ParityGpt),
        nameof(ParitySelfAttention),
        nameof(ParityTranslator),
        nameof(ParityForecaster),
        nameof(PreNormGeluTranslator),
        nameof(DenseHeadRegressor),
        nameof(CausalSelfAttentionClassifier),
    };

    /// <summary>Theory data: one row per name in <paramref name="names"/>.</summary>
    public static TheoryData<string> Data(IEnumerable<string> names)
    {
        var data = new TheoryData<string>();
        foreach (string name in names)
        {
            data.Add(name);
        }

        return data;
    }

    /// <summary>Theory data: every model.</summary>
    public static TheoryData<string> All() => Data(Names);

    /// <summary>The named model, seeded by <paramref name="seed"/>, on inputs drawn from <paramref name="seed"/>.</summary>
    public static GradientCase Create(string name, ulong seed = 7, int maxBatch = Batch)
    {
        var rng = new Random((int)seed + 1000);
        return name switch
        {
            nameof(SingleHeadAttention) => Floats(new SingleHeadAttention(seed, maxBatch), rng, SingleHeadAttention.Features, 6, ReferenceModels.SingleHeadAttention),
            nameof(ProbeClassifier) => Tokens(new ProbeClassifier(seed, maxBatch), rng, ProbeClassifier.Vocab, 7, ReferenceModels.ProbeClassifier),
            nameof(BinaryTextClassifier) => Tokens(new BinaryTextClassifier(seed, maxBatch), rng, BinaryTextClassifier.Vocab, 7, ReferenceModels.BinaryTextClassifier),
            nameof(TopicClassifier) => Tokens(new TopicClassifier(seed, maxBatch), rng, TopicClassifier.Vocab, 7, ReferenceModels.TopicClassifier),
            nameof(LastTokenClassifier) => Tokens(new LastTokenClassifier(seed, maxBatch), rng, LastTokenClassifier.Vocab, 7, ReferenceModels.LastTokenClassifier),
            nameof(EncoderClassifier) => Tokens(new EncoderClassifier(seed, maxBatch), rng, EncoderClassifier.Vocab, 7, ReferenceModels.EncoderClassifier),
            nameof(PreNormEncoderClassifier) => Tokens(new PreNormEncoderClassifier(seed, maxBatch), rng, PreNormEncoderClassifier.Vocab, 7, ReferenceModels.PreNormEncoderClassifier),
            nameof(TinyGpt) => Tokens(new TinyGpt(seed, maxBatch), rng, TinyGpt.Vocab, 7, ReferenceModels.TinyGpt),
            nameof(Translator) => SequenceToSequence(new Translator(seed, maxBatch), rng, Translator.Vocab, Translator.TargetVocab, ReferenceModels.Translator),
            nameof(Forecaster) => Floats(new Forecaster(seed, maxBatch), rng, Forecaster.Features, 7, ReferenceModels.Forecaster),
            nameof(ParityEncoderClassifier) => Tokens(new ParityEncoderClassifier(seed, maxBatch), rng, ParityEncoderClassifier.Vocab, 7, ReferenceModels.ParityEncoderClassifier),
            nameof(ParityGpt) => Tokens(new ParityGpt(seed, maxBatch), rng, ParityGpt.Vocab, 7, ReferenceModels.ParityGpt),
            nameof(ParitySelfAttention) => Floats(new ParitySelfAttention(seed, maxBatch), rng, ParitySelfAttention.Features, 5, ReferenceModels.ParitySelfAttention),
            nameof(ParityTranslator) => SequenceToSequence(new ParityTranslator(seed, maxBatch), rng, ParityTranslator.Vocab, ParityTranslator.TargetVocab, ReferenceModels.ParityTranslator),
            nameof(ParityForecaster) => Floats(new ParityForecaster(seed, maxBatch), rng, ParityForecaster.Features, 7, ReferenceModels.ParityForecaster),
            nameof(PreNormGeluTranslator) => SequenceToSequence(new PreNormGeluTranslator(seed, maxBatch), rng, PreNormGeluTranslator.Vocab, PreNormGeluTranslator.TargetVocab, ReferenceModels.PreNormGeluTranslator),
            nameof(DenseHeadRegressor) => Floats(new DenseHeadRegressor(seed, maxBatch), rng, DenseHeadRegressor.Features, 7, ReferenceModels.DenseHeadRegressor),
            nameof(CausalSelfAttentionClassifier) => Tokens(new CausalSelfAttentionClassifier(seed, maxBatch), rng, CausalSelfAttentionClassifier.Vocab, 7, ReferenceModels.CausalSelfAttentionClassifier),
            _ => throw new ArgumentOutOfRangeException(nameof(name), name, "No gradient case for this model."),
        };
    }

    /// <summary>Lengths for a batch of 3 padded to <paramref name="seqLen"/>: full, 1, and in between.</summary>
    private static int[] Lengths(int seqLen) => new[] { seqLen, 1, (seqLen / 2) + 1 };

    private static GradientCase Tokens(
        ITokenModel model, Random rng, int vocab, int seqLen, Func<ReferenceNet, int[], int, int, int[]?, double[]> reference)
    {
        int[] tokens = TestData.Tokens(rng, Batch * seqLen, vocab);
        int[] lengths = Lengths(seqLen);
        return new GradientCase
        {
            Name = model.GetType().Name,
            Model = model,
            Run = training => model.Forward(tokens, Batch, seqLen, lengths, training).ToArray(),
            Reference = net => reference(net, tokens, Batch, seqLen, lengths),
            TableTokens = new Dictionary<string, int[]> { ["embed.weight"] = tokens },
        };
    }

    private static GradientCase Floats(
        IFloatSequenceModel model, Random rng, int features, int seqLen, Func<ReferenceNet, float[], int, int, int[]?, double[]> reference)
    {
        float[] inputs = TestData.Floats(rng, Batch * seqLen * features);
        int[] lengths = Lengths(seqLen);
        return new GradientCase
        {
            Name = model.GetType().Name,
            Model = model,
            Run = training => model.Forward(inputs, Batch, seqLen, lengths, training).ToArray(),
            Reference = net => reference(net, inputs, Batch, seqLen, lengths),
        };
    }

    private static GradientCase SequenceToSequence(
        ISequenceToSequenceModel model, Random rng, int vocab, int targetVocab,
        Func<ReferenceNet, int[], int[], int, int, int, int[]?, int[]?, double[]> reference)
    {
        const int SourceLen = 7, TargetLen = 6;
        int[] source = TestData.Tokens(rng, Batch * SourceLen, vocab);
        int[] target = TestData.Tokens(rng, Batch * TargetLen, targetVocab);
        int[] sourceLengths = { SourceLen, 1, 4 };
        int[] targetLengths = { 4, TargetLen, 1 };
        return new GradientCase
        {
            Name = model.GetType().Name,
            Model = model,
            Run = training => model.Forward(source, target, Batch, SourceLen, TargetLen, sourceLengths, targetLengths, training).ToArray(),
            Reference = net => reference(net, source, target, Batch, SourceLen, TargetLen, sourceLengths, targetLengths),
            TableTokens = new Dictionary<string, int[]> { ["embed.weight"] = source, ["target_embed.weight"] = target },
        };
    }
}
