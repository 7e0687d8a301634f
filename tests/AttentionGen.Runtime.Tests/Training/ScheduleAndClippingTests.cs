using System;
using System.Linq;
using AttentionGen.Training;

namespace AttentionGen.Runtime.Tests.Training;

public class ScheduleAndClippingTests
{
    [Fact]
    public void WarmupCosineValuesAtTheBoundaries()
    {
        // peak 1e−3, warm-up 10, total 110, floor 1e−5.
        var s = LearningRateSchedule.WarmupCosine(1e-3f, 10, 110, 1e-5f);
        Assert.Equal(1e-4f, s.At(0));          // 1e−3·1/10: the first step already moves.
        Assert.Equal(5e-4f, s.At(4));          // 1e−3·5/10.
        Assert.Equal(1e-3f, s.At(9));          // The last warm-up step reaches the peak.
        Assert.Equal(1e-3f, s.At(10));         // The cosine starts at the peak.
        Assert.Equal(5.05e-4f, s.At(60), 1e-10f); // Half way: 1e−5 + (1e−3 − 1e−5)/2.
        double last = 1e-5 + ((1e-3 - 1e-5) * 0.5 * (1 + Math.Cos(Math.PI * 99 / 100)));
        Assert.Equal((float)last, s.At(109));
        Assert.Equal(1e-5f, s.At(110));
        Assert.Equal(1e-5f, s.At(1_000_000));

        float[] curve = Enumerable.Range(0, 120).Select(i => s.At(i)).ToArray();
        for (int i = 1; i < 10; i++)
        {
            Assert.True(curve[i] > curve[i - 1]);
        }

        for (int i = 11; i <= 110; i++)
        {
            Assert.True(curve[i] < curve[i - 1], $"step {i}");
        }
    }

    [Fact]
    public void WarmupCosineEdgeCases()
    {
        var noWarmup = LearningRateSchedule.WarmupCosine(0.1f, 0, 4);
        Assert.Equal([0.1f, 0.085355339f, 0.05f, 0.014644661f, 0f], Enumerable.Range(0, 5).Select(i => noWarmup.At(i)));
        var onlyWarmup = LearningRateSchedule.WarmupCosine(0.1f, 2, 2, 0.01f);
        Assert.Equal([0.05f, 0.1f, 0.01f], Enumerable.Range(0, 3).Select(i => onlyWarmup.At(i)));
        Assert.Equal(0.25f, LearningRateSchedule.Constant(0.25f).At(12345));
    }

    [Fact]
    public void SchedulesValidateTheirArguments()
    {
        Assert.Contains("warmupSteps is 11; it must be in [0, totalSteps] = [0, 10]",
            Assert.Throws<ArgumentOutOfRangeException>(() => LearningRateSchedule.WarmupCosine(1, 11, 10)).Message);
        Assert.Contains("totalSteps is 0",
            Assert.Throws<ArgumentOutOfRangeException>(() => LearningRateSchedule.WarmupCosine(1, 0, 0)).Message);
        Assert.Contains("minimum is 2; it must not exceed peak (1)",
            Assert.Throws<ArgumentOutOfRangeException>(() => LearningRateSchedule.WarmupCosine(1, 0, 10, 2)).Message);
        Assert.Contains("peak is -1",
            Assert.Throws<ArgumentOutOfRangeException>(() => LearningRateSchedule.WarmupCosine(-1, 0, 10)).Message);
        Assert.Contains("lr is NaN", Assert.Throws<ArgumentOutOfRangeException>(() => LearningRateSchedule.Constant(float.NaN)).Message);
        Assert.Contains("step is -1", Assert.Throws<ArgumentOutOfRangeException>(() => LearningRateSchedule.Constant(1).At(-1)).Message);
    }

    [Fact]
    public void ScheduleDrivesAnOptimizer()
    {
        var s = LearningRateSchedule.WarmupCosine(0.1f, 2, 10);
        var opt = new Sgd(1f);
        float[] p = [0f];
        for (int i = 0; i < 3; i++)
        {
            opt.LearningRate = s.At(opt.StepCount);
            opt.Step(p, [1f]);
        }

        // 0.05 + 0.1 + 0.1 (the cosine's first value is the peak).
        Assert.Equal(-0.25f, p[0], 1e-7f);
    }

    [Fact]
    public void ClipGlobalNormScalesDownToMaxNorm()
    {
        // By hand: ‖[3, 4]‖ = 5; coef = 1/(5 + 1e−6), so [0.6, 0.8] up to 1e−7.
        float[] g = [3, 4];
        Assert.Equal(5.0, GradientClipping.ClipGlobalNorm(g, 1f));
        Assert.Equal(0.6f, g[0], 1e-6f);
        Assert.Equal(0.8f, g[1], 1e-6f);

        var rng = new Random(5);
        float[] big = Reference.Random(rng, 1001, 10f);
        double expected = Math.Sqrt(big.Sum(v => (double)v * v));
        double[] scaled = big.Select(v => v * (2.0 / (expected + 1e-6))).ToArray();
        double norm = GradientClipping.ClipGlobalNorm(big, 2f);
        Assert.Equal(expected, norm, 1e-9 * expected);
        Reference.AssertClose(scaled, big, 1e-6, "clipped");
        double after = Math.Sqrt(big.Sum(v => (double)v * v));
        Assert.True(after <= 2.0 + 1e-6 && after > 2.0 - 1e-5, $"norm after clipping is {after}");
    }

    [Fact]
    public void ClipGlobalNormLeavesSmallGradientsUntouched()
    {
        float[] g = [0.3f, -0.4f, 0.1f];
        float[] copy = (float[])g.Clone();
        double norm = GradientClipping.ClipGlobalNorm(g, 1f);
        Assert.Equal(Math.Sqrt((0.3f * (double)0.3f) + (0.4f * (double)0.4f) + (0.1f * (double)0.1f)), norm, 1e-15);
        Assert.Equal(copy, g);

        // Exactly at the limit: coef = 1/(1 + 1e−6) < 1 scales by a hair, as PyTorch does.
        float[] unit = [0.6f, 0.8f];
        GradientClipping.ClipGlobalNorm(unit, 1f);
        Assert.True(unit[0] <= 0.6f && unit[1] <= 0.8f);
    }

    [Fact]
    public void ClipGlobalNormRejectsNonFiniteGradientsAndBadLimits()
    {
        float[] g = new float[20];
        g[3] = 1;
        g[17] = float.NaN;
        var e = Assert.Throws<ArithmeticException>(() => GradientClipping.ClipGlobalNorm(g, 1f));
        Assert.Contains("gradients[17] is NaN", e.Message);
        Assert.Equal(1f, g[3]);
        g[17] = float.NegativeInfinity;
        e = Assert.Throws<ArithmeticException>(() => GradientClipping.ClipGlobalNorm(g, 1f));
        Assert.Contains("gradients[17] is -Infinity", e.Message);
        Assert.Contains("maxNorm is 0", Assert.Throws<ArgumentOutOfRangeException>(() => GradientClipping.ClipGlobalNorm(g, 0f)).Message);
        Assert.Contains("maxNorm is NaN", Assert.Throws<ArgumentOutOfRangeException>(() => GradientClipping.ClipGlobalNorm(g, float.NaN)).Message);
        Assert.Equal(0.0, GradientClipping.ClipGlobalNorm([], 1f));
    }
}
