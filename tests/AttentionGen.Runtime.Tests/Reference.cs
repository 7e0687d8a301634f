using System;
using System.Globalization;

namespace AttentionGen.Runtime.Tests;

/// <summary>Straightforward double-precision helpers the kernels are checked against.</summary>
internal static class Reference
{
    public static float[] Random(Random rng, int n, float scale = 1f)
    {
        var a = new float[n];
        for (int i = 0; i < n; i++)
        {
            a[i] = (float)(((rng.NextDouble() * 2) - 1) * scale);
        }

        return a;
    }

    /// <summary>|actual − expected| ≤ tol·(1 + |magnitude|), where magnitude is the size of what was summed (defaults to |expected|).</summary>
    public static void AssertClose(double[] expected, ReadOnlySpan<float> actual, double tol, string context, double[]? magnitude = null)
    {
        Assert.True(actual.Length >= expected.Length, $"{context}: {actual.Length} values, expected {expected.Length}");
        for (int i = 0; i < expected.Length; i++)
        {
            double scale = 1 + Math.Abs(magnitude != null ? magnitude[i] : expected[i]);
            double err = Math.Abs(actual[i] - expected[i]);
            if (!(err <= tol * scale))
            {
                Assert.Fail(string.Create(CultureInfo.InvariantCulture, $"{context}: element {i} is {actual[i]:R}, expected {expected[i]:R} (error {err:E2}, allowed {tol * scale:E2})"));
            }
        }
    }

    /// <summary>erf by its Taylor series (|x| &lt; 1) or 1 − erfc by a continued fraction.</summary>
    public static double Erf(double x)
    {
        if (Math.Abs(x) < 1)
        {
            double sum = 0, term = x;
            for (int n = 0; n < 200; n++)
            {
                sum += term / ((2 * n) + 1);
                term *= -x * x / (n + 1);
                if (Math.Abs(term) < 1e-300)
                {
                    break;
                }
            }

            return 2 / Math.Sqrt(Math.PI) * sum;
        }

        double erfc = ErfcContinuedFraction(Math.Abs(x));
        return x > 0 ? 1 - erfc : erfc - 1;
    }

    /// <summary>erfc(x), accurate relative to itself for large x too.</summary>
    public static double Erfc(double x) => x >= 1 ? ErfcContinuedFraction(x) : 1 - Erf(x);

    private static double ErfcContinuedFraction(double x)
    {
        // erfc(x) = exp(−x²)/√π · 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + …)))), evaluated from the bottom;
        // 2000 terms reach full double precision for x ≥ 0.5.
        double k = x;
        for (int n = 2000; n >= 1; n--)
        {
            k = x + (n / 2.0 / k);
        }

        return Math.Exp(-x * x) / (Math.Sqrt(Math.PI) * k);
    }

    public static double Gelu(double x) => 0.5 * x * Erfc(-x / Math.Sqrt(2));

    public static double GeluTanh(double x) => 0.5 * x * (1 + Math.Tanh(Math.Sqrt(2 / Math.PI) * (x + (0.044715 * x * x * x))));

    /// <summary>Bytes this thread allocates while running <paramref name="action"/> (after one warm-up run).</summary>
    public static long Allocated(Action action)
    {
        action();
        long before = GC.GetAllocatedBytesForCurrentThread();
        action();
        return GC.GetAllocatedBytesForCurrentThread() - before;
    }
}
