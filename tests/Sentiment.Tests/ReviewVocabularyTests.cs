using System.Linq;
using AttentionGen.Runtime;
using Sentiment;

namespace Sentiment.Tests;

public class ReviewVocabularyTests
{
    private static readonly string[] Texts = ["a good film", "a bad film", "a good cast", "one oddity"];

    [Fact]
    public void Words_seen_fewer_than_min_count_times_become_unknown()
    {
        var vocabulary = ReviewVocabulary.Build(Texts, minCount: 2, maxSize: 100);
        Assert.Equal(2 + 3, vocabulary.Count); // padding, unknown, then "a" (3), "film" (2), "good" (2)
        Assert.Equal("a", vocabulary[2]);
        var ids = new int[4];
        Assert.Equal(4, vocabulary.Encode("a bad good film", ids));
        Assert.Equal(WordVocabulary.Unknown, ids[1]);
        Assert.All(new[] { ids[0], ids[2], ids[3] }, id => Assert.True(id >= 2));
    }

    [Fact]
    public void Min_count_one_keeps_every_word()
    {
        Assert.Equal(2 + 7, ReviewVocabulary.Build(Texts, minCount: 1, maxSize: 100).Count);
    }

    [Fact]
    public void The_size_is_capped_by_the_most_frequent_words()
    {
        var vocabulary = ReviewVocabulary.Build(Texts, minCount: 1, maxSize: 3);
        Assert.Equal(3, vocabulary.Count);
        Assert.Equal("a", vocabulary[2]);
    }

    [Fact]
    public void The_ids_do_not_depend_on_the_order_of_the_texts()
    {
        var forward = ReviewVocabulary.Build(Texts, 1, 100);
        var backward = ReviewVocabulary.Build(Texts.AsEnumerable().Reverse(), 1, 100);
        for (int id = 0; id < forward.Count; id++) Assert.Equal(forward[id], backward[id]);
    }

    [Fact]
    public void A_min_count_below_one_is_refused()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => ReviewVocabulary.Build(Texts, 0, 100));
        Assert.Equal("minCount", error.ParamName);
    }
}
