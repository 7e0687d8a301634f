using AttentionGen.Models.Tests.Models;
using AttentionGen.Models.Tests.Reference;

namespace AttentionGen.Models.Tests;

/// <summary>
/// Translator: [Model(Vocab = 200, MaxSeq = 16, TargetVocab = 180, TargetMaxSeq = 14)] [Embed(32), SinusoidalPositions]
/// [Encoder(2, Heads = 4, FeedForward = 64)] [TargetEmbed(32), SinusoidalPositions] [Decoder(2, Heads = 4, FeedForward = 64)]
/// [LmHead], against the double-precision reference (nn.TransformerEncoderLayer / nn.TransformerDecoderLayer, post-norm,
/// ReLU). Tolerance: <see cref="Tolerance"/> (1e-4 relative + 1e-5 absolute per element).
/// </summary>
public class TranslatorForwardTests
{
    private const int TargetVocab = Translator.TargetVocab;

    private static double[] Reference(
        Translator model, int[] source, int[] target, int batch, int sourceLen, int targetLen, int[]? sourceLengths, int[]? targetLengths)
    {
        var net = new ReferenceNet(model);
        double[] expected = ReferenceModels.Translator(net, source, target, batch, sourceLen, targetLen, sourceLengths, targetLengths);
        Assert.Empty(net.UnusedParameters);
        return expected;
    }

    [Theory]
    [InlineData(1, 16, 14, null, null)]
    [InlineData(3, 9, 7, new[] { 9, 1, 5 }, new[] { 7, 3, 1 })]
    [InlineData(2, 4, 11, null, new[] { 1, 11 })]
    [InlineData(4, 12, 3, new[] { 12, 2, 1, 7 }, null)]
    public void MatchesReference(int batch, int sourceLen, int targetLen, int[]? sourceLengths, int[]? targetLengths)
    {
        var model = new Translator(seed: 101);
        var rng = new Random(41);
        int[] source = TestData.Tokens(rng, batch * sourceLen, Translator.Vocab);
        int[] target = TestData.Tokens(rng, batch * targetLen, TargetVocab);
        double[] expected = Reference(model, source, target, batch, sourceLen, targetLen, sourceLengths, targetLengths);
        Tolerance.AssertClose(
            model.Forward(source, target, batch, sourceLen, targetLen, sourceLengths, targetLengths), expected, nameof(Translator));
    }

    [Fact]
    public void ChangingATargetTokenLeavesEarlierPositionsUnchanged()
    {
        const int Batch = 2, SourceLen = 10, TargetLen = 12, Changed = 6;
        var rng = new Random(42);
        var model = new Translator(seed: 102);
        int[] source = TestData.Tokens(rng, Batch * SourceLen, Translator.Vocab);
        int[] target = TestData.Tokens(rng, Batch * TargetLen, TargetVocab);
        float[] before = model.Forward(source, target, Batch, SourceLen, TargetLen).ToArray();

        int[] edited = (int[])target.Clone();
        edited[Changed] = (edited[Changed] + 1) % TargetVocab; // batch row 0
        float[] after = model.Forward(source, edited, Batch, SourceLen, TargetLen).ToArray();
        TestData.AssertValidPositionsEqual(before, after, TargetLen, TargetVocab, new[] { Changed, TargetLen }, "Translator decoder causal mask");
        Assert.NotEqual(before.AsSpan(Changed * TargetVocab, TargetVocab).ToArray(), after.AsSpan(Changed * TargetVocab, TargetVocab).ToArray());
    }

    [Fact]
    public void EverySourcePositionReachesTheFirstTargetPosition()
    {
        // Cross-attention is not causal: the last source token changes the first target position's logits.
        const int Batch = 1, SourceLen = 8, TargetLen = 5;
        var rng = new Random(43);
        var model = new Translator(seed: 103);
        int[] source = TestData.Tokens(rng, Batch * SourceLen, Translator.Vocab);
        int[] target = TestData.Tokens(rng, Batch * TargetLen, TargetVocab);
        float[] before = model.Forward(source, target, Batch, SourceLen, TargetLen).ToArray();
        source[SourceLen - 1] = (source[SourceLen - 1] + 1) % Translator.Vocab;
        float[] after = model.Forward(source, target, Batch, SourceLen, TargetLen).ToArray();
        Assert.NotEqual(before.AsSpan(0, TargetVocab).ToArray(), after.AsSpan(0, TargetVocab).ToArray());
    }

    [Fact]
    public void IgnoresPaddedSourceAndTargetTokens()
    {
        const int Batch = 3, SourceLen = 13, TargetLen = 9;
        int[] sourceLengths = { 1, 13, 6 };
        int[] targetLengths = { 9, 4, 1 };
        var rng = new Random(44);
        var model = new Translator(seed: 104);
        int[] source = TestData.Tokens(rng, Batch * SourceLen, Translator.Vocab);
        int[] target = TestData.Tokens(rng, Batch * TargetLen, TargetVocab);
        float[] before = model.Forward(source, target, Batch, SourceLen, TargetLen, sourceLengths, targetLengths).ToArray();

        int[] otherSource = TestData.ScramblePadding(rng, source, SourceLen, sourceLengths, Translator.Vocab);
        int[] otherTarget = TestData.ScramblePadding(rng, target, TargetLen, targetLengths, TargetVocab);
        float[] after = model.Forward(otherSource, otherTarget, Batch, SourceLen, TargetLen, sourceLengths, targetLengths).ToArray();
        TestData.AssertValidPositionsEqual(before, after, TargetLen, TargetVocab, targetLengths, nameof(Translator));
    }
}
