using System;
using System.Collections.Generic;

namespace AttentionGen.Runtime;

/// <summary>
/// Corpus BLEU (Papineni et al., 2002) over token sequences of any kind: words, subword ids, or characters (the usual
/// unit for Chinese output). Add each translation with its reference(s), then read <see cref="Score"/>.
/// <para>
/// As the paper defines it and as corpus-level tools compute it: n-gram counts are clipped to the most any one
/// reference holds and summed over the whole corpus before the precisions are taken (not averaged per sentence); the
/// brevity penalty compares the corpus's candidate length with the sum of each sentence's closest reference length
/// (the shorter one on a tie). No smoothing: a corpus without a single matching n-gram of some order scores 0.
/// </para>
/// </summary>
/// <typeparam name="T">The token type; tokens are compared with <see cref="EqualityComparer{T}.Default"/>.</typeparam>
public sealed class Bleu<T>
{
    private readonly long[] _matches;
    private readonly long[] _totals;
    private long _candidateLength;
    private long _referenceLength;

    /// <summary>An empty corpus scored up to n-grams of <paramref name="maxOrder"/> tokens (4, the standard BLEU-4, by default).</summary>
    public Bleu(int maxOrder = 4)
    {
        if (maxOrder < 1) throw new ArgumentOutOfRangeException(nameof(maxOrder), maxOrder, $"maxOrder must be at least 1, but it is {maxOrder}.");
        MaxOrder = maxOrder;
        _matches = new long[maxOrder];
        _totals = new long[maxOrder];
    }

    /// <summary>The longest n-gram counted.</summary>
    public int MaxOrder { get; }

    /// <summary>Sentences added so far.</summary>
    public int Sentences { get; private set; }

    /// <summary>Adds one candidate translation with its single reference.</summary>
    public void Add(IReadOnlyList<T> candidate, IReadOnlyList<T> reference)
    {
        ArgumentNullException.ThrowIfNull(reference);
        Add(candidate, new[] { reference });
    }

    /// <summary>Adds one candidate translation with one or more references.</summary>
    public void Add(IReadOnlyList<T> candidate, IReadOnlyList<IReadOnlyList<T>> references)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        ArgumentNullException.ThrowIfNull(references);
        if (references.Count == 0) throw new ArgumentException("A candidate needs at least one reference.", nameof(references));
        for (int r = 0; r < references.Count; r++)
        {
            if (references[r] is null) throw new ArgumentException($"Reference {r} is null.", nameof(references));
        }

        for (int n = 1; n <= MaxOrder; n++)
        {
            var candidateCounts = Count(candidate, n);
            // Clipping: an n-gram earns credit at most as often as the reference that holds it most often.
            var most = new Dictionary<NGram, int>(NGram.Comparer);
            foreach (var reference in references)
            {
                foreach (var (gram, count) in Count(reference, n))
                {
                    if (!most.TryGetValue(gram, out int held) || count > held) most[gram] = count;
                }
            }

            foreach (var (gram, count) in candidateCounts)
            {
                _matches[n - 1] += most.TryGetValue(gram, out int held) ? Math.Min(count, held) : 0;
            }
            _totals[n - 1] += Math.Max(0, candidate.Count - n + 1);
        }

        _candidateLength += candidate.Count;
        _referenceLength += ClosestLength(candidate.Count, references);
        Sentences++;
    }

    /// <summary>Clipped matches ÷ candidate n-grams for n = 1 … <see cref="MaxOrder"/>, over the corpus (0 where there are none).</summary>
    public double[] Precisions
    {
        get
        {
            var precisions = new double[MaxOrder];
            for (int n = 0; n < MaxOrder; n++) precisions[n] = _totals[n] == 0 ? 0 : (double)_matches[n] / _totals[n];
            return precisions;
        }
    }

    /// <summary>exp(1 − r/c) when the candidates are shorter in all than their references (c &lt; r), else 1.</summary>
    public double BrevityPenalty =>
        _candidateLength == 0 ? 0 : _candidateLength >= _referenceLength ? 1 : Math.Exp(1 - ((double)_referenceLength / _candidateLength));

    /// <summary>BLEU in [0, 1]: the brevity penalty times the geometric mean of <see cref="Precisions"/>.</summary>
    public double Score
    {
        get
        {
            if (Sentences == 0) throw new InvalidOperationException("BLEU of an empty corpus is undefined: add at least one sentence.");
            double logSum = 0;
            foreach (double p in Precisions)
            {
                if (p == 0) return 0;
                logSum += Math.Log(p);
            }

            return BrevityPenalty * Math.Exp(logSum / MaxOrder);
        }
    }

    private static int ClosestLength(int candidateLength, IReadOnlyList<IReadOnlyList<T>> references)
    {
        int best = references[0].Count;
        foreach (var reference in references)
        {
            int distance = Math.Abs(reference.Count - candidateLength), bestDistance = Math.Abs(best - candidateLength);
            if (distance < bestDistance || (distance == bestDistance && reference.Count < best)) best = reference.Count;
        }

        return best;
    }

    private static Dictionary<NGram, int> Count(IReadOnlyList<T> tokens, int n)
    {
        var counts = new Dictionary<NGram, int>(NGram.Comparer);
        for (int start = 0; start + n <= tokens.Count; start++)
        {
            var gram = new NGram(tokens, start, n);
            counts[gram] = counts.TryGetValue(gram, out int count) ? count + 1 : 1;
        }

        return counts;
    }

    /// <summary>A window of a token sequence, compared by its tokens: no copy per n-gram.</summary>
    private readonly record struct NGram(IReadOnlyList<T> Tokens, int Start, int Length)
    {
        public static readonly IEqualityComparer<NGram> Comparer = new TokenComparer();

        private sealed class TokenComparer : IEqualityComparer<NGram>
        {
            public bool Equals(NGram x, NGram y)
            {
                if (x.Length != y.Length) return false;
                var tokens = EqualityComparer<T>.Default;
                for (int i = 0; i < x.Length; i++)
                {
                    if (!tokens.Equals(x.Tokens[x.Start + i], y.Tokens[y.Start + i])) return false;
                }

                return true;
            }

            public int GetHashCode(NGram gram)
            {
                var hash = new HashCode();
                for (int i = 0; i < gram.Length; i++) hash.Add(gram.Tokens[gram.Start + i]);
                return hash.ToHashCode();
            }
        }
    }
}
