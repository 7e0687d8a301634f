using System;

namespace AttentionGen.Runtime.Tests;

public class RngTests
{
    [Fact]
    public void StreamMatchesXoshiro256StarStarSeededBySplitMix64()
    {
        // From an independent implementation of the published algorithms.
        var a = new Rng(0);
        Assert.Equal(0x99ec5f36cb75f2b4UL, a.NextUInt64());
        Assert.Equal(0xbf6e1f784956452aUL, a.NextUInt64());
        Assert.Equal(0x1a5f849d4933e6e0UL, a.NextUInt64());
        var b = new Rng(42);
        Assert.Equal(0x15780b2e0c2ec716UL, b.NextUInt64());
        Assert.Equal(0x6104d9866d113a7eUL, b.NextUInt64());
        Assert.Equal(0xae17533239e499a1UL, b.NextUInt64());
    }

    [Fact]
    public void UniformUsesTheTop24Bits()
    {
        var r = new Rng(42);
        Assert.Equal(0.08386296033859253f, r.NextUniform());
        Assert.Equal(0.37898021936416626f, r.NextUniform());
        Assert.Equal(0.6800433993339539f, r.NextUniform());
    }

    [Fact]
    public void NormalIsBoxMullerWithTheSecondValueCached()
    {
        var r = new Rng(7);
        double[] expected = [-0.15157274547711355, 0.8298970879692569, 0.5870995807125802, -0.07005746853436767];
        foreach (double e in expected)
        {
            Assert.Equal(e, r.NextNormal(), 1e-6);
        }
    }

    [Fact]
    public void SameSeedSameStreamDifferentSeedDifferentStream()
    {
        var a = new Rng(123);
        var b = new Rng(123);
        var c = new Rng(124);
        int same = 0;
        for (int i = 0; i < 1000; i++)
        {
            ulong x = a.NextUInt64();
            Assert.Equal(x, b.NextUInt64());
            if (x == c.NextUInt64())
            {
                same++;
            }
        }

        Assert.Equal(0, same);
        Assert.Equal(new Rng(5).NextNormal(), new Rng(5).NextNormal());
        Assert.NotEqual(new Rng(5).NextNormal(), new Rng(6).NextNormal());
    }

    [Fact]
    public void NormalHasMeanZeroAndStandardDeviationOne()
    {
        var r = new Rng(2024);
        const int n = 100_000;
        double sum = 0, sumSq = 0;
        int withinOneSigma = 0;
        for (int i = 0; i < n; i++)
        {
            double x = r.NextNormal();
            Assert.True(double.IsFinite(x));
            sum += x;
            sumSq += x * x;
            if (Math.Abs(x) < 1)
            {
                withinOneSigma++;
            }
        }

        double mean = sum / n;
        double std = Math.Sqrt((sumSq / n) - (mean * mean));
        Assert.InRange(mean, -0.02, 0.02);
        Assert.InRange(std, 0.98, 1.02);
        Assert.InRange(withinOneSigma / (double)n, 0.6827 - 0.01, 0.6827 + 0.01);
    }

    [Fact]
    public void UniformStaysInItsInterval()
    {
        var r = new Rng(9);
        double sum = 0;
        float min = 1, max = 0;
        for (int i = 0; i < 100_000; i++)
        {
            float u = r.NextUniform();
            Assert.InRange(u, 0f, 0.99999994f);
            sum += u;
            min = Math.Min(min, u);
            max = Math.Max(max, u);
            float v = r.NextUniform(-2f, 3f);
            Assert.True(v >= -2f && v < 3f, $"{v} outside [-2, 3)");
        }

        Assert.InRange(sum / 100_000, 0.49, 0.51);
        Assert.True(min < 0.001f && max > 0.999f);
        Assert.Equal(1.5f, r.NextUniform(1.5f, 1.5f));
        Assert.Throws<ArgumentOutOfRangeException>(() => r.NextUniform(2f, 1f));
        Assert.Throws<ArgumentOutOfRangeException>(() => r.NextUniform(0f, float.NaN));
    }

    [Fact]
    public void UniformNeverReturnsTheUpperBoundEvenWhenRoundingWouldReachIt()
    {
        // A width of one float ulp at 1e8 is 8; any u above one half rounds low + 8u up to high.
        var r = new Rng(3);
        float low = 1e8f, high = MathF.BitIncrement(1e8f);
        for (int i = 0; i < 1000; i++)
        {
            Assert.Equal(low, r.NextUniform(low, high));
        }
    }

    [Fact]
    public void SaveAndRestoreResumeTheSameStream()
    {
        var r = new Rng(77);
        for (int i = 0; i < 10; i++)
        {
            r.NextUInt64();
        }

        r.NextNormal(); // leaves the second Box-Muller value cached, which the state must carry
        var state = new ulong[Rng.StateLength];
        r.SaveState(state);
        Assert.Equal(1UL, state[4] >> 32);

        var expected = new float[20];
        for (int i = 0; i < expected.Length; i++)
        {
            expected[i] = i % 2 == 0 ? r.NextNormal() : r.NextUniform();
        }

        var other = new Rng(1);
        other.NextNormal();
        other.RestoreState(state);
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.Equal(expected[i], i % 2 == 0 ? other.NextNormal() : other.NextUniform());
        }
    }

    [Fact]
    public void StateWithoutCachedNormalHasAZeroLastWord()
    {
        var r = new Rng(1);
        var state = new ulong[Rng.StateLength];
        r.SaveState(state);
        Assert.Equal(0UL, state[4]);
        ulong next = r.NextUInt64();
        r.RestoreState(state);
        Assert.Equal(next, r.NextUInt64());
    }

    [Fact]
    public void RestoreRejectsMalformedStates()
    {
        var r = new Rng(1);
        var ex = Assert.Throws<ArgumentException>(() => r.RestoreState(new ulong[4]));
        Assert.Contains("4", ex.Message);
        Assert.Throws<ArgumentException>(() => r.RestoreState(new ulong[5]));
        Assert.Throws<ArgumentException>(() => r.RestoreState(new ulong[] { 1, 2, 3, 4, 3UL << 32 }));
        Assert.Throws<ArgumentException>(() => r.SaveState(new ulong[3]));
    }

    [Fact]
    public void PortableLogMatchesMathLog()
    {
        var rng = new Random(1);
        for (int i = 0; i < 100_000; i++)
        {
            double x = i < 60 ? Math.Pow(2, -i) : rng.NextDouble() * Math.Pow(2, -rng.Next(0, 53));
            if (x == 0)
            {
                continue;
            }

            double expected = Math.Log(x);
            Assert.True(Math.Abs(PortableMath.Log(x) - expected) <= 4e-16 * Math.Max(1, Math.Abs(expected)), $"log({x:R})");
        }

        Assert.Equal(0.0, PortableMath.Log(1.0));
    }

    [Fact]
    public void PortableSinCosMatchMath()
    {
        var rng = new Random(2);
        for (int i = 0; i < 100_000; i++)
        {
            double u = i < 9 ? i / 8.0 * 0.999999 : rng.NextDouble();
            PortableMath.SinCos2Pi(u, out double s, out double c);
            Assert.True(Math.Abs(s - Math.Sin(2 * Math.PI * u)) < 2e-15, $"sin(2π·{u:R})");
            Assert.True(Math.Abs(c - Math.Cos(2 * Math.PI * u)) < 2e-15, $"cos(2π·{u:R})");
        }
    }
}
