using System;

namespace AttentionGen.Runtime.Tests;

public class PositionalEncodingTests
{
    [Theory]
    [InlineData(4)]
    [InlineData(16)]
    [InlineData(64)]
    public void SpotValues(int width)
    {
        float[] pe = PositionalEncoding.Sinusoidal(10, width);
        Assert.Equal(10 * width, pe.Length);
        Assert.Equal(0f, pe[0]);
        Assert.Equal(1f, pe[1]);
        Assert.Equal(Math.Sin(1), pe[width], 1e-6);
        Assert.Equal(Math.Cos(1), pe[width + 1], 1e-6);
        Assert.Equal(Math.Sin(3 * Math.Pow(10000, -2.0 / width)), pe[(3 * width) + 2], 1e-6);
        Assert.Equal(Math.Cos(3 * Math.Pow(10000, -2.0 / width)), pe[(3 * width) + 3], 1e-6);
    }

    [Fact]
    public void EveryEntryFollowsTheFormula()
    {
        const int width = 17, maxLength = 200;
        float[] pe = PositionalEncoding.Sinusoidal(maxLength, width);
        for (int p = 0; p < maxLength; p++)
        {
            for (int c = 0; c < width; c++)
            {
                double angle = p * Math.Exp(-Math.Log(10000.0) * (c & ~1) / width);
                double expected = c % 2 == 0 ? Math.Sin(angle) : Math.Cos(angle);

                // The angle is rounded to float as PyTorch does; at p < 200 that moves it by at most ~1e-5.
                Assert.True(Math.Abs(pe[(p * width) + c] - expected) < 2e-5, $"pe[{p}, {c}] = {pe[(p * width) + c]}, formula {expected}");
            }
        }

        // Odd width: the last column is a sine.
        Assert.Equal(Math.Sin(5 * Math.Exp(-Math.Log(10000.0) * 16 / 17)), pe[(5 * width) + 16], 1e-5);
    }

    [Fact]
    public void AnglesAreRoundedToFloatLikePyTorch()
    {
        // At position 4999 the float32 angle differs from the exact one by up to half an ulp of ~5000 (2.4e-4).
        float[] pe = PositionalEncoding.Sinusoidal(5000, 8);
        float omega = (float)Math.Exp(2f * (float)(-Math.Log(10000.0) / 8));
        float angle = 4999f * omega;
        Assert.Equal((float)Math.Sin(angle), pe[(4999 * 8) + 2]);
        Assert.Equal((float)Math.Cos(angle), pe[(4999 * 8) + 3]);
    }

    [Fact]
    public void AddBroadcastsOverTheBatch()
    {
        const int batch = 3, seqLen = 5, width = 6;
        float[] table = PositionalEncoding.Sinusoidal(8, width);
        float[] x = Reference.Random(new Random(1), batch * seqLen * width);
        float[] original = (float[])x.Clone();
        PositionalEncoding.Add(x, table, batch, seqLen, width);
        for (int b = 0; b < batch; b++)
        {
            for (int t = 0; t < seqLen; t++)
            {
                for (int c = 0; c < width; c++)
                {
                    int i = (((b * seqLen) + t) * width) + c;
                    Assert.Equal(original[i] + table[(t * width) + c], x[i]);
                }
            }
        }

        var ex = Assert.Throws<ArgumentException>(() => PositionalEncoding.Add(x, table.AsSpan(0, 4 * width), batch, seqLen, width));
        Assert.Equal("table", ex.ParamName);
    }
}
