using System;
using System.Globalization;
using System.Linq;

namespace AttentionGen.Runtime.Tests;

/// <summary>
/// Helpers for the backward-kernel tests: central finite differences of a double-precision forward, and
/// a comparison that is relative both to each element and to the tensor's typical size.
/// </summary>
internal static class GradientCheck
{
    /// <summary>Step of the central differences: with a double forward the truncation error is ~eps², far below the tolerances used.</summary>
    public const double Eps = 1e-4;

    public static double[] ToDouble(float[] a) => Array.ConvertAll(a, x => (double)x);

    /// <summary>Σ a·b.</summary>
    public static double Dot(double[] a, double[] b)
    {
        double s = 0;
        for (int i = 0; i < a.Length; i++)
        {
            s += a[i] * b[i];
        }

        return s;
    }

    /// <summary>Σ a·b over float spans, in double.</summary>
    public static double Dot(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        double s = 0;
        for (int i = 0; i < a.Length; i++)
        {
            s += (double)a[i] * b[i];
        }

        return s;
    }

    /// <summary>
    /// ∂loss/∂x by central differences at <paramref name="x"/>, every element (x is restored afterwards).
    /// </summary>
    public static double[] Numerical(Func<double[], double> loss, double[] x, double eps = Eps)
    {
        var g = new double[x.Length];
        for (int i = 0; i < x.Length; i++)
        {
            double keep = x[i];
            x[i] = keep + eps;
            double up = loss(x);
            x[i] = keep - eps;
            double down = loss(x);
            x[i] = keep;
            g[i] = (up - down) / (2 * eps);
        }

        return g;
    }

    /// <summary>
    /// |actual − expected| ≤ tol·(|expected| + mean |expected|) for every element: relative to the element,
    /// with the tensor's mean magnitude as a floor so elements that cancel to near zero are judged on the
    /// tensor's scale. A tensor that is all zeros must match to within tol.
    /// </summary>
    public static void AssertClose(double[] expected, ReadOnlySpan<float> actual, double tol, string context)
    {
        Assert.True(actual.Length == expected.Length, $"{context}: {actual.Length} values, expected {expected.Length}");
        double floor = Floor(expected);
        for (int i = 0; i < expected.Length; i++)
        {
            Compare(expected[i], actual[i], floor, tol, context, i, expected.Length);
        }
    }

    /// <summary>The same comparison between two double tensors (a reference backward against finite differences).</summary>
    public static void AssertClose(double[] expected, double[] actual, double tol, string context)
    {
        Assert.True(actual.Length == expected.Length, $"{context}: {actual.Length} values, expected {expected.Length}");
        double floor = Floor(expected);
        for (int i = 0; i < expected.Length; i++)
        {
            Compare(expected[i], actual[i], floor, tol, context, i, expected.Length);
        }
    }

    private static double Floor(double[] expected)
    {
        double floor = expected.Length == 0 ? 0 : expected.Average(Math.Abs);
        return floor == 0 ? 1 : floor;
    }

    private static void Compare(double expected, double actual, double floor, double tol, string context, int i, int count)
    {
        double err = Math.Abs(actual - expected);
        double allowed = tol * (Math.Abs(expected) + floor);
        if (!(err <= allowed))
        {
            Assert.Fail(string.Create(CultureInfo.InvariantCulture, $"{context}: element {i} of {count} is {actual:R}, expected {expected:R} (error {err:E2}, allowed {allowed:E2})"));
        }
    }

    /// <summary>start + times·gradient, the expected content of a pre-filled buffer after <paramref name="times"/> accumulating calls.</summary>
    public static double[] Accumulated(float[] start, double[] gradient, int times)
    {
        var r = new double[gradient.Length];
        for (int i = 0; i < r.Length; i++)
        {
            r[i] = start[i] + (times * gradient[i]);
        }

        return r;
    }
}
