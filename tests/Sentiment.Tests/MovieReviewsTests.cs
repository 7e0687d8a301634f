using System.IO;
using System.Linq;
using Sentiment;

namespace Sentiment.Tests;

public class MovieReviewsTests
{
    private static readonly Review[] Reviews = Enumerable.Range(0, 103).Select(i => new Review($"review {i}", i % 2)).ToArray();

    [Fact]
    public void The_shipped_data_has_5331_reviews_of_each_polarity()
    {
        var reviews = MovieReviews.Load(Path.Combine(AppContext.BaseDirectory, "data", "rt-polarity"));
        Assert.Equal(5331, reviews.Count(r => r.Label == 1));
        Assert.Equal(5331, reviews.Count(r => r.Label == 0));
        Assert.All(reviews, r => Assert.False(string.IsNullOrWhiteSpace(r.Text)));
    }

    [Fact]
    public void A_missing_data_file_is_named()
    {
        var folder = Path.Combine(Path.GetTempPath(), "no-such-reviews-" + Guid.NewGuid().ToString("N"));
        var error = Assert.Throws<FileNotFoundException>(() => MovieReviews.Load(folder));
        Assert.Contains("rt-polarity.pos", error.Message);
    }

    [Fact]
    public void A_split_is_the_same_for_the_same_seed_and_covers_every_review_once()
    {
        var (kept, heldOut) = MovieReviews.Split(Reviews, 0.1, seed: 1);
        var (keptAgain, heldOutAgain) = MovieReviews.Split(Reviews, 0.1, seed: 1);
        Assert.Equal(heldOut, heldOutAgain);
        Assert.Equal(kept, keptAgain);
        Assert.Equal(10, heldOut.Count);
        Assert.Equal(Reviews.OrderBy(r => r.Text), kept.Concat(heldOut).OrderBy(r => r.Text));
    }

    [Fact]
    public void Another_seed_holds_out_other_reviews()
    {
        var (_, one) = MovieReviews.Split(Reviews, 0.1, seed: 1);
        var (_, two) = MovieReviews.Split(Reviews, 0.1, seed: 2);
        Assert.NotEqual(one.OrderBy(r => r.Text), two.OrderBy(r => r.Text));
    }

    [Fact]
    public void Folds_put_every_review_in_exactly_one_test_set_of_nearly_equal_size()
    {
        const int folds = 10;
        var tests = Enumerable.Range(0, folds).Select(f => MovieReviews.Fold(Reviews, folds, f, seed: 1)).ToList();
        Assert.All(tests, t => Assert.Equal(Reviews.Length, t.Others.Count + t.Test.Count));
        Assert.All(tests, t => Assert.Empty(t.Others.Intersect(t.Test)));
        Assert.Equal(Reviews.OrderBy(r => r.Text), tests.SelectMany(t => t.Test).OrderBy(r => r.Text));
        var sizes = tests.Select(t => t.Test.Count).ToList();
        Assert.InRange(sizes.Max() - sizes.Min(), 0, 1);
    }

    [Fact]
    public void A_fold_is_the_same_for_the_same_seed()
    {
        Assert.Equal(MovieReviews.Fold(Reviews, 10, 3, seed: 1).Test, MovieReviews.Fold(Reviews, 10, 3, seed: 1).Test);
        Assert.NotEqual(MovieReviews.Fold(Reviews, 10, 3, seed: 1).Test, MovieReviews.Fold(Reviews, 10, 3, seed: 2).Test);
    }

    [Theory]
    [InlineData(1, 0)]
    [InlineData(10, 10)]
    [InlineData(10, -1)]
    public void An_impossible_fold_is_refused(int folds, int fold)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => MovieReviews.Fold(Reviews, folds, fold, seed: 1));
    }
}
