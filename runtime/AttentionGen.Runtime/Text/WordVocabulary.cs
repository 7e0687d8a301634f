using System;
using System.Collections.Generic;
using System.Linq;

namespace AttentionGen.Runtime;

/// <summary>
/// A word-level vocabulary for already tokenized text (words separated by white space, as in the movie-review
/// polarity set): the most frequent training words get ids, everything else maps to <see cref="Unknown"/>.
/// Id 0 is <see cref="Padding"/>, so padded batches need no special value.
/// </summary>
public sealed class WordVocabulary
{
    /// <summary>The padding id.</summary>
    public const int Padding = 0;

    /// <summary>The id of words outside the vocabulary.</summary>
    public const int Unknown = 1;

    private readonly Dictionary<string, int> _ids;
    private readonly string[] _words;

    private WordVocabulary(string[] words)
    {
        _words = words;
        _ids = new Dictionary<string, int>(words.Length, StringComparer.Ordinal);
        for (int i = 0; i < words.Length; i++) _ids[words[i]] = i;
    }

    /// <summary>Number of ids, padding and unknown included.</summary>
    public int Count => _words.Length;

    /// <summary>
    /// Builds a vocabulary of at most <paramref name="size"/> ids from <paramref name="texts"/>: padding, unknown,
    /// then words by falling frequency (ties broken by ordinal order, so the result is deterministic).
    /// </summary>
    public static WordVocabulary Build(IEnumerable<string> texts, int size)
    {
        ArgumentNullException.ThrowIfNull(texts);
        if (size < 2) throw new ArgumentOutOfRangeException(nameof(size), size, "A vocabulary needs at least 2 ids (padding and unknown).");
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        int index = 0;
        foreach (var text in texts)
        {
            if (text is null) throw new ArgumentException($"texts[{index}] is null; every text must be a string (an empty one has no words).", nameof(texts));
            index++;
            foreach (var word in Split(text)) counts[word] = counts.TryGetValue(word, out var n) ? n + 1 : 1;
        }
        var words = new[] { "<pad>", "<unk>" }
            .Concat(counts.OrderByDescending(p => p.Value).ThenBy(p => p.Key, StringComparer.Ordinal).Take(size - 2).Select(p => p.Key))
            .ToArray();
        return new WordVocabulary(words);
    }

    /// <summary>The word of an id.</summary>
    public string this[int id] => id >= 0 && id < _words.Length
        ? _words[id]
        : throw new ArgumentOutOfRangeException(nameof(id), id, $"Id {id} is outside the vocabulary [0, {_words.Length}).");

    /// <summary>
    /// Writes the ids of <paramref name="text"/>'s first <paramref name="destination"/>.Length words into
    /// <paramref name="destination"/>, pads the rest with <see cref="Padding"/>, and returns how many words were written.
    /// </summary>
    public int Encode(string text, Span<int> destination)
    {
        ArgumentNullException.ThrowIfNull(text);
        int length = 0;
        foreach (var word in Split(text))
        {
            if (length == destination.Length) break;
            destination[length++] = _ids.TryGetValue(word, out var id) ? id : Unknown;
        }
        destination.Slice(length).Fill(Padding);
        return length;
    }

    private static IEnumerable<string> Split(string text) =>
        text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
}
