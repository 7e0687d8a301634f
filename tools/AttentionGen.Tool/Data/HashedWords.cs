using System;
using System.Collections.Generic;
using System.Text;

namespace AttentionGen.Tool.Data;

/// <summary>
/// Words to token ids without a stored vocabulary: lower-cased runs of letters, digits and apostrophes, each hashed
/// (FNV-1a over its UTF-16 code units) into one of <c>vocab − 2</c> buckets; ids 0 and 1 stay padding and unknown as
/// in <c>WordVocabulary</c>. The same text always gives the same ids, on any machine.
/// </summary>
internal static class HashedWords
{
    public static List<string> Words(string text)
    {
        var words = new List<string>();
        var word = new StringBuilder();
        foreach (char c in text)
        {
            if (char.IsLetterOrDigit(c) || c == '\'')
            {
                word.Append(char.ToLowerInvariant(c));
            }
            else if (word.Length > 0)
            {
                words.Add(word.ToString());
                word.Clear();
            }
        }

        if (word.Length > 0) words.Add(word.ToString());
        return words;
    }

    /// <summary>The first <paramref name="maxSeq"/> words' ids; empty when the text has no word.</summary>
    public static int[] Encode(string text, int vocab, int maxSeq)
    {
        var words = Words(text);
        var ids = new int[Math.Min(words.Count, maxSeq)];
        for (int i = 0; i < ids.Length; i++) ids[i] = Bucket(words[i], vocab);
        return ids;
    }

    public static int Bucket(string word, int vocab)
    {
        uint hash = 2166136261;
        foreach (char c in word)
        {
            hash = (hash ^ c) * 16777619;
        }

        return 2 + (int)(hash % (uint)(vocab - 2));
    }
}
