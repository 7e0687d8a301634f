using System;
using System.Collections.Generic;
using System.Linq;

namespace AttentionGen.Runtime;

/// <summary>
/// A character-level vocabulary, as char-rnn and nanoGPT use for Tiny Shakespeare: every distinct character of the
/// training text gets an id, in ordinal order, so the same text always gives the same ids.
/// </summary>
public sealed class CharacterVocabulary
{
    private readonly char[] _characters;
    private readonly Dictionary<char, int> _ids;

    private CharacterVocabulary(char[] characters)
    {
        _characters = characters;
        _ids = new Dictionary<char, int>(characters.Length);
        for (int i = 0; i < characters.Length; i++) _ids[characters[i]] = i;
    }

    /// <summary>Number of distinct characters.</summary>
    public int Count => _characters.Length;

    /// <summary>The vocabulary of <paramref name="text"/>'s distinct characters.</summary>
    public static CharacterVocabulary Build(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length == 0) throw new ArgumentException("The text is empty: a character vocabulary needs at least one character.", nameof(text));
        return new CharacterVocabulary(text.Distinct().OrderBy(c => c).ToArray());
    }

    /// <summary>The ids of <paramref name="text"/>; throws naming the first character outside the vocabulary and its position.</summary>
    public int[] Encode(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var ids = new int[text.Length];
        for (int i = 0; i < text.Length; i++)
        {
            if (!_ids.TryGetValue(text[i], out ids[i]))
                throw new ArgumentException($"Character {MessageText.Name(text[i].ToString())} (U+{(int)text[i]:X4}) at position {i} is not in the vocabulary of {Count} characters.", nameof(text));
        }
        return ids;
    }

    /// <summary>The text of <paramref name="ids"/>.</summary>
    public string Decode(ReadOnlySpan<int> ids)
    {
        var text = new char[ids.Length];
        for (int i = 0; i < ids.Length; i++)
        {
            int id = ids[i];
            if (id < 0 || id >= _characters.Length)
                throw new ArgumentOutOfRangeException(nameof(ids), id, $"Id {id} at position {i} is outside the vocabulary [0, {_characters.Length}).");
            text[i] = _characters[id];
        }
        return new string(text);
    }
}
