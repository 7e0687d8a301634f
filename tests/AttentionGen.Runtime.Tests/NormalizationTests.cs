using System;

namespace AttentionGen.Runtime.Tests;

public class NormalizationTests
{
    private static double[] ReferenceLayerNorm(float[] x, float[]? gamma, float[]? beta, int rows, int width, double eps)
    {
        var y = new double[rows * width];
        for (int r = 0; r < rows; r++)
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

            variance /= width;
            for (int c = 0; c < width; c++)
            {
                double v = (x[(r * width) + c] - mean) / Math.Sqrt(variance + eps);
                y[(r * width) + c] = (v * (gamma?[c] ?? 1)) + (beta?[c] ?? 0);
            }
        }

        return y;
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 3)]
    [InlineData(5, 17)]
    [InlineData(4, 64)]
    [InlineData(3, 100)]
    [InlineData(2, 1000)]
    [InlineData(700, 65)] // several chunks on the worker pool
    public void MatchesDoubleReference(int rows, int width)
    {
        var rng = new Random(width);
        float[] x = Reference.Random(rng, rows * width, 3f);
        float[] gamma = Reference.Random(rng, width);
        float[] beta = Reference.Random(rng, width);
        var y = new float[rows * width];
        Normalization.LayerNorm(x, gamma, beta, y, rows, width, 1e-5f);
        Reference.AssertClose(ReferenceLayerNorm(x, gamma, beta, rows, width, 1e-5), y, 2e-6, $"{rows}x{width}");

        Normalization.LayerNorm(x, default, default, y, rows, width, 1e-5f);
        Reference.AssertClose(ReferenceLayerNorm(x, null, null, rows, width, 1e-5), y, 2e-6, $"{rows}x{width} no affine");
    }

    [Fact]
    public void InPlaceGivesTheSameResult()
    {
        var rng = new Random(4);
        float[] x = Reference.Random(rng, 6 * 37);
        float[] gamma = Reference.Random(rng, 37);
        float[] beta = Reference.Random(rng, 37);
        var y = new float[x.Length];
        Normalization.LayerNorm(x, gamma, beta, y, 6, 37, 1e-5f);
        Normalization.LayerNorm(x, gamma, beta, x, 6, 37, 1e-5f);
        Assert.Equal(y, x);
    }

    [Fact]
    public void LargeOffsetKeepsPrecision()
    {
        // A one-pass E[x²] − E[x]² in float would lose every digit here.
        var rng = new Random(5);
        float[] x = Reference.Random(rng, 2 * 64, 0.01f);
        for (int i = 0; i < x.Length; i++)
        {
            x[i] += 1000f;
        }

        var y = new float[x.Length];
        Normalization.LayerNorm(x, default, default, y, 2, 64, 1e-5f);
        Reference.AssertClose(ReferenceLayerNorm(x, null, null, 2, 64, 1e-5), y, 1e-4, "offset 1000");
    }

    [Fact]
    public void ConstantRowGivesBeta()
    {
        float[] x = [2f, 2f, 2f, 2f, 2f];
        float[] beta = [1f, 2f, 3f, 4f, 5f];
        var y = new float[5];
        Normalization.LayerNorm(x, new float[] { 9, 9, 9, 9, 9 }, beta, y, 1, 5, 1e-5f);
        Assert.Equal(beta, y);
    }

    [Fact]
    public void BadArgumentsAreRejected()
    {
        var x = new float[12];
        var ex = Assert.Throws<ArgumentException>(() => Normalization.LayerNorm(x, new float[3], default, new float[12], 3, 4, 1e-5f));
        Assert.Equal("gamma", ex.ParamName);
        ex = Assert.Throws<ArgumentException>(() => Normalization.LayerNorm(x, default, default, x.AsSpan(1, 11), 2, 4, 1e-5f));
        Assert.Equal("y", ex.ParamName);
        Assert.Throws<ArgumentOutOfRangeException>(() => Normalization.LayerNorm(x, default, default, x, 3, 4, -1f));
    }
}
