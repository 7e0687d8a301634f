using System;

namespace AttentionGen.Runtime.Tests;

public class LinearTests
{
    public static TheoryData<int, int, int> Shapes => new()
    {
        { 1, 1, 1 },
        { 1, 3, 5 },
        { 3, 17, 7 },
        { 4, 64, 64 },
        { 5, 100, 33 },
        { 9, 16, 2 },
        { 8, 8, 4 },
        { 13, 40, 9 },
        { 2, 0, 3 },
        { 67, 130, 129 },   // above the threading threshold: split by rows
        { 3, 512, 700 },    // above the threshold with few rows: split by outputs
        { 6, 300, 600 },    // several output tiles
    };

    [Theory]
    [MemberData(nameof(Shapes))]
    public void MatchesDoubleReference(int rows, int inFeatures, int outFeatures)
    {
        var rng = new Random((rows * 1000) + inFeatures);
        float[] x = Reference.Random(rng, rows * inFeatures);
        float[] w = Reference.Random(rng, outFeatures * inFeatures);
        float[] b = Reference.Random(rng, outFeatures);
        foreach (bool withBias in new[] { true, false })
        {
            var expected = new double[rows * outFeatures];
            var magnitude = new double[rows * outFeatures];
            for (int r = 0; r < rows; r++)
            {
                for (int o = 0; o < outFeatures; o++)
                {
                    double s = withBias ? b[o] : 0, m = withBias ? Math.Abs(b[o]) : 0;
                    for (int i = 0; i < inFeatures; i++)
                    {
                        double p = (double)x[(r * inFeatures) + i] * w[(o * inFeatures) + i];
                        s += p;
                        m += Math.Abs(p);
                    }

                    expected[(r * outFeatures) + o] = s;
                    magnitude[(r * outFeatures) + o] = m;
                }
            }

            var y = new float[rows * outFeatures];
            y.AsSpan().Fill(float.NaN);
            Linear.Forward(x, w, withBias ? b : ReadOnlySpan<float>.Empty, y, rows, inFeatures, outFeatures);
            Reference.AssertClose(expected, y, 1e-6, $"{rows}x{inFeatures}->{outFeatures} bias={withBias}", magnitude);
        }
    }

    [Fact]
    public void TooShortSpansAreReportedWithTheirSizes()
    {
        var x = new float[10];
        var w = new float[12];
        var y = new float[6];
        var ex = Assert.Throws<ArgumentException>(() => Linear.Forward(x, w, default, y, 3, 4, 2));
        Assert.Equal("x", ex.ParamName);
        Assert.Contains("10", ex.Message);
        Assert.Contains("12", ex.Message);
        Assert.Contains("rows × inFeatures = 3 × 4", ex.Message);

        ex = Assert.Throws<ArgumentException>(() => Linear.Forward(new float[12], w, new float[1], y, 3, 4, 2));
        Assert.Equal("bias", ex.ParamName);
        ex = Assert.Throws<ArgumentException>(() => Linear.Forward(new float[12], new float[7], default, y, 3, 4, 2));
        Assert.Equal("weight", ex.ParamName);
        ex = Assert.Throws<ArgumentException>(() => Linear.Forward(new float[12], w, default, new float[5], 3, 4, 2));
        Assert.Equal("y", ex.ParamName);
        Assert.Throws<ArgumentOutOfRangeException>(() => Linear.Forward(x, w, default, y, -1, 4, 2));
    }

    [Fact]
    public void OverlappingOutputIsRejected()
    {
        var buffer = new float[32];
        var ex = Assert.Throws<ArgumentException>(() => Linear.Forward(buffer.AsSpan(0, 8), new float[16], default, buffer.AsSpan(4, 8), 2, 4, 4));
        Assert.Equal("y", ex.ParamName);
    }

    [Fact]
    public void SmallProductsAllocateNothing()
    {
        var x = new float[8 * 64];
        var w = new float[48 * 64];
        var b = new float[48];
        var y = new float[8 * 48];
        Assert.Equal(0, Reference.Allocated(() => Linear.Forward(x, w, b, y, 8, 64, 48)));
    }
}
