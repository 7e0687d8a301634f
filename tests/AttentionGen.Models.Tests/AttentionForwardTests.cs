using AttentionGen.Models.Tests.Models;
using AttentionGen.Models.Tests.Reference;

namespace AttentionGen.Models.Tests;

/// <summary>
/// The single-layer attention models (one attention layer, optional pooling and dense head) against the
/// double-precision reference composed from their attribute lists. Tolerance: <see cref="Tolerance"/>
/// (1e-4 relative + 1e-5 absolute per element).
/// </summary>
public class AttentionForwardTests
{
    // ── SingleHeadAttention: [Model(Features = 16, MaxSeq = 12)] [SelfAttention] ──

    private static double[] SingleHeadAttentionReference(SingleHeadAttention model, float[] inputs, int batch, int seqLen, int[]? lengths)
    {
        var net = new ReferenceNet(model);
        double[] expected = ReferenceModels.SingleHeadAttention(net, inputs, batch, seqLen, lengths);
        Assert.Empty(net.UnusedParameters);
        return expected;
    }

    [Theory]
    [InlineData(1, 12, null)]
    [InlineData(3, 5, null)]
    [InlineData(4, 9, new[] { 9, 1, 4, 7 })]
    [InlineData(2, 12, new[] { 0, 6 })] // a row with no valid key: its context is zero, the output out_proj.bias
    public void SingleHeadAttentionMatchesReference(int batch, int seqLen, int[]? lengths)
    {
        var model = new SingleHeadAttention(seed: 11);
        float[] inputs = TestData.Floats(new Random(1), batch * seqLen * SingleHeadAttention.Features);
        double[] expected = SingleHeadAttentionReference(model, inputs, batch, seqLen, lengths);
        Tolerance.AssertClose(model.Forward(inputs, batch, seqLen, lengths), expected, nameof(SingleHeadAttention));
    }

    [Fact]
    public void SingleHeadAttentionIgnoresPaddedSteps()
    {
        const int Batch = 3, SeqLen = 10;
        int[] lengths = { 10, 1, 6 };
        var rng = new Random(2);
        var model = new SingleHeadAttention(seed: 12);
        float[] inputs = TestData.Floats(rng, Batch * SeqLen * SingleHeadAttention.Features);
        float[] before = model.Forward(inputs, Batch, SeqLen, lengths).ToArray();
        float[] after = model.Forward(TestData.ScramblePadding(rng, inputs, SeqLen, SingleHeadAttention.Features, lengths), Batch, SeqLen, lengths).ToArray();
        TestData.AssertValidPositionsEqual(before, after, SeqLen, SingleHeadAttention.Outputs, lengths, nameof(SingleHeadAttention));
    }

    // ── ProbeClassifier: [Model(Vocab = 1000, MaxSeq = 32)] [Embed(64)] [MultiHead(8)] [MeanPool, Dense(2)] ──

    private static double[] ProbeClassifierReference(ProbeClassifier model, int[] tokens, int batch, int seqLen, int[]? lengths)
    {
        var net = new ReferenceNet(model);
        double[] expected = ReferenceModels.ProbeClassifier(net, tokens, batch, seqLen, lengths);
        Assert.Empty(net.UnusedParameters);
        return expected;
    }

    [Theory]
    [InlineData(1, 32, null)]
    [InlineData(2, 32, new[] { 32, 17 })]
    [InlineData(5, 11, null)]
    [InlineData(5, 11, new[] { 11, 1, 3, 10, 6 })]
    [InlineData(3, 8, new[] { 0, 8, 2 })] // an empty row pools to zeros: its logits are dense.bias
    public void ProbeClassifierMatchesReference(int batch, int seqLen, int[]? lengths)
    {
        var model = new ProbeClassifier(seed: 21);
        int[] tokens = TestData.Tokens(new Random(3), batch * seqLen, ProbeClassifier.Vocab);
        double[] expected = ProbeClassifierReference(model, tokens, batch, seqLen, lengths);
        Tolerance.AssertClose(model.Forward(tokens, batch, seqLen, lengths), expected, nameof(ProbeClassifier));
    }

    [Fact]
    public void ProbeClassifierMatchesReferenceOnThreadedKernels()
    {
        // A full batch: in_proj is 1024 rows × 64 × 192 ≥ 2^20 and attention 32 × 8 × 32 × 32 × 8 ≥ 2^18 multiply-adds,
        // so Linear and Attention split their work across threads.
        const int Batch = 32, SeqLen = 32;
        var rng = new Random(14);
        var model = new ProbeClassifier(seed: 23);
        int[] tokens = TestData.Tokens(rng, Batch * SeqLen, ProbeClassifier.Vocab);
        int[] lengths = new int[Batch];
        for (int b = 0; b < Batch; b++)
        {
            lengths[b] = b == 1 ? 1 : rng.Next(1, SeqLen + 1);
        }

        double[] expected = ProbeClassifierReference(model, tokens, Batch, SeqLen, lengths);
        Tolerance.AssertClose(model.Forward(tokens, Batch, SeqLen, lengths), expected, nameof(ProbeClassifier));
    }

    [Fact]
    public void ProbeClassifierIgnoresPaddedTokens()
    {
        const int Batch = 4, SeqLen = 20;
        int[] lengths = { 20, 1, 9, 13 };
        var rng = new Random(4);
        var model = new ProbeClassifier(seed: 22);
        int[] tokens = TestData.Tokens(rng, Batch * SeqLen, ProbeClassifier.Vocab);
        float[] before = model.Forward(tokens, Batch, SeqLen, lengths).ToArray();
        float[] after = model.Forward(TestData.ScramblePadding(rng, tokens, SeqLen, lengths, ProbeClassifier.Vocab), Batch, SeqLen, lengths).ToArray();
        Assert.Equal(before, after);

        // Without lengths the same padding is attended to and averaged, so it must change the output.
        float[] unmasked = model.Forward(tokens, Batch, SeqLen).ToArray();
        Assert.NotEqual(before, unmasked);
    }

    // ── BinaryTextClassifier: [Model(Vocab = 500, MaxSeq = 24)] [Embed(32)] [MultiHead(4)] [MeanPool] [Dense(1), Sigmoid] ──

    private static double[] BinaryTextClassifierReference(BinaryTextClassifier model, int[] tokens, int batch, int seqLen, int[]? lengths)
    {
        var net = new ReferenceNet(model);
        double[] expected = ReferenceModels.BinaryTextClassifier(net, tokens, batch, seqLen, lengths);
        Assert.Empty(net.UnusedParameters);
        return expected;
    }

    [Theory]
    [InlineData(1, 24, null)]
    [InlineData(4, 15, new[] { 15, 1, 8, 2 })]
    [InlineData(6, 3, null)]
    public void BinaryTextClassifierMatchesReference(int batch, int seqLen, int[]? lengths)
    {
        var model = new BinaryTextClassifier(seed: 31);
        int[] tokens = TestData.Tokens(new Random(5), batch * seqLen, BinaryTextClassifier.Vocab);
        double[] expected = BinaryTextClassifierReference(model, tokens, batch, seqLen, lengths);
        Tolerance.AssertClose(model.Forward(tokens, batch, seqLen, lengths), expected, nameof(BinaryTextClassifier));
    }

    [Fact]
    public void BinaryTextClassifierPredictIsSigmoidOfForward()
    {
        const int Batch = 5, SeqLen = 12;
        int[] lengths = { 12, 1, 5, 9, 3 };
        var model = new BinaryTextClassifier(seed: 32);
        int[] tokens = TestData.Tokens(new Random(6), Batch * SeqLen, BinaryTextClassifier.Vocab);
        float[] logits = model.Forward(tokens, Batch, SeqLen, lengths).ToArray();
        double[] expected = Array.ConvertAll(logits, v => ReferenceMath.Sigmoid(v));
        Tolerance.AssertClose(model.Predict(tokens, Batch, SeqLen, lengths), expected, "BinaryTextClassifier.Predict");
    }

    [Fact]
    public void BinaryTextClassifierIgnoresPaddedTokens()
    {
        const int Batch = 3, SeqLen = 16;
        int[] lengths = { 1, 16, 7 };
        var rng = new Random(7);
        var model = new BinaryTextClassifier(seed: 33);
        int[] tokens = TestData.Tokens(rng, Batch * SeqLen, BinaryTextClassifier.Vocab);
        float[] before = model.Predict(tokens, Batch, SeqLen, lengths).ToArray();
        float[] after = model.Predict(TestData.ScramblePadding(rng, tokens, SeqLen, lengths, BinaryTextClassifier.Vocab), Batch, SeqLen, lengths).ToArray();
        Assert.Equal(before, after);
    }

    // ── TopicClassifier: [Model(Vocab = 400, MaxSeq = 20, Classes = 5)] [Embed(24), LearnedPositions]
    //    [MultiHead(3, Causal = true)] [FirstTokenPool] [Dense(16, Activation = Relu), Dropout(0.2)] [Dense(5), Softmax] ──

    private static double[] TopicClassifierReference(TopicClassifier model, int[] tokens, int batch, int seqLen, int[]? lengths)
    {
        var net = new ReferenceNet(model);
        double[] expected = ReferenceModels.TopicClassifier(net, tokens, batch, seqLen, lengths);
        Assert.Empty(net.UnusedParameters);
        return expected;
    }

    [Theory]
    [InlineData(1, 20, null)]
    [InlineData(3, 6, new[] { 6, 1, 4 })]
    [InlineData(5, 13, null)]
    public void TopicClassifierMatchesReference(int batch, int seqLen, int[]? lengths)
    {
        var model = new TopicClassifier(seed: 41);
        int[] tokens = TestData.Tokens(new Random(8), batch * seqLen, TopicClassifier.Vocab);
        double[] expected = TopicClassifierReference(model, tokens, batch, seqLen, lengths);
        Tolerance.AssertClose(model.Forward(tokens, batch, seqLen, lengths), expected, nameof(TopicClassifier));
    }

    [Fact]
    public void TopicClassifierPredictIsSoftmaxOfForward()
    {
        const int Batch = 4, SeqLen = 9;
        var model = new TopicClassifier(seed: 42);
        int[] tokens = TestData.Tokens(new Random(9), Batch * SeqLen, TopicClassifier.Vocab);
        float[] logits = model.Forward(tokens, Batch, SeqLen).ToArray();
        Tolerance.AssertClose(model.Predict(tokens, Batch, SeqLen), SoftmaxRows(logits, TopicClassifier.Outputs), "TopicClassifier.Predict");
    }

    [Fact]
    public void TopicClassifierFirstTokenSeesOnlyItself()
    {
        // Causal attention pooled at position 0: the output depends on the first token alone.
        const int Batch = 3, SeqLen = 11;
        var rng = new Random(10);
        var model = new TopicClassifier(seed: 43);
        int[] tokens = TestData.Tokens(rng, Batch * SeqLen, TopicClassifier.Vocab);
        float[] before = model.Forward(tokens, Batch, SeqLen).ToArray();
        int[] later = TestData.ScramblePadding(rng, tokens, SeqLen, new[] { 1, 1, 1 }, TopicClassifier.Vocab);
        Assert.Equal(before, model.Forward(later, Batch, SeqLen).ToArray());

        int[] first = (int[])tokens.Clone();
        first[SeqLen] = (first[SeqLen] + 1) % TopicClassifier.Vocab;
        float[] changed = model.Forward(first, Batch, SeqLen).ToArray();
        Assert.NotEqual(before.AsSpan(TopicClassifier.Outputs, TopicClassifier.Outputs).ToArray(), changed.AsSpan(TopicClassifier.Outputs, TopicClassifier.Outputs).ToArray());
    }

    // ── LastTokenClassifier: [Model(Vocab = 300, MaxSeq = 16)] [Embed(16)] [MultiHead(2, Causal = true, Name = "attention")]
    //    [LayerNorm] [LastTokenPool] [Dense(3, Name = "classifier"), Softmax] ──

    private static double[] LastTokenClassifierReference(LastTokenClassifier model, int[] tokens, int batch, int seqLen, int[]? lengths)
    {
        var net = new ReferenceNet(model);
        double[] expected = ReferenceModels.LastTokenClassifier(net, tokens, batch, seqLen, lengths);
        Assert.Empty(net.UnusedParameters);
        return expected;
    }

    [Theory]
    [InlineData(1, 16, null)]
    [InlineData(4, 10, new[] { 10, 1, 5, 8 })]
    [InlineData(2, 4, null)]
    public void LastTokenClassifierMatchesReference(int batch, int seqLen, int[]? lengths)
    {
        var model = new LastTokenClassifier(seed: 51);
        int[] tokens = TestData.Tokens(new Random(11), batch * seqLen, LastTokenClassifier.Vocab);
        double[] expected = LastTokenClassifierReference(model, tokens, batch, seqLen, lengths);
        Tolerance.AssertClose(model.Forward(tokens, batch, seqLen, lengths), expected, nameof(LastTokenClassifier));
    }

    [Fact]
    public void LastTokenClassifierPredictIsSoftmaxOfForward()
    {
        const int Batch = 3, SeqLen = 7;
        int[] lengths = { 7, 2, 1 };
        var model = new LastTokenClassifier(seed: 52);
        int[] tokens = TestData.Tokens(new Random(12), Batch * SeqLen, LastTokenClassifier.Vocab);
        float[] logits = model.Forward(tokens, Batch, SeqLen, lengths).ToArray();
        Tolerance.AssertClose(model.Predict(tokens, Batch, SeqLen, lengths), SoftmaxRows(logits, LastTokenClassifier.Outputs), "LastTokenClassifier.Predict");
    }

    [Fact]
    public void LastTokenClassifierIgnoresPaddedTokens()
    {
        const int Batch = 3, SeqLen = 12;
        int[] lengths = { 4, 12, 1 };
        var rng = new Random(13);
        var model = new LastTokenClassifier(seed: 53);
        int[] tokens = TestData.Tokens(rng, Batch * SeqLen, LastTokenClassifier.Vocab);
        float[] before = model.Forward(tokens, Batch, SeqLen, lengths).ToArray();
        float[] after = model.Forward(TestData.ScramblePadding(rng, tokens, SeqLen, lengths, LastTokenClassifier.Vocab), Batch, SeqLen, lengths).ToArray();
        Assert.Equal(before, after);
    }

    /// <summary>Row-wise softmax of float logits, in double.</summary>
    internal static double[] SoftmaxRows(float[] logits, int width)
    {
        var probabilities = new double[logits.Length];
        for (int r = 0; r < logits.Length / width; r++)
        {
            var row = new double[width];
            for (int c = 0; c < width; c++)
            {
                row[c] = logits[(r * width) + c];
            }

            ReferenceMath.Softmax(row).CopyTo(probabilities, r * width);
        }

        return probabilities;
    }
}
