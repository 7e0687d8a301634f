using System;
using System.Runtime.Intrinsics;

namespace AttentionGen.Runtime.Tests;

public class DropoutTests
{
    [Theory]
    [InlineData(0.1f)]
    [InlineData(0.5f)]
    [InlineData(0.9f)]
    public void KeepRateIsOneMinusP(float p)
    {
        const int draws = 1_000_000;
        foreach (ulong seed in new ulong[] { 0, 1, 0xDEADBEEF, ulong.MaxValue })
        {
            int kept = 0;
            for (int i = 0; i < draws; i++)
            {
                kept += Dropout.Keep(seed, i, p) ? 1 : 0;
            }

            double rate = (double)kept / draws;
            Assert.True(Math.Abs(rate - (1 - p)) <= 0.002, $"seed {seed}: kept {rate:F4}, expected {1 - p:F4}");
        }
    }

    [Fact]
    public void NeighboringIndicesAndSeedsAreIndependent()
    {
        // Pairs (i, i+1) and (seed, seed+1) should both be kept about (1-p)² of the time, as for independent draws.
        const float p = 0.5f;
        const int draws = 200_000;
        int bothIndices = 0, bothSeeds = 0;
        for (int i = 0; i < draws; i++)
        {
            bothIndices += Dropout.Keep(7, 2L * i, p) && Dropout.Keep(7, (2L * i) + 1, p) ? 1 : 0;
            bothSeeds += Dropout.Keep(100, i, p) && Dropout.Keep(101, i, p) ? 1 : 0;
        }

        Assert.InRange((double)bothIndices / draws, 0.245, 0.255);
        Assert.InRange((double)bothSeeds / draws, 0.245, 0.255);
    }

    [Fact]
    public void MaskIsDeterministicForASeedAndDiffersBetweenSeeds()
    {
        float[] a = Ones(1000), b = Ones(1000), c = Ones(1000);
        Dropout.Forward(a, 0.3f, 42);
        Dropout.Forward(b, 0.3f, 42);
        Dropout.Forward(c, 0.3f, 43);
        Assert.Equal(a, b);
        Assert.NotEqual(a, c);
        int differ = 0;
        for (int i = 0; i < a.Length; i++)
        {
            differ += (a[i] == 0) != (c[i] == 0) ? 1 : 0;
        }

        // Independent masks disagree on 2·0.3·0.7 = 42% of elements.
        Assert.InRange(differ, 340, 500);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(17)]
    [InlineData(33)]
    [InlineData(1000)]
    public void ForwardKeepsExactlyWhatKeepSaysAndScalesByOneOverOneMinusP(int n)
    {
        const float p = 0.25f;
        const ulong seed = 123456789;
        var rng = new Random(n);
        float[] x = Reference.Random(rng, n);
        float[] y = (float[])x.Clone();
        Dropout.Forward(y, p, seed);
        float scale = 1f / (1f - p);
        for (int i = 0; i < n; i++)
        {
            Assert.Equal(Dropout.Keep(seed, i, p) ? x[i] * scale : 0f, y[i]);
        }
    }

    [Fact]
    public void VectorMasksMatchKeepLaneForLane()
    {
        // Both vector widths are checked directly, whichever one this CPU's loops use.
        const float p = 0.4f, scale = 1f / (1f - p);
        foreach (ulong seed in new ulong[] { 0, 99, ulong.MaxValue - 3 })
        {
            foreach (long first in new long[] { 0, 5, 1L << 40, -17 })
            {
                Vector512<float> m512 = Dropout.Mask512(seed, first, p, scale);
                for (int lane = 0; lane < 16; lane++)
                {
                    Assert.Equal(Dropout.Keep(seed, first + lane, p) ? scale : 0f, m512.GetElement(lane));
                }

                Vector256<float> m256 = Dropout.Mask256(seed, first, p, scale);
                for (int lane = 0; lane < 8; lane++)
                {
                    Assert.Equal(Dropout.Keep(seed, first + lane, p) ? scale : 0f, m256.GetElement(lane));
                }
            }
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(17)]
    [InlineData(333)]
    public void BackwardIsTheAdjointAndAccumulates(int n)
    {
        const float p = 0.1f;
        const ulong seed = 2024;
        var rng = new Random(n + 1);
        float[] x = Reference.Random(rng, n);
        float[] r = Reference.Random(rng, n);
        float[] y = (float[])x.Clone();
        Dropout.Forward(y, p, seed);

        float[] dx0 = Reference.Random(rng, n);
        float[] dx = (float[])dx0.Clone();
        Dropout.Backward(r, dx, p, seed);

        // <forward(x), r> = <x, backward(r)>, with backward(r) = dx − dx0.
        var grad = new float[n];
        for (int i = 0; i < n; i++)
        {
            grad[i] = dx[i] - dx0[i];
            double expected = Dropout.Keep(seed, i, p) ? r[i] / (1.0 - p) : 0;
            Assert.True(Math.Abs(grad[i] - expected) <= 1e-6 * (1 + Math.Abs(expected)), $"element {i}: {grad[i]} vs {expected}");
        }

        Assert.Equal(GradientCheck.Dot(y, r), GradientCheck.Dot(x, grad), 1e-5);

        Dropout.Backward(r, dx, p, seed);
        for (int i = 0; i < n; i++)
        {
            Assert.Equal(dx0[i] + (2 * (double)grad[i]), dx[i], 1e-5);
        }
    }

    [Fact]
    public void ZeroProbabilityIsTheIdentity()
    {
        float[] x = [1f, -2f, 3f];
        Dropout.Forward(x, 0f, 5);
        Assert.Equal([1f, -2f, 3f], x);
        float[] dx = [1f, 1f, 1f];
        Dropout.Backward([1f, 2f, 3f], dx, 0f, 5);
        Assert.Equal([2f, 3f, 4f], dx);
    }

    [Fact]
    public void BadArgumentsAreReported()
    {
        foreach (float p in new[] { -0.1f, 1f, 1.5f, float.NaN })
        {
            var ex = Assert.Throws<ArgumentOutOfRangeException>(() => Dropout.Forward(new float[3], p, 0));
            Assert.Equal("p", ex.ParamName);
            Assert.Contains("[0, 1)", ex.Message);
            Assert.Throws<ArgumentOutOfRangeException>(() => Dropout.Backward(new float[3], new float[3], p, 0));
        }

        var ex2 = Assert.Throws<ArgumentException>(() => Dropout.Backward(new float[3], new float[4], 0.5f, 0));
        Assert.Equal("dx", ex2.ParamName);
        var buffer = new float[6];
        ex2 = Assert.Throws<ArgumentException>(() => Dropout.Backward(buffer.AsSpan(0, 4), buffer.AsSpan(2, 4), 0.5f, 0));
        Assert.Equal("dx", ex2.ParamName);
    }

    [Fact]
    public void CallsAllocateNothing()
    {
        var x = new float[1000];
        var dx = new float[1000];
        Assert.Equal(0, Reference.Allocated(() => Dropout.Forward(x, 0.2f, 9)));
        Assert.Equal(0, Reference.Allocated(() => Dropout.Backward(x, dx, 0.2f, 9)));
    }

    private static float[] Ones(int n)
    {
        var a = new float[n];
        a.AsSpan().Fill(1f);
        return a;
    }
}
