using System;
using System.Runtime.Intrinsics;

namespace AttentionGen.Runtime.Tests;

/// <summary>The vectorized exponential every softmax and GELU uses: its accuracy over the whole range and its special values.</summary>
public class VectorExpTests
{
    [Fact]
    public void FloatIsWithinOneUlpOverTheNormalRange()
    {
        double worst = 0;
        float worstAt = 0;
        for (double v = -87.3; v <= 88.7; v += 0.000731)
        {
            float x = (float)v;
            double expected = Math.Exp(x);
            float ulp = MathF.BitIncrement((float)expected) - (float)expected;
            double error512 = Math.Abs(VectorExp.Exp(Vector512.Create(x))[5] - expected) / ulp;
            double error256 = Math.Abs(VectorExp.Exp(Vector256.Create(x))[2] - expected) / ulp;
            double error = Math.Max(error512, error256);
            if (error > worst)
            {
                worst = error;
                worstAt = x;
            }
        }

        Assert.True(worst <= 1.5, $"worst error {worst:F2} ulp at x = {worstAt:R}");
    }

    [Fact]
    public void DoubleIsWithinAFewUlpOverTheNormalRange()
    {
        double worst = 0;
        double worstAt = 0;
        for (double x = -708; x <= 709.7; x += 0.000917)
        {
            double expected = Math.Exp(x);
            double error = Math.Max(
                Math.Abs(VectorExp.Exp(Vector512.Create(x))[3] - expected),
                Math.Abs(VectorExp.Exp(Vector256.Create(x))[1] - expected)) / expected;
            if (error > worst)
            {
                worst = error;
                worstAt = x;
            }
        }

        Assert.True(worst <= 1e-15, $"worst relative error {worst:E2} at x = {worstAt:R}");
    }

    [Theory]
    [InlineData(float.NegativeInfinity, 0f)]
    [InlineData(-1000f, 0f)]
    [InlineData(-87.5f, 0f)] // would be subnormal: flushed
    [InlineData(0f, 1f)]
    [InlineData(1f, 2.7182817f)]
    [InlineData(89f, float.PositiveInfinity)]
    [InlineData(float.PositiveInfinity, float.PositiveInfinity)]
    public void FloatSpecialValues(float x, float expected)
    {
        Assert.Equal(expected, VectorExp.Exp(Vector512.Create(x))[0]);
        Assert.Equal(expected, VectorExp.Exp(Vector256.Create(x))[7]);
        Assert.Equal(expected, (float)VectorExp.Exp(Vector512.Create((double)x))[0], 1e-6f * Math.Max(1f, expected));
    }

    [Fact]
    public void NaNStaysNaN()
    {
        Assert.True(float.IsNaN(VectorExp.Exp(Vector512.Create(float.NaN))[0]));
        Assert.True(float.IsNaN(VectorExp.Exp(Vector256.Create(float.NaN))[0]));
        Assert.True(double.IsNaN(VectorExp.Exp(Vector512.Create(double.NaN))[0]));
        Assert.True(double.IsNaN(VectorExp.Exp(Vector256.Create(double.NaN))[0]));
        Assert.Equal(0.0, VectorExp.Exp(Vector512.Create(double.NegativeInfinity))[0]);
        Assert.Equal(double.PositiveInfinity, VectorExp.Exp(Vector512.Create(710.0))[0]);
    }

    /// <summary>Each lane on its own: a vector mixing the cases gives each lane what it gives alone.</summary>
    [Fact]
    public void LanesAreIndependent()
    {
        var values = new float[16];
        for (int i = 0; i < 16; i++) values[i] = (i * 11.3f) - 90f;
        values[3] = float.NegativeInfinity;
        values[7] = float.NaN;
        var all = VectorExp.Exp(Vector512.Create(values));
        for (int i = 0; i < 16; i++)
        {
            float alone = VectorExp.Exp(Vector512.Create(values[i]))[0];
            Assert.Equal(alone, all[i]);
        }
    }
}
