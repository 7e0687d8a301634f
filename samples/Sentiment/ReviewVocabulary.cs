using System;
using System.Collections.Generic;
using System.Linq;
using AttentionGen.Runtime;

namespace Sentiment;

/// <summary>
/// The word vocabulary of the training reviews: every word seen at least <c>minCount</c> times, the rest mapped to
/// <see cref="WordVocabulary.Unknown"/>. A word seen once gets an embedding row that one review trains and no
/// held-out review is likely to use; sharing the unknown row instead lets the model learn what "a rare word" means,
/// and halves the table (about 9,000 words of 19,000 occur twice or more in 8,600 reviews).
/// </summary>
public static class ReviewVocabulary
{
    /// <summary>
    /// Builds the vocabulary from <paramref name="texts"/> (words split on white space, as <see cref="WordVocabulary"/>
    /// does): padding, unknown, then the words seen at least <paramref name="minCount"/> times by falling frequency,
    /// at most <paramref name="maxSize"/> ids in all.
    /// </summary>
    public static WordVocabulary Build(IEnumerable<string> texts, int minCount, int maxSize)
    {
        ArgumentNullException.ThrowIfNull(texts);
        if (minCount < 1) throw new ArgumentOutOfRangeException(nameof(minCount), minCount, "The minimum count must be 1 or more.");
        if (maxSize < 2) throw new ArgumentOutOfRangeException(nameof(maxSize), maxSize, "A vocabulary needs at least 2 ids (padding and unknown).");
        var list = texts as IReadOnlyCollection<string> ?? texts.ToList();
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var text in list)
        {
            foreach (var word in text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
                counts[word] = counts.GetValueOrDefault(word) + 1;
        }
        // WordVocabulary keeps the most frequent words, ties in ordinal order: asking it for exactly as many words as
        // reach the minimum count keeps exactly those.
        int frequent = counts.Values.Count(count => count >= minCount);
        return WordVocabulary.Build(list, Math.Min(maxSize, frequent + 2));
    }
}
