using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;

namespace Sentiment;

/// <summary>One review snippet and its label (1 = positive).</summary>
public sealed record Review(string Text, int Label);

/// <summary>Loads the shipped rt-polarity files (Latin-1, one snippet per line) and splits them reproducibly.</summary>
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

    /// <summary>Shuffles with a fixed seed and keeps <paramref name="devFraction"/> aside for evaluation.</summary>
    public static (List<Review> Train, List<Review> Dev) Split(IReadOnlyList<Review> reviews, double devFraction, int seed)
    {
        var shuffled = reviews.ToArray();
        new Random(seed).Shuffle(shuffled);
        int dev = (int)(shuffled.Length * devFraction);
        return (shuffled.Skip(dev).ToList(), shuffled.Take(dev).ToList());
    }

    private static IEnumerable<Review> ReadLines(string path, int label) =>
        File.ReadLines(path, Encoding.Latin1)
            .Where(line => line.Trim().Length > 0)
            .Select(line => new Review(line.Trim(), label));
}
