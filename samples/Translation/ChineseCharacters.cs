using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;

namespace Translation;

/// <summary>
/// The Chinese side as characters (Unicode scalar values, so a character outside the Basic Multilingual Plane is one
/// token): Chinese is written without spaces, and characters are the unit character BLEU scores. Id 0 is padding,
/// 1 an unknown character, 2 the start and 3 the end of a sentence; then the training characters seen at least twice,
/// most frequent first (ties by code point). The rarer ones read as unknown in training targets; decoding never emits
/// an unknown, so every output character is a real one.
/// </summary>
public sealed class ChineseCharacters
{
    /// <summary>The padding id.</summary>
    public const int Padding = 0;

    /// <summary>The id of a character outside the vocabulary.</summary>
    public const int Unknown = 1;

    /// <summary>The id the decoder starts from.</summary>
    public const int Start = 2;

    /// <summary>The id that ends a translation.</summary>
    public const int End = 3;

    private const int Reserved = 4;
    private readonly Rune[] _characters;
    private readonly Dictionary<Rune, int> _ids;

    private ChineseCharacters(Rune[] characters)
    {
        _characters = characters;
        _ids = new Dictionary<Rune, int>(characters.Length);
        for (int i = 0; i < characters.Length; i++)
        {
            if (Rune.IsControl(characters[i])) throw new InvalidDataException($"Chinese vocabulary entry {i} is the control character U+{characters[i].Value:X4}.");
            if (!_ids.TryAdd(characters[i], i + Reserved)) throw new InvalidDataException($"Chinese vocabulary lists '{characters[i]}' twice.");
        }
    }

    /// <summary>Ids in use: the four reserved ones and the characters.</summary>
    public int Count => _characters.Length + Reserved;

    /// <summary>The characters in id order from id 4, as one string (how a checkpoint saves them).</summary>
    public string Characters => string.Concat(_characters.Select(c => c.ToString()));

    /// <summary>The characters of <paramref name="sentence"/>, one token each.</summary>
    public static Rune[] Split(string sentence) => sentence.EnumerateRunes().ToArray();

    /// <summary>
    /// The characters of <paramref name="sentences"/> seen at least <paramref name="minimumCount"/> times, most
    /// frequent first, at most <paramref name="capacity"/> ids in all (the reserved ones included).
    /// </summary>
    public static ChineseCharacters Build(IEnumerable<string> sentences, int capacity, int minimumCount = 2)
    {
        if (capacity <= Reserved) throw new ArgumentOutOfRangeException(nameof(capacity), capacity, $"capacity must exceed the {Reserved} reserved ids.");
        var counts = new Dictionary<Rune, int>();
        foreach (string sentence in sentences)
        {
            foreach (Rune c in sentence.EnumerateRunes()) counts[c] = counts.GetValueOrDefault(c) + 1;
        }

        Rune[] characters = counts.Where(entry => entry.Value >= minimumCount && !Rune.IsControl(entry.Key))
            .OrderByDescending(entry => entry.Value).ThenBy(entry => entry.Key.Value)
            .Take(capacity - Reserved).Select(entry => entry.Key).ToArray();
        return new ChineseCharacters(characters);
    }

    /// <summary>A vocabulary of exactly the characters of <paramref name="characters"/>, ids from 4 in order.</summary>
    public static ChineseCharacters FromCharacters(string characters) => new(Split(characters));

    /// <summary>A training target: <see cref="Start"/>, the character ids (unknown ones as <see cref="Unknown"/>), <see cref="End"/>.</summary>
    public int[] EncodeTarget(string sentence)
    {
        var ids = new List<int> { Start };
        foreach (Rune c in sentence.EnumerateRunes()) ids.Add(_ids.TryGetValue(c, out int id) ? id : Unknown);
        ids.Add(End);
        return ids.ToArray();
    }

    /// <summary>The character of an id; the reserved ids have none.</summary>
    public Rune this[int id] => id >= Reserved && id < Count
        ? _characters[id - Reserved]
        : throw new ArgumentOutOfRangeException(nameof(id), id, $"Chinese id {id} is not a character: ids [{Reserved}, {Count}) are.");

    /// <summary>The text of decoded ids (no start or end token).</summary>
    public string Decode(IEnumerable<int> ids) => string.Concat(ids.Select(id => this[id].ToString()));
}
