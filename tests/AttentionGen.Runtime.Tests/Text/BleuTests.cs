using System.Collections.Generic;

namespace AttentionGen.Runtime.Tests.Text;

/// <summary>Corpus BLEU against cases worked out by hand.</summary>
public class BleuTests
{
    private static string[] Words(string text) => text.Split(' ');

    [Fact]
    public void A_sentence_scored_by_hand()
    {
        // Candidate "a b c d e" against "a b c d f g": 4 of 5 unigrams match, 3 of 4 bigrams, 2 of 3 trigrams and
        // 1 of 2 four-grams; the candidate (5) is shorter than the reference (6), so BP = exp(1 − 6/5).
        var bleu = new Bleu<string>();
        bleu.Add(Words("a b c d e"), Words("a b c d f g"));
        Assert.Equal(new[] { 4 / 5.0, 3 / 4.0, 2 / 3.0, 1 / 2.0 }, bleu.Precisions);
        Assert.Equal(Math.Exp(-0.2), bleu.BrevityPenalty, 15);
        Assert.Equal(0.5475182535069453, bleu.Score, 12); // exp(−0.2) · (4/5 · 3/4 · 2/3 · 1/2)^(1/4)
    }

    [Fact]
    public void Repeated_words_earn_credit_only_as_often_as_one_reference_holds_them()
    {
        // Papineni's example: seven "the" earn 2 (the most any one reference has), and no bigram matches, so BLEU is 0.
        var bleu = new Bleu<string>();
        bleu.Add(Words("the the the the the the the"), new[] { Words("the cat is on the mat"), Words("there is a cat on the mat") });
        Assert.Equal(2 / 7.0, bleu.Precisions[0], 15);
        Assert.Equal(0, bleu.Precisions[1]);
        Assert.Equal(0, bleu.Score);
    }

    [Fact]
    public void Counts_are_summed_over_the_corpus_not_averaged_per_sentence()
    {
        // A perfect 4-word sentence and a 5-word one with no match: the precisions are 4/9, 3/7, 2/5 and 1/3, and the
        // candidates (9 words) are longer than the references (8), so BP = 1. Averaging sentence scores would give 0.5.
        var bleu = new Bleu<string>();
        bleu.Add(Words("a b c d"), Words("a b c d"));
        bleu.Add(Words("x y z w v"), Words("a b c d"));
        Assert.Equal(2, bleu.Sentences);
        Assert.Equal(1, bleu.BrevityPenalty);
        Assert.Equal(0.39920397615494657, bleu.Score, 12);
    }

    [Fact]
    public void The_brevity_penalty_uses_the_closest_reference_and_the_shorter_one_on_a_tie()
    {
        var tie = new Bleu<char>(maxOrder: 1);
        tie.Add("abcde".ToCharArray(), new[] { "abc".ToCharArray(), "abcdefg".ToCharArray() }); // 3 and 7 are both 2 away: 3 counts
        Assert.Equal(1, tie.BrevityPenalty);

        var longer = new Bleu<char>(maxOrder: 1);
        longer.Add("abcde".ToCharArray(), new[] { "abcdef".ToCharArray(), "ab".ToCharArray() }); // 6 is closest
        Assert.Equal(Math.Exp(1 - (6 / 5.0)), longer.BrevityPenalty, 15);
        Assert.Equal(Math.Exp(1 - (6 / 5.0)), longer.Score, 15); // every character matches
    }

    [Fact]
    public void Characters_score_Chinese_output()
    {
        var bleu = new Bleu<char>();
        bleu.Add("我喜欢读书。".ToCharArray(), "我喜欢读书。".ToCharArray());
        Assert.Equal(1, bleu.Score, 15);
    }

    [Fact]
    public void Misuse_is_refused_with_a_clear_error()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new Bleu<int>(maxOrder: 0));
        var bleu = new Bleu<int>();
        Assert.Contains("empty corpus", Assert.Throws<InvalidOperationException>(() => bleu.Score).Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentNullException>(() => bleu.Add(null!, new[] { 1 }));
        Assert.Throws<ArgumentException>(() => bleu.Add(new[] { 1 }, Array.Empty<IReadOnlyList<int>>()));
        Assert.Contains("Reference 1 is null", Assert.Throws<ArgumentException>(() => bleu.Add(new[] { 1 }, new IReadOnlyList<int>[] { new[] { 1 }, null! })).Message, StringComparison.Ordinal);
        Assert.Equal(0, bleu.Sentences);
    }
}
