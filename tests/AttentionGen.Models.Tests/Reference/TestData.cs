namespace AttentionGen.Models.Tests.Reference;

/// <summary>Seeded random inputs, so every failure reproduces.</summary>
internal static class TestData
{
    /// <summary>Token ids uniform in [0, vocab).</summary>
    public static int[] Tokens(Random rng, int count, int vocab)
    {
        var tokens = new int[count];
        for (int i = 0; i < count; i++)
        {
            tokens[i] = rng.Next(vocab);
        }

        return tokens;
    }

    /// <summary>Floats uniform in [−2, 2).</summary>
    public static float[] Floats(Random rng, int count)
    {
        var values = new float[count];
        for (int i = 0; i < count; i++)
        {
            values[i] = (float)((rng.NextDouble() * 4) - 2);
        }

        return values;
    }

    /// <summary>
    /// A copy of (batch, seqLen) <paramref name="tokens"/> with every padded position (t ≥ lengths[b]) replaced by
    /// a different random id: what a caller's padding happens to contain must not matter.
    /// </summary>
    public static int[] ScramblePadding(Random rng, int[] tokens, int seqLen, int[] lengths, int vocab)
    {
        var scrambled = (int[])tokens.Clone();
        for (int b = 0; b < lengths.Length; b++)
        {
            for (int t = lengths[b]; t < seqLen; t++)
            {
                int i = (b * seqLen) + t;
                scrambled[i] = (tokens[i] + 1 + rng.Next(vocab - 1)) % vocab;
            }
        }

        return scrambled;
    }

    /// <summary>A copy of (batch, seqLen, features) floats with every padded step replaced by other random values.</summary>
    public static float[] ScramblePadding(Random rng, float[] values, int seqLen, int features, int[] lengths)
    {
        var scrambled = (float[])values.Clone();
        for (int b = 0; b < lengths.Length; b++)
        {
            for (int t = lengths[b]; t < seqLen; t++)
            {
                for (int c = 0; c < features; c++)
                {
                    scrambled[(((b * seqLen) + t) * features) + c] += (float)((rng.NextDouble() * 6) - 3);
                }
            }
        }

        return scrambled;
    }

    /// <summary>
    /// Asserts that the valid positions (t &lt; lengths[b]) of two (batch, seqLen, width) outputs are bit-for-bit
    /// equal: nothing at a padded position may leak into a valid one, not even as a rounding difference.
    /// </summary>
    public static void AssertValidPositionsEqual(ReadOnlySpan<float> expected, ReadOnlySpan<float> actual, int seqLen, int width, int[] lengths, string what)
    {
        for (int b = 0; b < lengths.Length; b++)
        {
            for (int t = 0; t < lengths[b]; t++)
            {
                for (int c = 0; c < width; c++)
                {
                    int i = (((b * seqLen) + t) * width) + c;
                    Assert.True(
                        expected[i] == actual[i],
                        $"{what}: batch row {b}, position {t}, feature {c} changed from {expected[i]} to {actual[i]} when only padding changed.");
                }
            }
        }
    }
}
