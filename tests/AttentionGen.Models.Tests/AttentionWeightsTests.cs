using System.Linq;
using AttentionGen.Models.Tests.Models;
using AttentionGen.Models.Tests.Reference;
using AttentionGen.Runtime;

namespace AttentionGen.Models.Tests;

/// <summary>
/// The generated AttentionWeights: every attention layer's probabilities for every batch row equal the double-precision
/// reference's softmax, computed from the model's parameters; rows sum to 1 and masked keys weigh exactly 0.
/// </summary>
public class AttentionWeightsTests
{
    private const double Tolerance = 2e-5;

    [Fact]
    public void TranslatorLayersAreListedInForwardOrder()
    {
        Assert.Equal(
            new[]
            {
                "encoder.layers.0.self_attn", "encoder.layers.1.self_attn",
                "decoder.layers.0.self_attn", "decoder.layers.0.multihead_attn",
                "decoder.layers.1.self_attn", "decoder.layers.1.multihead_attn",
            },
            Translator.AttentionLayers);
        Assert.Equal(new[] { "self_attn" }, SingleHeadAttention.AttentionLayers);
        Assert.Equal(new[] { "encoder.layers.0.self_attn", "encoder.layers.1.self_attn" }, TinyGpt.AttentionLayers);
    }

    [Fact]
    public void TranslatorWeightsMatchTheReferenceWithPaddingAndCausalMasks()
    {
        const int Batch = 3, SourceLen = 9, TargetLen = 7;
        int[] sourceLengths = { 9, 1, 5 }, targetLengths = { 7, 3, 1 };
        var model = new Translator(seed: 7);
        var rng = new Random(3);
        int[] source = TestData.Tokens(rng, Batch * SourceLen, Translator.Vocab);
        int[] target = TestData.Tokens(rng, Batch * TargetLen, Translator.TargetVocab);
        model.Forward(source, target, Batch, SourceLen, TargetLen, sourceLengths, targetLengths);
        var net = new ReferenceNet(model);
        ReferenceModels.Translator(net, source, target, Batch, SourceLen, TargetLen, sourceLengths, targetLengths);

        for (int layer = 0; layer < Translator.AttentionLayers.Count; layer++)
        {
            string name = Translator.AttentionLayers[layer];
            bool cross = name.EndsWith("multihead_attn", StringComparison.Ordinal);
            bool causal = name.StartsWith("decoder", StringComparison.Ordinal) && !cross;
            int[] keyLengths = name.StartsWith("encoder", StringComparison.Ordinal) || cross ? sourceLengths : targetLengths;
            for (int b = 0; b < Batch; b++)
            {
                AttentionMap map = model.AttentionWeights(layer, b);
                Assert.Equal(name, map.Layer);
                Assert.Equal((4, name.StartsWith("encoder", StringComparison.Ordinal) ? SourceLen : TargetLen, cross || name.StartsWith("encoder", StringComparison.Ordinal) ? SourceLen : TargetLen),
                             (map.Heads, map.Queries, map.Keys));
                AssertMatches(net.AttentionWeights[name][b], map);
                AssertMasked(map, keyLengths[b], causal);
            }
        }
    }

    [Fact]
    public void CausalGptWeightsMatchTheReferenceAndNeverLookAhead()
    {
        const int Batch = 2, SeqLen = 12;
        var model = new TinyGpt(seed: 5);
        int[] tokens = TestData.Tokens(new Random(8), Batch * SeqLen, TinyGpt.Vocab);
        model.Forward(tokens, Batch, SeqLen);
        var net = new ReferenceNet(model);
        ReferenceModels.TinyGpt(net, tokens, Batch, SeqLen, null);

        for (int layer = 0; layer < TinyGpt.AttentionLayers.Count; layer++)
        {
            for (int b = 0; b < Batch; b++)
            {
                AttentionMap map = model.AttentionWeights(layer, b);
                AssertMatches(net.AttentionWeights[TinyGpt.AttentionLayers[layer]][b], map);
                AssertMasked(map, SeqLen, causal: true);
                Assert.Equal(1f, map[0, 0, 0], 6); // the first position can only attend to itself
            }
        }
    }

    [Fact]
    public void StandaloneSelfAttentionOverFloatsMatchesTheReference()
    {
        const int Batch = 2, SeqLen = 6;
        int[] lengths = { 6, 4 };
        var model = new SingleHeadAttention(seed: 9);
        float[] inputs = TestData.Floats(new Random(2), Batch * SeqLen * SingleHeadAttention.Features);
        model.Forward(inputs, Batch, SeqLen, lengths);
        var net = new ReferenceNet(model);
        ReferenceModels.SingleHeadAttention(net, inputs, Batch, SeqLen, lengths);

        for (int b = 0; b < Batch; b++)
        {
            AttentionMap map = model.AttentionWeights(0, b);
            Assert.Equal(1, map.Heads);
            AssertMatches(net.AttentionWeights["self_attn"][b], map);
            AssertMasked(map, lengths[b], causal: false);
        }
    }

    [Fact]
    public void WeightsFollowTheLatestForward()
    {
        var model = new TinyGpt(seed: 1);
        var rng = new Random(4);
        model.Forward(TestData.Tokens(rng, 10, TinyGpt.Vocab), 1, 10);
        int[] second = TestData.Tokens(rng, 2 * 5, TinyGpt.Vocab);
        model.Forward(second, 2, 5);
        var net = new ReferenceNet(model);
        ReferenceModels.TinyGpt(net, second, 2, 5, null);

        AttentionMap map = model.AttentionWeights(1, 1);
        Assert.Equal((5, 5), (map.Queries, map.Keys));
        AssertMatches(net.AttentionWeights["encoder.layers.1.self_attn"][1], map);
    }

    [Fact]
    public void BeforeAnyForwardTheCallIsRefused()
    {
        var error = Assert.Throws<InvalidOperationException>(() => new TinyGpt().AttentionWeights(0, 0));
        Assert.Contains("needs a Forward first", error.Message);
    }

    [Fact]
    public void AnInferenceOnlyInstanceExplainsWhyItCannotAnswer()
    {
        var model = new TinyGpt(inferenceOnly: true);
        model.Forward(new int[4], 1, 4);
        var error = Assert.Throws<InvalidOperationException>(() => model.AttentionWeights(0, 0));
        Assert.Contains("inferenceOnly: true", error.Message);
        Assert.Contains("inferenceOnly: false", error.Message);
    }

    [Theory]
    [InlineData(2, 0, "attentionLayer", "attentionLayer is 2")]
    [InlineData(-1, 0, "attentionLayer", "attentionLayer is -1")]
    [InlineData(0, 3, "batchIndex", "batchIndex is 3")]
    [InlineData(1, -1, "batchIndex", "batchIndex is -1")]
    public void IndicesOutOfRangeAreNamedWithTheirValue(int attentionLayer, int batchIndex, string parameter, string expected)
    {
        var model = new TinyGpt();
        model.Forward(new int[3 * 4], 3, 4);
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => model.AttentionWeights(attentionLayer, batchIndex));
        Assert.Equal(parameter, error.ParamName);
        Assert.Contains(expected, error.Message);
    }

    private static void AssertMatches(double[][][] expected, AttentionMap actual)
    {
        Assert.Equal(expected.Length, actual.Heads);
        for (int h = 0; h < actual.Heads; h++)
        {
            for (int i = 0; i < actual.Queries; i++)
            {
                ReadOnlySpan<float> row = actual.Row(h, i);
                for (int j = 0; j < actual.Keys; j++)
                {
                    double difference = Math.Abs(row[j] - expected[h][i][j]);
                    Assert.True(difference <= Tolerance,
                        $"{actual.Layer} head {h} query {i} key {j}: {row[j]} vs reference {expected[h][i][j]} (difference {difference:G3})");
                }
            }
        }
    }

    /// <summary>Masked keys weigh exactly 0; every query that sees a key spreads exactly its unit of attention.</summary>
    private static void AssertMasked(AttentionMap map, int validKeys, bool causal)
    {
        for (int h = 0; h < map.Heads; h++)
        {
            for (int i = 0; i < map.Queries; i++)
            {
                ReadOnlySpan<float> row = map.Row(h, i);
                int visible = causal ? Math.Min(validKeys, i + 1) : validKeys;
                for (int j = visible; j < map.Keys; j++)
                    Assert.Equal(0f, row[j]);
                Assert.Equal(visible > 0 ? 1.0 : 0.0, row.ToArray().Sum(w => (double)w), 5);
            }
        }
    }
}
