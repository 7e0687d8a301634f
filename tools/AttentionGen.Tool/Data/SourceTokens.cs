using System.Collections.Generic;
using System.Text;

namespace AttentionGen.Tool.Data;

/// <summary>
/// A translator's source side: the lower-cased words of <see cref="HashedWords"/>, and every other non-space character
/// (punctuation) as a token of its own, since "?" and "." decide between a question and a statement in the target.
/// Each token is hashed into the model's buckets as <see cref="HashedWords.Bucket"/> does, so nothing is stored.
/// </summary>
internal static class SourceTokens
{
    public static List<string> Tokens(string text)
    {
        var tokens = new List<string>();
        var word = new StringBuilder();
        foreach (char c in text)
        {
            if (char.IsLetterOrDigit(c) || c == '\'')
            {
                word.Append(char.ToLowerInvariant(c));
                continue;
            }

            if (word.Length > 0)
            {
                tokens.Add(word.ToString());
                word.Clear();
            }

            if (!char.IsWhiteSpace(c) && !char.IsControl(c)) tokens.Add(c.ToString());
        }

        if (word.Length > 0) tokens.Add(word.ToString());
        return tokens;
    }

    /// <summary>The first <paramref name="maxSeq"/> tokens' ids.</summary>
    public static int[] Encode(string text, int vocab, int maxSeq)
    {
        var tokens = Tokens(text);
        var ids = new int[System.Math.Min(tokens.Count, maxSeq)];
        for (int i = 0; i < ids.Length; i++) ids[i] = HashedWords.Bucket(tokens[i], vocab);
        return ids;
    }
}
