using System;

namespace AttentionGen.Runtime.Tests;

public class PoolingTests
{
    private const int Batch = 3, SeqLen = 5;

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(17)]
    [InlineData(64)]
    public void MeanFirstLastWithAndWithoutLengths(int width)
    {
        float[] x = Reference.Random(new Random(width), Batch * SeqLen * width);
        foreach (int[] lengths in new[] { Array.Empty<int>(), new[] { 5, 2, 0 }, new[] { 1, 3, 4 } })
        {
            var mean = new double[Batch * width];
            var first = new double[Batch * width];
            var last = new double[Batch * width];
            for (int b = 0; b < Batch; b++)
            {
                int n = lengths.Length == 0 ? SeqLen : lengths[b];
                for (int c = 0; c < width; c++)
                {
                    double s = 0;
                    for (int t = 0; t < n; t++)
                    {
                        s += x[(((b * SeqLen) + t) * width) + c];
                    }

                    mean[(b * width) + c] = n == 0 ? 0 : s / n;
                    first[(b * width) + c] = n == 0 ? 0 : x[(b * SeqLen * width) + c];
                    last[(b * width) + c] = n == 0 ? 0 : x[(((b * SeqLen) + n - 1) * width) + c];
                }
            }

            var y = new float[Batch * width];
            y.AsSpan().Fill(float.NaN);
            Pooling.Mean(x, y, Batch, SeqLen, width, lengths);
            Reference.AssertClose(mean, y, 1e-6, $"mean w={width} lengths=[{string.Join(",", lengths)}]");
            y.AsSpan().Fill(float.NaN);
            Pooling.First(x, y, Batch, SeqLen, width, lengths);
            Reference.AssertClose(first, y, 0, "first");
            y.AsSpan().Fill(float.NaN);
            Pooling.Last(x, y, Batch, SeqLen, width, lengths);
            Reference.AssertClose(last, y, 0, "last");
        }
    }

    [Fact]
    public void BadLengthsAreRejected()
    {
        var x = new float[Batch * SeqLen * 2];
        var y = new float[Batch * 2];
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => Pooling.Mean(x, y, Batch, SeqLen, 2, new[] { 1, 6, 2 }));
        Assert.Contains("lengths[1] is 6", ex.Message);
        Assert.Contains("[0, 5]", ex.Message);
        var ex2 = Assert.Throws<ArgumentException>(() => Pooling.Last(x, y, Batch, SeqLen, 2, new[] { 1, 2 }));
        Assert.Contains("2 entries", ex2.Message);
    }
}
