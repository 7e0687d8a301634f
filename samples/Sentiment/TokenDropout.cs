using System;
using System.Collections.Generic;

namespace Sentiment;

/// <summary>
/// Word dropout for training: each epoch sees every review with a fresh random tenth (say) of its words replaced by
/// the unknown word. The model cannot lean on one telling word, and it learns what to do with words it has never seen,
/// which is what held-out reviews are full of.
/// </summary>
public sealed class TokenDropout
{
    private readonly double _rate;
    private readonly int _unknown;
    private readonly Random _random;

    /// <param name="rate">Probability of replacing each word, in [0, 1).</param>
    /// <param name="unknown">The id that replaces a dropped word.</param>
    /// <param name="seed">Seeds the draws, so a run repeats exactly.</param>
    public TokenDropout(double rate, int unknown, int seed)
    {
        if (!(rate >= 0 && rate < 1)) throw new ArgumentOutOfRangeException(nameof(rate), rate, "The word dropout rate must be in [0, 1).");
        _rate = rate;
        _unknown = unknown;
        _random = new Random(seed);
    }

    /// <summary>A copy of <paramref name="examples"/> with words dropped; the lengths and labels stay as they are.</summary>
    public List<(int[] Tokens, int Label)> Apply(IReadOnlyList<(int[] Tokens, int Label)> examples)
    {
        var dropped = new List<(int[] Tokens, int Label)>(examples.Count);
        foreach (var (tokens, label) in examples)
        {
            var copy = (int[])tokens.Clone();
            for (int i = 0; i < copy.Length; i++)
            {
                if (_random.NextDouble() < _rate) copy[i] = _unknown;
            }
            dropped.Add((copy, label));
        }
        return dropped;
    }
}
