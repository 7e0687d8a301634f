using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;

namespace AttentionGen.Tool.Data;

/// <summary>
/// A translator's target side as characters (Unicode scalar values): id 0 is padding, 1 an unknown character, 2 the
/// start and 3 the end of a sentence, then the training targets' characters, most frequent first (ties by code point),
/// as many as the model's target vocabulary holds. The rarer ones read as unknown in training targets; decoding never
/// writes an unknown, so every output character is a real one. Saved in the checkpoint as one string.
/// </summary>
internal sealed class TargetCharacters
{
    public const int Padding = 0, Unknown = 1, Start = 2, End = 3;
    private const int Reserved = 4;
    private readonly Rune[] _characters;
    private readonly Dictionary<Rune, int> _ids = [];

    private TargetCharacters(Rune[] characters)
    {
        _characters = characters;
        for (int i = 0; i < characters.Length; i++) _ids[characters[i]] = i + Reserved;
    }

    /// <summary>Ids in use: the four reserved ones and the characters.</summary>
    public int Count => _characters.Length + Reserved;

    /// <summary>The characters in id order, as the checkpoint saves them.</summary>
    public string Characters => string.Concat(_characters.Select(c => c.ToString()));

    public static TargetCharacters Build(IEnumerable<string> targets, int capacity)
    {
        var counts = new Dictionary<Rune, int>();
        foreach (string target in targets)
        {
            foreach (Rune c in target.EnumerateRunes()) counts[c] = counts.GetValueOrDefault(c) + 1;
        }

        return new TargetCharacters(counts.Where(entry => !Rune.IsControl(entry.Key))
            .OrderByDescending(entry => entry.Value).ThenBy(entry => entry.Key.Value)
            .Take(capacity - Reserved).Select(entry => entry.Key).ToArray());
    }

    public static TargetCharacters FromCharacters(string characters) => new(characters.EnumerateRunes().ToArray());

    /// <summary>A training target: start, the character ids (unknown ones as <see cref="Unknown"/>), end.</summary>
    public int[] EncodeTarget(string sentence)
    {
        var ids = new List<int> { Start };
        foreach (Rune c in sentence.EnumerateRunes()) ids.Add(_ids.TryGetValue(c, out int id) ? id : Unknown);
        ids.Add(End);
        return ids.ToArray();
    }

    /// <summary>The text of decoded ids (no start or end token).</summary>
    public string Decode(IEnumerable<int> ids) => string.Concat(ids.Select(id => id >= Reserved && id < Count ? _characters[id - Reserved].ToString() : "�"));
}
