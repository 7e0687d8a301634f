using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;

namespace Sentiment;

/// <summary>One review snippet and its label (1 = positive).</summary>
public sealed record Review(string Text, int Label);

/// <summary>
/// Loads the shipped rt-polarity files (Latin-1, one snippet per line, already lower-cased and tokenized) and splits
/// them reproducibly: a seeded shuffle decides everything, so the same seed gives the same parts on every machine.
/// </summary>
public static class MovieReviews
{
    public static IReadOnlyList<Review> Load(string folder)
    {
        var positive = Path.Combine(folder, "rt-polarity.pos");
        var negative = Path.Combine(folder, "rt-polarity.neg");
        foreach (var file in new[] { positive, negative })
        {
            if (!File.Exists(file)) throw new FileNotFoundException($"The movie-review data file '{file}' is missing.", file);
        }
        return ReadLines(positive, 1).Concat(ReadLines(negative, 0)).ToList();
    }

    /// <summary>Shuffles with a fixed seed and keeps <paramref name="heldOutFraction"/> of the reviews aside.</summary>
    public static (List<Review> Kept, List<Review> HeldOut) Split(IReadOnlyList<Review> reviews, double heldOutFraction, int seed)
    {
        if (!(heldOutFraction > 0 && heldOutFraction < 1))
            throw new ArgumentOutOfRangeException(nameof(heldOutFraction), heldOutFraction, "The held-out fraction must lie strictly between 0 and 1.");
        var shuffled = Shuffled(reviews, seed);
        int heldOut = (int)(shuffled.Length * heldOutFraction);
        return (shuffled.Skip(heldOut).ToList(), shuffled.Take(heldOut).ToList());
    }

    /// <summary>
    /// Fold <paramref name="fold"/> of a <paramref name="folds"/>-fold cross-validation, as Kim (2014) scores this data
    /// set: the reviews are shuffled once with <paramref name="seed"/> and cut into <paramref name="folds"/> contiguous
    /// parts whose sizes differ by at most one; the fold's part is the test set, the other parts are the others.
    /// </summary>
    public static (List<Review> Others, List<Review> Test) Fold(IReadOnlyList<Review> reviews, int folds, int fold, int seed)
    {
        if (folds < 2 || folds > reviews.Count)
            throw new ArgumentOutOfRangeException(nameof(folds), folds, $"Cross-validation needs 2 to {reviews.Count} folds.");
        if (fold < 0 || fold >= folds)
            throw new ArgumentOutOfRangeException(nameof(fold), fold, $"The fold must be in [0, {folds}).");
        var shuffled = Shuffled(reviews, seed);
        int start = (int)((long)shuffled.Length * fold / folds), end = (int)((long)shuffled.Length * (fold + 1) / folds);
        return (shuffled.Take(start).Concat(shuffled.Skip(end)).ToList(), shuffled[start..end].ToList());
    }

    private static Review[] Shuffled(IReadOnlyList<Review> reviews, int seed)
    {
        var shuffled = reviews.ToArray();
        new Random(seed).Shuffle(shuffled);
        return shuffled;
    }

    private static IEnumerable<Review> ReadLines(string path, int label) =>
        File.ReadLines(path, Encoding.Latin1)
            .Where(line => line.Trim().Length > 0)
            .Select(line => new Review(line.Trim(), label));
}
