using System;

namespace AttentionGen.Runtime;

/// <summary>
/// PyTorch's default parameter initializations, drawn from an <see cref="Rng"/> in index order, so a
/// model built with the same seed has the same weights everywhere. (The distributions match PyTorch;
/// the samples cannot, since PyTorch uses a different generator.)
/// </summary>
public static class Initializers
{
    /// <summary>Fills <paramref name="w"/> with samples of U[<paramref name="low"/>, <paramref name="high"/>), like <c>nn.init.uniform_</c>.</summary>
    /// <param name="w">Destination.</param>
    /// <param name="low">Inclusive lower bound.</param>
    /// <param name="high">Exclusive upper bound, at least <paramref name="low"/>.</param>
    /// <param name="rng">Source of randomness.</param>
    public static void Uniform(Span<float> w, float low, float high, Rng rng)
    {
        ArgumentNullException.ThrowIfNull(rng);
        Rng.CheckRange(low, high);
        for (int i = 0; i < w.Length; i++)
        {
            w[i] = rng.NextUniform(low, high);
        }
    }

    /// <summary>Fills <paramref name="w"/> with samples of N(<paramref name="mean"/>, <paramref name="std"/>²), like <c>nn.init.normal_</c>.</summary>
    /// <param name="w">Destination.</param>
    /// <param name="mean">Mean.</param>
    /// <param name="std">Standard deviation, finite and not negative.</param>
    /// <param name="rng">Source of randomness.</param>
    public static void Normal(Span<float> w, float mean, float std, Rng rng)
    {
        ArgumentNullException.ThrowIfNull(rng);
        if (!float.IsFinite(mean))
        {
            throw new ArgumentOutOfRangeException(nameof(mean), mean, $"mean is {mean}; it must be finite.");
        }

        if (!float.IsFinite(std) || std < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(std), std, $"std is {std}; it must be finite and 0 or more.");
        }

        for (int i = 0; i < w.Length; i++)
        {
            w[i] = mean + (std * rng.NextNormal());
        }
    }

    /// <summary>Sets every element to <paramref name="value"/>, like <c>nn.init.constant_</c> (LayerNorm's weight 1 and bias 0).</summary>
    /// <param name="w">Destination.</param>
    /// <param name="value">The value.</param>
    public static void Fill(Span<float> w, float value) => w.Fill(value);

    /// <summary>
    /// <c>nn.Linear</c>'s weight: <c>kaiming_uniform_(a = √5)</c>, which works out to U(−1/√fanIn, 1/√fanIn).
    /// </summary>
    /// <param name="w">The (out, in) weight.</param>
    /// <param name="fanIn">Input features (the weight's row length), 1 or more.</param>
    /// <param name="rng">Source of randomness.</param>
    public static void LinearWeight(Span<float> w, int fanIn, Rng rng)
    {
        Check.Positive(fanIn, nameof(fanIn));
        float bound = (float)(1.0 / Math.Sqrt(fanIn));
        Uniform(w, -bound, bound, rng);
    }

    /// <summary><c>nn.Linear</c>'s bias: U(−1/√fanIn, 1/√fanIn).</summary>
    /// <param name="b">The bias.</param>
    /// <param name="fanIn">Input features of the layer, 1 or more.</param>
    /// <param name="rng">Source of randomness.</param>
    public static void LinearBias(Span<float> b, int fanIn, Rng rng)
    {
        Check.Positive(fanIn, nameof(fanIn));
        float bound = (float)(1.0 / Math.Sqrt(fanIn));
        Uniform(b, -bound, bound, rng);
    }

    /// <summary>
    /// <c>nn.init.xavier_uniform_</c> with gain 1: U(−√(6/(fanIn + fanOut)), √(6/(fanIn + fanOut))), as
    /// <c>nn.MultiheadAttention</c> initializes <c>in_proj_weight</c> (PyTorch takes fanOut = 3E for the packed (3E, E) matrix).
    /// </summary>
    /// <param name="w">Destination.</param>
    /// <param name="fanIn">Input features, 1 or more.</param>
    /// <param name="fanOut">Output features, 1 or more.</param>
    /// <param name="rng">Source of randomness.</param>
    public static void XavierUniform(Span<float> w, int fanIn, int fanOut, Rng rng)
    {
        Check.Positive(fanIn, nameof(fanIn));
        Check.Positive(fanOut, nameof(fanOut));
        float bound = (float)Math.Sqrt(6.0 / ((double)fanIn + fanOut));
        Uniform(w, -bound, bound, rng);
    }
}
