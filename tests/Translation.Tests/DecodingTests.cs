using System.Collections.Generic;
using System.Linq;
using Translation;

namespace Translation.Tests;

public class DecodingTests
{
    private const int Start = 0, End = 1, A = 2, B = 3;

    /// <summary>A scorer from a table of next-token probabilities per prefix (start token left out of the key); unlisted prefixes end.</summary>
    private sealed class TableScorer(Dictionary<string, double[]> table) : INextTokenScorer
    {
        public int Vocabulary => 4;

        public int Calls { get; private set; }

        public void Score(IReadOnlyList<int[]> prefixes, Span<float> logProbabilities)
        {
            Calls++;
            for (int r = 0; r < prefixes.Count; r++)
            {
                string key = string.Concat(prefixes[r].Skip(1).Select(t => t == A ? 'a' : 'b'));
                double[] p = table.TryGetValue(key, out var row) ? row : [0, 1, 0, 0];
                for (int t = 0; t < 4; t++) logProbabilities[(r * 4) + t] = p[t] == 0 ? float.NegativeInfinity : (float)Math.Log(p[t]);
            }
        }
    }

    /// <summary>
    /// After the start, "a" (0.6) beats "b" (0.4); but after "a" everything is uncertain, while "b" ends at once
    /// with 0.99. Greedy takes "a", then "a" (0.35), then the end: 0.6 · 0.35 · 1 = 0.21, mean log-probability
    /// −0.52 per token. "b" then end is 0.4 · 0.99 = 0.396, mean −0.46: better, and two beams find it.
    /// </summary>
    private static TableScorer Trap() => new(new Dictionary<string, double[]>
    {
        [""] = [0, 0, 0.6, 0.4],
        ["a"] = [0, 0.30, 0.35, 0.35],
        ["b"] = [0, 0.99, 0.01, 0],
    });

    [Fact]
    public void BeamSearchFindsTheBetterSequenceGreedyMisses()
    {
        var greedy = Decoding.Greedy(Trap(), Start, End, maxLength: 10);
        var beam = Decoding.Beam(Trap(), Start, End, maxLength: 10, width: 2);

        Assert.Equal(new[] { A, A }, greedy.Tokens);
        Assert.Equal(Math.Log(0.6) + Math.Log(0.35), greedy.LogProbability, 5);
        Assert.Equal(new[] { B }, beam.Tokens);
        Assert.True(beam.Finished);
        Assert.Equal(Math.Log(0.4) + Math.Log(0.99), beam.LogProbability, 5);
        Assert.True(beam.Normalized(1) > greedy.Normalized(1));
    }

    [Fact]
    public void LengthNormalizationDecidesBetweenAShortAndALongerHypothesis()
    {
        // Two beams finish "a a" (0.5 · 0.9 · 1 = 0.45 over 3 scored tokens, mean log −0.27) and "b b b"
        // (0.5 · 0.8 · 0.99 · 1 = 0.396 over 4, mean log −0.23). The raw log-probability (α = 0) prefers the shorter,
        // the per-token mean (α = 1, the default) the longer.
        var scorer = new TableScorer(new Dictionary<string, double[]>
        {
            [""] = [0, 0, 0.5, 0.5],
            ["a"] = [0, 0.1, 0.9, 0],
            ["b"] = [0, 0.2, 0, 0.8],
            ["aa"] = [0, 1, 0, 0],
            ["bb"] = [0, 0.01, 0, 0.99],
        });

        Assert.Equal(new[] { A, A }, Decoding.Beam(scorer, Start, End, maxLength: 10, width: 2, alpha: 0).Tokens);
        Assert.Equal(new[] { B, B, B }, Decoding.Beam(scorer, Start, End, maxLength: 10, width: 2).Tokens);
    }

    [Fact]
    public void AHypothesisStoppedAtTheLengthLimitIsMarkedUnfinished()
    {
        var loop = new TableScorer(new Dictionary<string, double[]> { [""] = [0, 0.1, 0.9, 0], ["a"] = [0, 0.1, 0.9, 0], ["aa"] = [0, 0.1, 0.9, 0] });

        var greedy = Decoding.Greedy(loop, Start, End, maxLength: 2);
        var beam = Decoding.Beam(loop, Start, End, maxLength: 2, width: 1);

        Assert.Equal(new[] { A, A }, greedy.Tokens);
        Assert.False(greedy.Finished);
        AssertSame(greedy, beam);
    }

    [Fact]
    public void BeamOneIsGreedyOnTheTrapAndOnRandomTables()
    {
        AssertSame(Decoding.Greedy(Trap(), Start, End, 10), Decoding.Beam(Trap(), Start, End, 10, width: 1));
        var rng = new Random(7);
        for (int trial = 0; trial < 50; trial++)
        {
            var table = new Dictionary<string, double[]>();
            foreach (string prefix in new[] { "", "a", "b", "aa", "ab", "ba", "bb", "aaa", "aab", "aba", "abb" })
            {
                double[] p = [0, rng.NextDouble(), rng.NextDouble(), rng.NextDouble()];
                double sum = p.Sum();
                table[prefix] = p.Select(x => x / sum).ToArray();
            }

            var scorer = new TableScorer(table);
            AssertSame(Decoding.Greedy(scorer, Start, End, 5), Decoding.Beam(scorer, Start, End, 5, width: 1));
        }
    }

    [Fact]
    public void BeamOneIsGreedyOnTheModel()
    {
        // An untrained model has no reason to stop early, so this compares whole 8-character outputs.
        var model = new EnglishToChinese(seed: 5, maxBatch: 4, inferenceOnly: true);
        foreach (int[] source in new[] { new[] { 7, 8, 9 }, new[] { 2 }, Enumerable.Range(100, EnglishToChinese.MaxSeq).ToArray() })
        {
            var scorer = new ModelScorer(model, source);
            var greedy = Decoding.Greedy(scorer, ChineseCharacters.Start, ChineseCharacters.End, 8);
            var beam = Decoding.Beam(scorer, ChineseCharacters.Start, ChineseCharacters.End, 8, width: 1);
            AssertSame(greedy, beam);
            Assert.DoesNotContain(greedy.Tokens, t => t is ChineseCharacters.Padding or ChineseCharacters.Unknown or ChineseCharacters.Start);
        }
    }

    [Fact]
    public void TheModelScorerGivesEachBeamRowTheScoresOfItsPrefixAlone()
    {
        var model = new EnglishToChinese(seed: 6, maxBatch: 4, inferenceOnly: true);
        var scorer = new ModelScorer(model, [10, 11, 12, 13]);
        int v = scorer.Vocabulary;
        int[][] prefixes = [[ChineseCharacters.Start, 40, 41], [ChineseCharacters.Start, 50, 51]];
        var together = new float[2 * v];
        scorer.Score(prefixes, together);
        for (int r = 0; r < 2; r++)
        {
            var alone = new float[v];
            scorer.Score([prefixes[r]], alone);
            for (int t = 0; t < v; t++) Assert.Equal(alone[t], together[(r * v) + t], 4);
            // A softmax over all ids with padding, unknown and start then removed: what is left sums to just under 1.
            Assert.InRange(alone.Where(float.IsFinite).Sum(x => Math.Exp(x)), 0.9, 1.00001);
            Assert.Equal(3, alone.Count(float.IsNegativeInfinity));
        }
    }

    [Fact]
    public void ABeamWidthBelowOneIsRefused() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => Decoding.Beam(Trap(), Start, End, 10, width: 0));

    private static void AssertSame(Hypothesis expected, Hypothesis actual)
    {
        Assert.Equal(expected.Tokens, actual.Tokens);
        Assert.Equal(expected.Finished, actual.Finished);
        Assert.Equal(expected.LogProbability, actual.LogProbability, 9);
    }
}
