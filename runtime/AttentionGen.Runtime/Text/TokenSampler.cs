using System;
using System.Buffers;

namespace AttentionGen.Runtime;

/// <summary>
/// Picks the next token from a row of logits: greedy, or sampled from softmax(logits / temperature), optionally cut to
/// the top k tokens and to the nucleus of probability top-p (see <see cref="SamplingOptions"/>). Nothing is allocated
/// per call once the shared array pool has warmed up.
/// </summary>
public static class TokenSampler
{
    /// <summary>
    /// Samples an id from <paramref name="logits"/>. Temperature 0 takes the most likely id; otherwise the logits are
    /// divided by the temperature and the id is drawn from their softmax with <paramref name="rng"/>.
    /// </summary>
    public static int Sample(ReadOnlySpan<float> logits, float temperature, Rng rng) =>
        Sample(logits, new SamplingOptions(temperature), rng);

    /// <summary>
    /// Samples an id from <paramref name="logits"/> as <paramref name="options"/> say, with one uniform draw from
    /// <paramref name="rng"/> (none when the temperature is 0: the most likely id, the lowest on a tie).
    /// </summary>
    /// <exception cref="ArgumentException">The logits are empty or hold a NaN or infinity.</exception>
    public static int Sample(ReadOnlySpan<float> logits, SamplingOptions options, Rng rng)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(rng);
        CheckLogits(logits);
        if (options.Temperature == 0) return ArgMax(logits);

        float[] rented = ArrayPool<float>.Shared.Rent(logits.Length);
        try
        {
            var probabilities = rented.AsSpan(0, logits.Length);
            Distribution(logits, options, probabilities);
            // One uniform draw walks the cumulative sum; the kept probabilities sum to 1 up to rounding, so the last
            // kept id catches a draw the rounding leaves past the end.
            double target = rng.NextUniform(), sum = 0;
            int lastKept = 0;
            for (int i = 0; i < probabilities.Length; i++)
            {
                if (probabilities[i] == 0) continue;
                lastKept = i;
                sum += probabilities[i];
                if (sum > target) return i;
            }
            return lastKept;
        }
        finally
        {
            ArrayPool<float>.Shared.Return(rented);
        }
    }

    /// <summary>
    /// Writes the distribution <see cref="Sample(ReadOnlySpan{float}, SamplingOptions, Rng)"/> draws from into
    /// <paramref name="probabilities"/>: softmax(logits / temperature) over the kept tokens, renormalized, 0 for every
    /// token top-k or top-p removed. Temperature 0 puts all the mass on the most likely token. Ties at the top-k or
    /// top-p boundary go to the lower id.
    /// </summary>
    /// <exception cref="ArgumentException">The logits are empty or not finite, or <paramref name="probabilities"/> is not as long as them.</exception>
    public static void Distribution(ReadOnlySpan<float> logits, SamplingOptions options, Span<float> probabilities)
    {
        ArgumentNullException.ThrowIfNull(options);
        CheckLogits(logits);
        if (probabilities.Length != logits.Length)
            throw new ArgumentException($"probabilities holds {probabilities.Length} floats; it must match the {logits.Length} logits.", nameof(probabilities));
        probabilities.Clear();
        int best = ArgMax(logits);
        if (options.Temperature == 0)
        {
            probabilities[best] = 1;
            return;
        }

        int n = logits.Length;
        int[] order = ArrayPool<int>.Shared.Rent(n);
        float[] keys = ArrayPool<float>.Shared.Rent(n);
        try
        {
            // Ids by descending logit, lower id first on a tie: the order in which top-k and top-p keep tokens.
            for (int i = 0; i < n; i++)
            {
                order[i] = i;
                keys[i] = -logits[i];
            }
            Array.Sort(keys, order, 0, n);
            for (int start = 0, end; start < n; start = end)
            {
                // The sort is not stable: put each run of equal logits back in id order.
                for (end = start + 1; end < n && keys[end] == keys[start]; end++) { }
                if (end - start > 1) Array.Sort(order, start, end - start);
            }
            int kept = options.TopK == 0 ? n : Math.Min(options.TopK, n);

            double max = logits[best], total = 0;
            for (int r = 0; r < kept; r++) total += Math.Exp((logits[order[r]] - max) / options.Temperature);
            if (options.TopP < 1)
            {
                // The smallest prefix of the ranking whose probability (after temperature and top-k) reaches top-p.
                double mass = 0;
                for (int r = 0; r < kept; r++)
                {
                    mass += Math.Exp((logits[order[r]] - max) / options.Temperature) / total;
                    if (mass >= options.TopP)
                    {
                        kept = r + 1;
                        break;
                    }
                }
                total = 0;
                for (int r = 0; r < kept; r++) total += Math.Exp((logits[order[r]] - max) / options.Temperature);
            }
            for (int r = 0; r < kept; r++)
                probabilities[order[r]] = (float)(Math.Exp((logits[order[r]] - max) / options.Temperature) / total);
        }
        finally
        {
            ArrayPool<int>.Shared.Return(order);
            ArrayPool<float>.Shared.Return(keys);
        }
    }

    private static void CheckLogits(ReadOnlySpan<float> logits)
    {
        if (logits.IsEmpty) throw new ArgumentException("There are no logits to sample from.", nameof(logits));
        for (int i = 0; i < logits.Length; i++)
        {
            // A NaN compares false with everything, so it would win or lose the maximum by its position alone.
            if (!float.IsFinite(logits[i]))
                throw new ArgumentException($"Logit {i} of {logits.Length} is {logits[i].ToString(System.Globalization.CultureInfo.InvariantCulture)}; sampling needs finite logits (a NaN or infinity means the model's output is broken).", nameof(logits));
        }
    }

    private static int ArgMax(ReadOnlySpan<float> logits)
    {
        int best = 0;
        for (int i = 1; i < logits.Length; i++) if (logits[i] > logits[best]) best = i;
        return best;
    }
}
