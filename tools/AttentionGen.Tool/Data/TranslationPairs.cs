using System.Collections.Generic;

namespace AttentionGen.Tool.Data;

/// <summary>One line of a translation file.</summary>
internal sealed record TranslationPair(int Line, string Source, string Target);

/// <summary>
/// Translation data: one pair per line, <c>source&lt;TAB&gt;target</c>, anything after a second tab ignored (the
/// Tatoeba/ManyThings files carry an attribution there). Blank lines are skipped; a line without a tab, or with a
/// source without a word or an empty target, is an error naming the file and line.
/// </summary>
internal static class TranslationPairs
{
    public static List<TranslationPair> Read(string path)
    {
        var lines = InputFile.ReadLines(path, "data file");
        var pairs = new List<TranslationPair>();
        for (int i = 0; i < lines.Count; i++)
        {
            string line = lines[i];
            if (line.Trim().Length == 0) continue;
            string[] fields = line.Split('\t');
            if (fields.Length < 2)
            {
                throw new UserError($"{path}:{i + 1}: expected source<TAB>target, found no tab in {InputFile.Excerpt(line)}");
            }

            string source = fields[0].Trim(), target = fields[1].Trim();
            if (HashedWords.Words(source).Count == 0) throw new UserError($"{path}:{i + 1}: the source before the tab has no words: {InputFile.Excerpt(line)}");
            if (target.Length == 0) throw new UserError($"{path}:{i + 1}: the target after the tab is empty: {InputFile.Excerpt(line)}");
            pairs.Add(new TranslationPair(i + 1, source, target));
        }

        if (pairs.Count == 0) throw new UserError($"{path} has no source<TAB>target lines");
        return pairs;
    }

    /// <summary>
    /// Which pairs are held out: a seeded shuffle of the line order, its first <paramref name="fraction"/> held out.
    /// The same seed and file give the same split, so evaluate scores exactly the pairs train held out.
    /// </summary>
    public static (List<TranslationPair> Train, List<TranslationPair> HeldOut) Split(IReadOnlyList<TranslationPair> pairs, ulong seed, double fraction)
    {
        var order = new int[pairs.Count];
        for (int i = 0; i < order.Length; i++) order[i] = i;
        var rng = new AttentionGen.Runtime.Rng(seed);
        for (int i = order.Length - 1; i > 0; i--)
        {
            int j = (int)(rng.NextUInt64() % (ulong)(i + 1));
            (order[i], order[j]) = (order[j], order[i]);
        }

        int held = (int)(pairs.Count * fraction);
        var train = new List<TranslationPair>();
        var heldOut = new List<TranslationPair>();
        for (int i = 0; i < order.Length; i++) (i < held ? heldOut : train).Add(pairs[order[i]]);
        return (train, heldOut);
    }
}
