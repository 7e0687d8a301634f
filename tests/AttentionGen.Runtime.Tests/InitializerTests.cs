using System;
using System.Linq;

namespace AttentionGen.Runtime.Tests;

public class InitializerTests
{
    private static void AssertSpread(float[] w, double bound)
    {
        Assert.All(w, x => Assert.True(Math.Abs(x) <= bound, $"{x} outside ±{bound}"));
        Assert.True(w.Max() > 0.97 * bound && w.Min() < -0.97 * bound, "samples do not fill the interval");
        Assert.InRange(w.Average(x => (double)x), -0.02 * bound, 0.02 * bound);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(64)]
    [InlineData(1000)]
    public void LinearWeightAndBiasAreUniformWithinOneOverSqrtFanIn(int fanIn)
    {
        var rng = new Rng(11);
        var w = new float[20_000];
        Initializers.LinearWeight(w, fanIn, rng);
        AssertSpread(w, 1 / Math.Sqrt(fanIn));
        var b = new float[20_000];
        Initializers.LinearBias(b, fanIn, rng);
        AssertSpread(b, 1 / Math.Sqrt(fanIn));
    }

    [Fact]
    public void XavierUniformBoundIsSqrtSixOverFanSum()
    {
        var w = new float[3 * 64 * 64];
        Initializers.XavierUniform(w, 64, 3 * 64, new Rng(5));
        AssertSpread(w, Math.Sqrt(6.0 / (64 + (3 * 64))));
    }

    [Fact]
    public void NormalHasTheRequestedMoments()
    {
        var w = new float[100_000];
        Initializers.Normal(w, 0.5f, 0.02f, new Rng(8));
        double mean = w.Average(x => (double)x);
        double std = Math.Sqrt(w.Average(x => (x - mean) * (x - mean)));
        Assert.InRange(mean, 0.5 - 0.0005, 0.5 + 0.0005);
        Assert.InRange(std, 0.0196, 0.0204);
        Assert.Throws<ArgumentOutOfRangeException>(() => Initializers.Normal(w, 0f, -1f, new Rng(1)));
    }

    [Fact]
    public void UniformAndFill()
    {
        var w = new float[10_000];
        Initializers.Uniform(w, 2f, 4f, new Rng(3));
        Assert.All(w, x => Assert.InRange(x, 2f, 3.9999998f));
        Initializers.Fill(w, 0.25f);
        Assert.All(w, x => Assert.Equal(0.25f, x));
    }

    [Fact]
    public void SameSeedGivesTheSameWeights()
    {
        var a = new float[257];
        var b = new float[257];
        Initializers.LinearWeight(a, 16, new Rng(99));
        Initializers.LinearWeight(b, 16, new Rng(99));
        Assert.Equal(a, b);
        Initializers.LinearWeight(b, 16, new Rng(100));
        Assert.NotEqual(a, b);
    }

    [Fact]
    public void NonPositiveFansAreRejected()
    {
        var w = new float[4];
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => Initializers.LinearWeight(w, 0, new Rng(1)));
        Assert.Contains("fanIn", ex.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => Initializers.XavierUniform(w, 4, -1, new Rng(1)));
    }
}
