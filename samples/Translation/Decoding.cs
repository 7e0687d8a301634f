using System;
using System.Collections.Generic;
using System.Linq;

namespace Translation;

/// <summary>A decoded sequence without its start token or end token, its summed log-probability, and whether it reached the end token.</summary>
public sealed record Hypothesis(int[] Tokens, double LogProbability, bool Finished)
{
    /// <summary>Tokens scored: the output plus the end token when it was reached.</summary>
    public int ScoredLength => Tokens.Length + (Finished ? 1 : 0);

    /// <summary>The length-normalized score beam search ranks by: log-probability ÷ (scored length)^α.</summary>
    public double Normalized(double alpha) => ScoredLength == 0 ? LogProbability : LogProbability / Math.Pow(ScoredLength, alpha);
}

/// <summary>Greedy decoding and beam search over an <see cref="INextTokenScorer"/>.</summary>
public static class Decoding
{
    /// <summary>
    /// Takes the most probable next token (the lowest id on a tie) until <paramref name="end"/> or
    /// <paramref name="maxLength"/> output tokens.
    /// </summary>
    public static Hypothesis Greedy(INextTokenScorer scorer, int start, int end, int maxLength)
    {
        var tokens = new List<int> { start };
        var row = new float[scorer.Vocabulary];
        double logProbability = 0;
        while (tokens.Count - 1 < maxLength)
        {
            scorer.Score([tokens.ToArray()], row);
            int best = ArgMax(row);
            logProbability += row[best];
            if (best == end) return new Hypothesis(tokens.Skip(1).ToArray(), logProbability, Finished: true);
            tokens.Add(best);
        }

        return new Hypothesis(tokens.Skip(1).ToArray(), logProbability, Finished: false);
    }

    /// <summary>
    /// Beam search: keeps the <paramref name="width"/> most probable prefixes (by summed log-probability), moves a
    /// prefix that chose <paramref name="end"/> to the finished list, and stops when <paramref name="width"/>
    /// hypotheses are finished, no prefix is left, or <paramref name="maxLength"/> tokens are reached (the live
    /// prefixes then count as unfinished hypotheses). Returns the hypothesis with the best length-normalized score,
    /// log-probability ÷ length^<paramref name="alpha"/> (α = 0: raw log-probability, which favours short outputs;
    /// α = 1: the mean per token). Ties go to the lower ids, so width 1 is exactly <see cref="Greedy"/>.
    /// </summary>
    public static Hypothesis Beam(INextTokenScorer scorer, int start, int end, int maxLength, int width, double alpha = 1.0)
    {
        if (width < 1) throw new ArgumentOutOfRangeException(nameof(width), width, $"The beam width is {width}; it must be 1 or more.");
        int vocabulary = scorer.Vocabulary;
        var live = new List<(int[] Prefix, double LogProbability)> { ([start], 0) };
        var finished = new List<Hypothesis>();
        var scores = new float[width * vocabulary];
        for (int length = 0; length < maxLength && live.Count > 0 && finished.Count < width; length++)
        {
            var prefixes = live.ConvertAll(beam => beam.Prefix);
            scorer.Score(prefixes, scores.AsSpan(0, live.Count * vocabulary));

            // The best `width` expansions of all live prefixes; (beam, token) order breaks ties, as Greedy does.
            var best = new List<(double LogProbability, int Beam, int Token)>(width + 1);
            for (int b = 0; b < live.Count; b++)
            {
                for (int token = 0; token < vocabulary; token++)
                {
                    float step = scores[(b * vocabulary) + token];
                    if (float.IsNegativeInfinity(step)) continue;
                    double total = live[b].LogProbability + step;
                    if (best.Count == width && total <= best[^1].LogProbability) continue;
                    int at = best.Count;
                    while (at > 0 && best[at - 1].LogProbability < total) at--;
                    best.Insert(at, (total, b, token));
                    if (best.Count > width) best.RemoveAt(width);
                }
            }

            var next = new List<(int[] Prefix, double LogProbability)>(width);
            foreach (var (logProbability, b, token) in best)
            {
                int[] prefix = live[b].Prefix;
                if (token == end) finished.Add(new Hypothesis(prefix[1..], logProbability, Finished: true));
                else next.Add(([.. prefix, token], logProbability));
            }

            live = next;
        }

        foreach (var (prefix, logProbability) in live)
        {
            if (finished.Count >= width) break;
            finished.Add(new Hypothesis(prefix[1..], logProbability, Finished: false));
        }

        // The first of equals wins: finished in the order found, which is the greedy order for width 1.
        Hypothesis winner = finished[0];
        foreach (var hypothesis in finished)
        {
            if (hypothesis.Normalized(alpha) > winner.Normalized(alpha)) winner = hypothesis;
        }

        return winner;
    }

    private static int ArgMax(ReadOnlySpan<float> row)
    {
        int best = 0;
        for (int i = 1; i < row.Length; i++)
        {
            if (row[i] > row[best]) best = i;
        }

        return best;
    }
}
