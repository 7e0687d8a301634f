using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;

namespace Translation;

/// <summary>
/// The English side as words. Words rather than characters because the encoder then reads 7 positions for a median
/// sentence instead of 30 (attention and every layer cost per position), and it need not learn spelling from 26,000
/// sentences; the price is that a word never seen in training reads as <see cref="Unknown"/>, which
/// <see cref="Encode"/> reports so the user is told. Tokens are lower-cased runs of letters and digits with inner
/// apostrophes kept ("don't", "tom's" are one word each), and every other non-space character on its own ("?", ",").
/// Id 0 is padding and id 1 the unknown word; the vocabulary holds the training words seen at least twice, most
/// frequent first (ties in ordinal order, so the same data always gives the same ids).
/// </summary>
public sealed partial class EnglishWords
{
    /// <summary>The padding id, which the trainer also uses for padded source positions.</summary>
    public const int Padding = 0;

    /// <summary>The id of a word outside the vocabulary.</summary>
    public const int Unknown = 1;

    private const int Reserved = 2;
    private readonly string[] _words; // index = id - Reserved
    private readonly Dictionary<string, int> _ids;

    private EnglishWords(string[] words)
    {
        _words = words;
        _ids = new Dictionary<string, int>(words.Length, StringComparer.Ordinal);
        for (int i = 0; i < words.Length; i++)
        {
            if (words[i].Length == 0 || words[i].Any(char.IsWhiteSpace)) throw new InvalidDataException($"English vocabulary entry {i} is '{words[i]}'; a word is non-empty and has no spaces.");
            if (!_ids.TryAdd(words[i], i + Reserved)) throw new InvalidDataException($"English vocabulary lists '{words[i]}' twice.");
        }
    }

    /// <summary>Ids in use: padding, unknown and the words.</summary>
    public int Count => _words.Length + Reserved;

    /// <summary>The words, in id order from id 2.</summary>
    public IReadOnlyList<string> Words => _words;

    /// <summary>The word of an id (<c>&lt;pad&gt;</c> and <c>&lt;unk&gt;</c> for the reserved ones).</summary>
    public string this[int id] => id switch
    {
        Padding => "<pad>",
        Unknown => "<unk>",
        _ when id >= Reserved && id < Count => _words[id - Reserved],
        _ => throw new ArgumentOutOfRangeException(nameof(id), id, $"English id {id} is outside the vocabulary [0, {Count})."),
    };

    /// <summary>The tokens of <paramref name="sentence"/>: lower-cased words and single punctuation marks.</summary>
    public static string[] Tokenize(string sentence)
    {
        ArgumentNullException.ThrowIfNull(sentence);
        string text = sentence.Replace('’', '\'').ToLowerInvariant();
        return Token().Matches(text).Select(match => match.Value).ToArray();
    }

    /// <summary>
    /// The words of <paramref name="sentences"/> seen at least <paramref name="minimumCount"/> times, most frequent
    /// first, at most <paramref name="capacity"/> ids in all (padding and unknown included).
    /// </summary>
    public static EnglishWords Build(IEnumerable<string> sentences, int capacity, int minimumCount = 2)
    {
        if (capacity <= Reserved) throw new ArgumentOutOfRangeException(nameof(capacity), capacity, $"capacity must exceed the {Reserved} reserved ids.");
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (string sentence in sentences)
        {
            foreach (string word in Tokenize(sentence)) counts[word] = counts.GetValueOrDefault(word) + 1;
        }

        string[] words = counts.Where(entry => entry.Value >= minimumCount)
            .OrderByDescending(entry => entry.Value).ThenBy(entry => entry.Key, StringComparer.Ordinal)
            .Take(capacity - Reserved).Select(entry => entry.Key).ToArray();
        return new EnglishWords(words);
    }

    /// <summary>A vocabulary of exactly these words, ids from 2 in order (as saved with a checkpoint).</summary>
    public static EnglishWords FromWords(IEnumerable<string> words) => new(words.ToArray());

    /// <summary>The ids of <paramref name="sentence"/>'s tokens; words outside the vocabulary become <see cref="Unknown"/> and are added to <paramref name="unknownWords"/>.</summary>
    public int[] Encode(string sentence, ICollection<string>? unknownWords = null)
    {
        string[] tokens = Tokenize(sentence);
        var ids = new int[tokens.Length];
        for (int i = 0; i < tokens.Length; i++)
        {
            if (_ids.TryGetValue(tokens[i], out int id))
            {
                ids[i] = id;
            }
            else
            {
                ids[i] = Unknown;
                unknownWords?.Add(tokens[i]);
            }
        }

        return ids;
    }

    [GeneratedRegex(@"[\p{L}\p{N}]+(?:'[\p{L}\p{N}]+)*|\S")]
    private static partial Regex Token();
}
