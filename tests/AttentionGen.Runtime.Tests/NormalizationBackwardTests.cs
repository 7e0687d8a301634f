using System;

namespace AttentionGen.Runtime.Tests;

public class NormalizationBackwardTests
{
    private const double Eps = 1e-5;

    /// <summary>LayerNorm in double, biased variance; gamma/beta null for no affine.</summary>
    private static double[] ReferenceForward(double[] x, double[]? gamma, double[]? beta, int rows, int width)
    {
        var y = new double[rows * width];
        for (int r = 0; r < rows; r++)
        {
            (double mean, double rstd) = Statistics(x, r, width);
            for (int c = 0; c < width; c++)
            {
                double xh = (x[(r * width) + c] - mean) * rstd;
                y[(r * width) + c] = (xh * (gamma?[c] ?? 1)) + (beta?[c] ?? 0);
            }
        }

        return y;
    }

    private static (double Mean, double Rstd) Statistics(double[] x, int r, int width)
    {
        double mean = 0;
        for (int c = 0; c < width; c++)
        {
            mean += x[(r * width) + c];
        }

        mean /= width;
        double variance = 0;
        for (int c = 0; c < width; c++)
        {
            double d = x[(r * width) + c] - mean;
            variance += d * d;
        }

        return (mean, 1 / Math.Sqrt((variance / width) + Eps));
    }

    /// <summary>The textbook LayerNorm backward in double.</summary>
    private static (double[] Dx, double[] DGamma, double[] DBeta) ReferenceBackward(double[] x, double[]? gamma, double[] dy, int rows, int width)
    {
        var dx = new double[rows * width];
        var dGamma = new double[width];
        var dBeta = new double[width];
        var xh = new double[width];
        var g = new double[width];
        for (int r = 0; r < rows; r++)
        {
            (double mean, double rstd) = Statistics(x, r, width);
            double meanG = 0, meanGx = 0;
            for (int c = 0; c < width; c++)
            {
                double d = dy[(r * width) + c];
                xh[c] = (x[(r * width) + c] - mean) * rstd;
                g[c] = d * (gamma?[c] ?? 1);
                dGamma[c] += d * xh[c];
                dBeta[c] += d;
                meanG += g[c] / width;
                meanGx += g[c] * xh[c] / width;
            }

            for (int c = 0; c < width; c++)
            {
                dx[(r * width) + c] = rstd * (g[c] - meanG - (xh[c] * meanGx));
            }
        }

        return (dx, dGamma, dBeta);
    }

    [Theory]
    [InlineData(1, 1, true)]
    [InlineData(2, 3, true)]
    [InlineData(3, 17, false)]
    [InlineData(2, 33, true)]
    [InlineData(4, 64, false)]
    [InlineData(5, 100, true)]
    [InlineData(2, 1000, true)]
    [InlineData(700, 65, true)] // several chunks on the worker pool (RowParallel), parameter gradients summed per chunk
    [InlineData(2048, 33, false)]
    public void AccumulatesTheDoubleReference(int rows, int width, bool affine)
    {
        var rng = new Random((rows * 1000) + width);
        float[] x = Reference.Random(rng, rows * width, 3f);
        float[] gamma = affine ? Reference.Random(rng, width, 2f) : [];
        float[] dy = Reference.Random(rng, rows * width);
        (double[] edx, double[] edg, double[] edb) = ReferenceBackward(
            GradientCheck.ToDouble(x), affine ? GradientCheck.ToDouble(gamma) : null, GradientCheck.ToDouble(dy), rows, width);

        float[] dx0 = Reference.Random(rng, rows * width);
        float[] dg0 = Reference.Random(rng, width);
        float[] db0 = Reference.Random(rng, width);
        float[] dx = (float[])dx0.Clone(), dg = (float[])dg0.Clone(), db = (float[])db0.Clone();
        string shape = $"{rows}x{width} affine={affine}";
        for (int call = 1; call <= 2; call++)
        {
            Normalization.LayerNormBackward(x, gamma, dy, dx, dg, db, rows, width, (float)Eps);
            GradientCheck.AssertClose(GradientCheck.Accumulated(dx0, edx, call), dx, 1e-4, $"dx after {call} call(s), {shape}");
            GradientCheck.AssertClose(GradientCheck.Accumulated(dg0, edg, call), dg, 1e-5, $"dGamma after {call} call(s), {shape}");
            GradientCheck.AssertClose(GradientCheck.Accumulated(db0, edb, call), db, 1e-5, $"dBeta after {call} call(s), {shape}");
        }

        // Parameter gradients not wanted: dx alone, the same values.
        var dxOnly = new float[rows * width];
        Normalization.LayerNormBackward(x, gamma, dy, dxOnly, default, default, rows, width, (float)Eps);
        GradientCheck.AssertClose(edx, dxOnly, 1e-4, $"dx alone, {shape}");
    }

    [Fact]
    public void LargeMeanNextToASmallSpreadStaysAccurate()
    {
        // The recomputed statistics must be the forward's corrected two-pass ones, or x̂ loses its digits here.
        const int rows = 3, width = 37;
        var rng = new Random(5);
        float[] x = Reference.Random(rng, rows * width, 0.5f);
        for (int i = 0; i < x.Length; i++)
        {
            x[i] += 1000f;
        }

        float[] gamma = Reference.Random(rng, width);
        float[] dy = Reference.Random(rng, rows * width);
        (double[] edx, double[] edg, _) = ReferenceBackward(GradientCheck.ToDouble(x), GradientCheck.ToDouble(gamma), GradientCheck.ToDouble(dy), rows, width);
        var dx = new float[rows * width];
        var dg = new float[width];
        Normalization.LayerNormBackward(x, gamma, dy, dx, dg, default, rows, width, (float)Eps);
        GradientCheck.AssertClose(edx, dx, 1e-4, "dx");
        GradientCheck.AssertClose(edg, dg, 1e-4, "dGamma");
    }

    [Theory]
    [InlineData(1, 1, true)]
    [InlineData(2, 3, true)]
    [InlineData(3, 5, false)]
    [InlineData(2, 17, true)]
    public void ReferenceMatchesFiniteDifferences(int rows, int width, bool affine)
    {
        var rng = new Random(width + (rows * 100));
        double[] x = GradientCheck.ToDouble(Reference.Random(rng, rows * width, 2f));
        double[]? gamma = affine ? GradientCheck.ToDouble(Reference.Random(rng, width, 2f)) : null;
        double[]? beta = affine ? GradientCheck.ToDouble(Reference.Random(rng, width)) : null;
        double[] r = GradientCheck.ToDouble(Reference.Random(rng, rows * width));
        (double[] dx, double[] dg, double[] db) = ReferenceBackward(x, gamma, r, rows, width);

        GradientCheck.AssertClose(GradientCheck.Numerical(v => GradientCheck.Dot(ReferenceForward(v, gamma, beta, rows, width), r), x), dx, 1e-6, "dx");
        if (affine)
        {
            GradientCheck.AssertClose(GradientCheck.Numerical(v => GradientCheck.Dot(ReferenceForward(x, v, beta, rows, width), r), gamma!), dg, 1e-6, "dGamma");
            GradientCheck.AssertClose(GradientCheck.Numerical(v => GradientCheck.Dot(ReferenceForward(x, gamma, v, rows, width), r), beta!), db, 1e-6, "dBeta");
        }
    }

    [Fact]
    public void SmallCallsAllocateNothing()
    {
        var x = new float[4 * 64];
        var gamma = new float[64];
        var dy = new float[4 * 64];
        var dx = new float[4 * 64];
        var dg = new float[64];
        var db = new float[64];
        Assert.Equal(0, Reference.Allocated(() => Normalization.LayerNormBackward(x, gamma, dy, dx, dg, db, 4, 64, 1e-5f)));
    }

    [Fact]
    public void BadArgumentsAreReported()
    {
        var x = new float[6];
        var ex = Assert.Throws<ArgumentException>(() => Normalization.LayerNormBackward(x, default, new float[6], new float[5], default, default, 2, 3, 1e-5f));
        Assert.Equal("dx", ex.ParamName);
        Assert.Contains("rows × width = 2 × 3", ex.Message);
        ex = Assert.Throws<ArgumentException>(() => Normalization.LayerNormBackward(x, default, new float[6], new float[6], new float[2], default, 2, 3, 1e-5f));
        Assert.Equal("dGamma", ex.ParamName);
        ex = Assert.Throws<ArgumentException>(() => Normalization.LayerNormBackward(x, default, x, x, default, default, 2, 3, 1e-5f));
        Assert.Equal("dx", ex.ParamName);
        Assert.Throws<ArgumentOutOfRangeException>(() => Normalization.LayerNormBackward(x, default, new float[6], new float[6], default, default, 2, 3, float.NaN));
    }
}
