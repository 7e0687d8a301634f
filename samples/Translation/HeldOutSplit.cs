using System;
using System.Collections.Generic;
using System.Linq;
using AttentionGen.Runtime;

namespace Translation;

/// <summary>
/// The held-out protocol: the distinct English sentences (compared after <see cref="EnglishWords.Tokenize"/>, so
/// "Hi." and "hi ." are one sentence) are shuffled with a seeded generator and the first <c>fraction</c> of them
/// are held out with every Chinese translation they have. No English sentence is on both sides, so the held-out
/// score never rewards remembering a training pair, and a held-out sentence with several translations is scored
/// against all of them as references.
/// </summary>
public sealed class HeldOutSplit
{
    private HeldOutSplit(IReadOnlyList<TatoebaPair> train, IReadOnlyList<HeldOutSentence> heldOut)
    {
        Train = train;
        HeldOut = heldOut;
    }

    /// <summary>The training pairs, in file order.</summary>
    public IReadOnlyList<TatoebaPair> Train { get; }

    /// <summary>The held-out English sentences, each with all its translations, in file order of their first pair.</summary>
    public IReadOnlyList<HeldOutSentence> HeldOut { get; }

    /// <summary>The held-out pairs, one per translation (for the validation loss).</summary>
    public IEnumerable<TatoebaPair> HeldOutPairs => HeldOut.SelectMany(sentence => sentence.Pairs);

    /// <summary>Splits <paramref name="pairs"/>, holding out <paramref name="fraction"/> of the distinct English sentences.</summary>
    public static HeldOutSplit Make(IReadOnlyList<TatoebaPair> pairs, double fraction, ulong seed)
    {
        if (!(fraction > 0 && fraction < 1)) throw new ArgumentOutOfRangeException(nameof(fraction), fraction, "The held-out fraction must be between 0 and 1.");

        // Group by tokenized English, in order of first appearance.
        var groups = new Dictionary<string, List<TatoebaPair>>(StringComparer.Ordinal);
        var keys = new List<string>();
        foreach (var pair in pairs)
        {
            string key = string.Join(' ', EnglishWords.Tokenize(pair.English));
            if (!groups.TryGetValue(key, out var group))
            {
                groups[key] = group = new List<TatoebaPair>();
                keys.Add(key);
            }

            group.Add(pair);
        }

        // Fisher-Yates over the sentence indices with the runtime's seeded generator: the same seed gives the same
        // split on every machine and .NET version.
        int[] order = Enumerable.Range(0, keys.Count).ToArray();
        var rng = new Rng(seed);
        for (int i = order.Length - 1; i > 0; i--)
        {
            int j = (int)(rng.NextUInt64() % (ulong)(i + 1));
            (order[i], order[j]) = (order[j], order[i]);
        }

        int heldOutCount = Math.Max(1, (int)Math.Round(keys.Count * fraction));
        var heldOut = new bool[keys.Count];
        for (int i = 0; i < heldOutCount; i++) heldOut[order[i]] = true;

        var train = new List<TatoebaPair>();
        var held = new List<HeldOutSentence>();
        for (int k = 0; k < keys.Count; k++)
        {
            var group = groups[keys[k]];
            if (heldOut[k]) held.Add(new HeldOutSentence(group[0].English, group));
            else train.AddRange(group);
        }

        train.Sort((a, b) => a.Line.CompareTo(b.Line));
        return new HeldOutSplit(train, held);
    }
}

/// <summary>A held-out English sentence (as first written) and every pair that translates it.</summary>
public sealed record HeldOutSentence(string English, IReadOnlyList<TatoebaPair> Pairs);
