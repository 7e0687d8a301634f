using System.Globalization;

namespace AttentionGen.Models.Tests.Reference;

/// <summary>
/// How close a float32 forward pass must come to the double-precision reference.
/// </summary>
/// <remarks>
/// |actual − expected| ≤ Relative·|expected| + Absolute, element by element. Relative 1e-4 is about a
/// thousand float32 roundings (ε ≈ 6e-8) of slack, enough for sums over a few hundred products, softmax and
/// LayerNorm through a few blocks, and far below what a wrong mask, head split, weight layout or missing
/// layer produces (those move outputs by 1e-2 or more). Absolute 1e-5 covers outputs that are small only
/// because larger terms cancel.
/// </remarks>
internal static class Tolerance
{
    /// <summary>Allowed error relative to the expected value.</summary>
    public const double Relative = 1e-4;

    /// <summary>Allowed error whatever the expected value.</summary>
    public const double Absolute = 1e-5;

    /// <summary>Asserts every element is finite and within the tolerance, naming the worst element on failure.</summary>
    public static void AssertClose(ReadOnlySpan<float> actual, double[] expected, string what)
    {
        Assert.True(actual.Length == expected.Length, $"{what}: {actual.Length} values, expected {expected.Length}.");
        int worst = -1;
        double worstExcess = 0;
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.True(float.IsFinite(actual[i]), $"{what}[{i}] is {actual[i]}, expected {expected[i]}.");
            double excess = Math.Abs(actual[i] - expected[i]) / ((Relative * Math.Abs(expected[i])) + Absolute);
            if (excess > worstExcess)
            {
                worstExcess = excess;
                worst = i;
            }
        }

        Assert.True(
            worstExcess <= 1,
            string.Format(
                CultureInfo.InvariantCulture,
                "{0}[{1}] is {2:R}, expected {3:R} (error {4:E2}, {5:F1}× the tolerance {6}·|expected| + {7}).",
                what, worst, worst < 0 ? 0 : actual[worst], worst < 0 ? 0 : expected[worst],
                worst < 0 ? 0 : Math.Abs(actual[worst] - expected[worst]), worstExcess, Relative, Absolute));
    }
}
