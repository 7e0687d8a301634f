using AttentionGen.Models.Tests.Models;
using AttentionGen.Models.Tests.Reference;

namespace AttentionGen.Models.Tests;

/// <summary>
/// TinyGpt: [Model(Vocab = 65, MaxSeq = 32)] [Embed(32), LearnedPositions]
/// [Encoder(2, Heads = 4, FeedForward = 128, NormFirst = true, Causal = true, Activation = GeluTanh, Dropout = 0)]
/// [LayerNorm] [LmHead(Tied = true)], against the double-precision reference. Tolerance: <see cref="Tolerance"/>
/// (1e-4 relative + 1e-5 absolute per element).
/// </summary>
public class TinyGptForwardTests
{
    private const int Vocab = TinyGpt.Vocab;

    private static double[] Reference(TinyGpt model, int[] tokens, int batch, int seqLen, int[]? lengths)
    {
        var net = new ReferenceNet(model);
        double[] expected = ReferenceModels.TinyGpt(net, tokens, batch, seqLen, lengths);
        Assert.Empty(net.UnusedParameters);
        return expected;
    }

    [Theory]
    [InlineData(1, 32, null)]
    [InlineData(3, 10, new[] { 10, 1, 6 })]
    [InlineData(4, 5, null)]
    [InlineData(2, 1, null)]
    public void MatchesReference(int batch, int seqLen, int[]? lengths)
    {
        var model = new TinyGpt(seed: 91);
        int[] tokens = TestData.Tokens(new Random(31), batch * seqLen, Vocab);
        double[] expected = Reference(model, tokens, batch, seqLen, lengths);
        Tolerance.AssertClose(model.Forward(tokens, batch, seqLen, lengths), expected, nameof(TinyGpt));
    }

    [Fact]
    public void MatchesReferenceOnThreadedKernels()
    {
        // linear1 is 16 × 32 rows × 32 × 128 ≥ 2^20 and attention 16 × 4 × 32 × 32 × 8 ≥ 2^18 multiply-adds:
        // Linear and Attention split their work across threads.
        const int Batch = 16, SeqLen = 32;
        var rng = new Random(34);
        var model = new TinyGpt(seed: 94);
        int[] tokens = TestData.Tokens(rng, Batch * SeqLen, Vocab);
        int[] lengths = new int[Batch];
        for (int b = 0; b < Batch; b++)
        {
            lengths[b] = b == 0 ? 1 : rng.Next(1, SeqLen + 1);
        }

        double[] expected = Reference(model, tokens, Batch, SeqLen, lengths);
        Tolerance.AssertClose(model.Forward(tokens, Batch, SeqLen, lengths), expected, nameof(TinyGpt));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(7)]
    [InlineData(15)]
    public void ChangingATokenLeavesEarlierPositionsUnchanged(int changed)
    {
        const int Batch = 2, SeqLen = 16;
        var model = new TinyGpt(seed: 92);
        int[] tokens = TestData.Tokens(new Random(32), Batch * SeqLen, Vocab);
        float[] before = model.Forward(tokens, Batch, SeqLen).ToArray();

        int[] edited = (int[])tokens.Clone();
        edited[SeqLen + changed] = (edited[SeqLen + changed] + 1) % Vocab; // batch row 1
        float[] after = model.Forward(edited, Batch, SeqLen).ToArray();

        // Positions before the edit in row 1 and all of row 0 must be bit-for-bit unchanged.
        TestData.AssertValidPositionsEqual(before, after, SeqLen, Vocab, new[] { SeqLen, changed }, "TinyGpt causal mask");

        // The edited position itself sees the new token.
        Assert.NotEqual(
            before.AsSpan(((SeqLen + changed) * Vocab), Vocab).ToArray(),
            after.AsSpan(((SeqLen + changed) * Vocab), Vocab).ToArray());
    }

    [Fact]
    public void IgnoresPaddedTokens()
    {
        const int Batch = 3, SeqLen = 20;
        int[] lengths = { 20, 1, 12 };
        var rng = new Random(33);
        var model = new TinyGpt(seed: 93);
        int[] tokens = TestData.Tokens(rng, Batch * SeqLen, Vocab);
        float[] before = model.Forward(tokens, Batch, SeqLen, lengths).ToArray();
        float[] after = model.Forward(TestData.ScramblePadding(rng, tokens, SeqLen, lengths, Vocab), Batch, SeqLen, lengths).ToArray();
        TestData.AssertValidPositionsEqual(before, after, SeqLen, Vocab, lengths, nameof(TinyGpt));
    }
}
