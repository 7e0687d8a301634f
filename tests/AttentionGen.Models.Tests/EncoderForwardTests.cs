using AttentionGen.Models.Tests.Models;
using AttentionGen.Models.Tests.Reference;

namespace AttentionGen.Models.Tests;

/// <summary>
/// Models built from Transformer encoder blocks (post-norm and pre-norm, token and float input) against the
/// double-precision reference composed from their attribute lists. Tolerance: <see cref="Tolerance"/>
/// (1e-4 relative + 1e-5 absolute per element).
/// </summary>
public class EncoderForwardTests
{
    // ── EncoderClassifier: [Model(Vocab = 300, MaxSeq = 20, Classes = 3)] [Embed(32), SinusoidalPositions]
    //    [Encoder(2, Heads = 4, FeedForward = 64, Activation = Gelu)] [FirstTokenPool] [Dense(3), Softmax] ──

    private static double[] EncoderClassifierReference(EncoderClassifier model, int[] tokens, int batch, int seqLen, int[]? lengths)
    {
        var net = new ReferenceNet(model);
        double[] expected = ReferenceModels.EncoderClassifier(net, tokens, batch, seqLen, lengths);
        Assert.Empty(net.UnusedParameters);
        return expected;
    }

    [Theory]
    [InlineData(1, 20, null)]
    [InlineData(4, 13, new[] { 13, 1, 6, 10 })]
    [InlineData(3, 5, null)]
    public void EncoderClassifierMatchesReference(int batch, int seqLen, int[]? lengths)
    {
        var model = new EncoderClassifier(seed: 61);
        int[] tokens = TestData.Tokens(new Random(21), batch * seqLen, EncoderClassifier.Vocab);
        double[] expected = EncoderClassifierReference(model, tokens, batch, seqLen, lengths);
        Tolerance.AssertClose(model.Forward(tokens, batch, seqLen, lengths), expected, nameof(EncoderClassifier));
    }

    [Fact]
    public void EncoderClassifierPredictIsSoftmaxOfForward()
    {
        const int Batch = 4, SeqLen = 10;
        int[] lengths = { 10, 1, 4, 7 };
        var model = new EncoderClassifier(seed: 62);
        int[] tokens = TestData.Tokens(new Random(22), Batch * SeqLen, EncoderClassifier.Vocab);
        float[] logits = model.Forward(tokens, Batch, SeqLen, lengths).ToArray();
        Tolerance.AssertClose(model.Predict(tokens, Batch, SeqLen, lengths), AttentionForwardTests.SoftmaxRows(logits, EncoderClassifier.Outputs), "EncoderClassifier.Predict");
    }

    [Fact]
    public void EncoderClassifierIgnoresPaddedTokens()
    {
        const int Batch = 3, SeqLen = 18;
        int[] lengths = { 5, 1, 18 };
        var rng = new Random(23);
        var model = new EncoderClassifier(seed: 63);
        int[] tokens = TestData.Tokens(rng, Batch * SeqLen, EncoderClassifier.Vocab);
        float[] before = model.Forward(tokens, Batch, SeqLen, lengths).ToArray();
        float[] after = model.Forward(TestData.ScramblePadding(rng, tokens, SeqLen, lengths, EncoderClassifier.Vocab), Batch, SeqLen, lengths).ToArray();
        Assert.Equal(before, after);
    }

    // ── PreNormEncoderClassifier: [Model(Vocab = 250, MaxSeq = 18)] [Embed(24), LearnedPositions(MaxLength = 32)]
    //    [Encoder(3, Heads = 6, FeedForward = 48, NormFirst = true, Dropout = 0.05)] [LayerNorm] [MeanPool] [Dense(1), Sigmoid] ──

    private static double[] PreNormEncoderClassifierReference(PreNormEncoderClassifier model, int[] tokens, int batch, int seqLen, int[]? lengths)
    {
        var net = new ReferenceNet(model);
        double[] expected = ReferenceModels.PreNormEncoderClassifier(net, tokens, batch, seqLen, lengths);
        Assert.Empty(net.UnusedParameters);
        return expected;
    }

    [Theory]
    [InlineData(1, 18, null)]
    [InlineData(5, 9, new[] { 9, 1, 3, 8, 5 })]
    [InlineData(2, 2, null)]
    public void PreNormEncoderClassifierMatchesReference(int batch, int seqLen, int[]? lengths)
    {
        var model = new PreNormEncoderClassifier(seed: 71);
        int[] tokens = TestData.Tokens(new Random(24), batch * seqLen, PreNormEncoderClassifier.Vocab);
        double[] expected = PreNormEncoderClassifierReference(model, tokens, batch, seqLen, lengths);
        Tolerance.AssertClose(model.Forward(tokens, batch, seqLen, lengths), expected, nameof(PreNormEncoderClassifier));
    }

    [Fact]
    public void PreNormEncoderClassifierPredictIsSigmoidOfForward()
    {
        const int Batch = 4, SeqLen = 14;
        int[] lengths = { 1, 14, 6, 11 };
        var model = new PreNormEncoderClassifier(seed: 72);
        int[] tokens = TestData.Tokens(new Random(25), Batch * SeqLen, PreNormEncoderClassifier.Vocab);
        float[] logits = model.Forward(tokens, Batch, SeqLen, lengths).ToArray();
        double[] expected = Array.ConvertAll(logits, v => ReferenceMath.Sigmoid(v));
        Tolerance.AssertClose(model.Predict(tokens, Batch, SeqLen, lengths), expected, "PreNormEncoderClassifier.Predict");
    }

    [Fact]
    public void PreNormEncoderClassifierIgnoresPaddedTokens()
    {
        const int Batch = 3, SeqLen = 15;
        int[] lengths = { 15, 7, 1 };
        var rng = new Random(26);
        var model = new PreNormEncoderClassifier(seed: 73);
        int[] tokens = TestData.Tokens(rng, Batch * SeqLen, PreNormEncoderClassifier.Vocab);
        float[] before = model.Forward(tokens, Batch, SeqLen, lengths).ToArray();
        float[] after = model.Forward(TestData.ScramblePadding(rng, tokens, SeqLen, lengths, PreNormEncoderClassifier.Vocab), Batch, SeqLen, lengths).ToArray();
        Assert.Equal(before, after);
    }

    // ── Forecaster: [Model(Features = 3, MaxSeq = 24)] [InputProjection(16), SinusoidalPositions]
    //    [Encoder(1, Heads = 2, FeedForward = 32)] [LastTokenPool] [Dense(8, Activation = Relu)] [Dense(1)] ──

    private static double[] ForecasterReference(Forecaster model, float[] inputs, int batch, int seqLen, int[]? lengths)
    {
        var net = new ReferenceNet(model);
        double[] expected = ReferenceModels.Forecaster(net, inputs, batch, seqLen, lengths);
        Assert.Empty(net.UnusedParameters);
        return expected;
    }

    [Theory]
    [InlineData(1, 24, null)]
    [InlineData(4, 17, new[] { 17, 1, 9, 12 })]
    [InlineData(6, 6, null)]
    public void ForecasterMatchesReference(int batch, int seqLen, int[]? lengths)
    {
        var model = new Forecaster(seed: 81);
        float[] inputs = TestData.Floats(new Random(27), batch * seqLen * Forecaster.Features);
        double[] expected = ForecasterReference(model, inputs, batch, seqLen, lengths);
        Tolerance.AssertClose(model.Forward(inputs, batch, seqLen, lengths), expected, nameof(Forecaster));
    }

    [Fact]
    public void ForecasterIgnoresPaddedSteps()
    {
        const int Batch = 3, SeqLen = 20;
        int[] lengths = { 1, 20, 11 };
        var rng = new Random(28);
        var model = new Forecaster(seed: 82);
        float[] inputs = TestData.Floats(rng, Batch * SeqLen * Forecaster.Features);
        float[] before = model.Forward(inputs, Batch, SeqLen, lengths).ToArray();
        float[] after = model.Forward(TestData.ScramblePadding(rng, inputs, SeqLen, Forecaster.Features, lengths), Batch, SeqLen, lengths).ToArray();
        Assert.Equal(before, after);
    }
}
