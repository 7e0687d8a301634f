using System.Collections.Generic;
using System.Linq;
using AttentionGen.Runtime;
using Sentiment;

namespace Sentiment.Tests;

public class TokenDropoutTests
{
    private static readonly List<(int[] Tokens, int Label)> Examples =
        Enumerable.Range(0, 200).Select(i => (Enumerable.Range(2, 1 + i % 50).ToArray(), i % 2)).ToList();

    [Fact]
    public void Rate_zero_changes_nothing()
    {
        var dropped = new TokenDropout(0, WordVocabulary.Unknown, seed: 1).Apply(Examples);
        Assert.Equal(Examples.Select(e => e.Tokens), dropped.Select(e => e.Tokens));
    }

    [Fact]
    public void About_the_rate_of_words_become_unknown_and_lengths_and_labels_stay()
    {
        var dropped = new TokenDropout(0.1, WordVocabulary.Unknown, seed: 1).Apply(Examples);
        Assert.Equal(Examples.Select(e => e.Tokens.Length), dropped.Select(e => e.Tokens.Length));
        Assert.Equal(Examples.Select(e => e.Label), dropped.Select(e => e.Label));
        int words = Examples.Sum(e => e.Tokens.Length);
        int unknown = dropped.Sum(e => e.Tokens.Count(t => t == WordVocabulary.Unknown));
        Assert.InRange((double)unknown / words, 0.08, 0.12); // 5,100 words: the standard deviation is 0.4 points
        Assert.DoesNotContain(Examples, e => e.Tokens.Contains(WordVocabulary.Unknown)); // the input is left alone
    }

    [Fact]
    public void The_same_seed_drops_the_same_words_and_each_call_draws_afresh()
    {
        var one = new TokenDropout(0.2, WordVocabulary.Unknown, seed: 5);
        var two = new TokenDropout(0.2, WordVocabulary.Unknown, seed: 5);
        var first = one.Apply(Examples);
        Assert.Equal(first.Select(e => e.Tokens), two.Apply(Examples).Select(e => e.Tokens));
        Assert.NotEqual(first.Select(e => e.Tokens), one.Apply(Examples).Select(e => e.Tokens));
    }

    [Theory]
    [InlineData(1.0)]
    [InlineData(-0.1)]
    [InlineData(double.NaN)]
    public void A_rate_outside_zero_to_one_is_refused(double rate)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new TokenDropout(rate, WordVocabulary.Unknown, seed: 1));
    }
}
