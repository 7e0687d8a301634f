using System;

namespace AttentionGen.Runtime;

/// <summary>Picks the next token from a row of logits: greedy, or sampled from softmax(logits / temperature).</summary>
public static class TokenSampler
{
    /// <summary>
    /// Samples an id from <paramref name="logits"/>. Temperature 0 takes the most likely id; otherwise the logits are
    /// divided by the temperature and the id is drawn from their softmax with <paramref name="rng"/>.
    /// </summary>
    public static int Sample(ReadOnlySpan<float> logits, float temperature, Rng rng)
    {
        if (logits.IsEmpty) throw new ArgumentException("There are no logits to sample from.", nameof(logits));
        if (!(temperature >= 0) || float.IsInfinity(temperature))
            throw new ArgumentOutOfRangeException(nameof(temperature), temperature, "The temperature must be a finite number ≥ 0.");
        ArgumentNullException.ThrowIfNull(rng);
        for (int i = 0; i < logits.Length; i++)
        {
            // A NaN compares false with everything, so it would win or lose the maximum by its position alone.
            if (!float.IsFinite(logits[i]))
                throw new ArgumentException($"Logit {i} of {logits.Length} is {logits[i].ToString(System.Globalization.CultureInfo.InvariantCulture)}; sampling needs finite logits (a NaN or infinity means the model's output is broken).", nameof(logits));
        }

        int best = 0;
        for (int i = 1; i < logits.Length; i++) if (logits[i] > logits[best]) best = i;
        if (temperature == 0) return best;

        // Softmax in double, shifted by the maximum; then one uniform draw walks the cumulative sum.
        double total = 0;
        for (int i = 0; i < logits.Length; i++) total += Math.Exp((logits[i] - logits[best]) / (double)temperature);
        double target = rng.NextUniform() * total, sum = 0;
        for (int i = 0; i < logits.Length; i++)
        {
            sum += Math.Exp((logits[i] - logits[best]) / (double)temperature);
            if (sum > target) return i;
        }
        return best;
    }
}
