using System;

namespace AttentionGen.Runtime.Tests;

public class PositionalEncodingBackwardTests
{
    [Theory]
    [InlineData(1, 1, 1, 1)]
    [InlineData(3, 5, 3, 8)]
    [InlineData(2, 17, 33, 20)]
    [InlineData(4, 33, 17, 33)]
    public void SumsTheBatchIntoEachPosition(int batch, int seqLen, int width, int maxLength)
    {
        var rng = new Random(batch + seqLen + width);
        float[] dy = Reference.Random(rng, batch * seqLen * width);
        float[] t0 = Reference.Random(rng, maxLength * width);
        var expected = new double[maxLength * width];
        for (int b = 0; b < batch; b++)
        {
            for (int i = 0; i < seqLen * width; i++)
            {
                expected[i] += dy[(b * seqLen * width) + i];
            }
        }

        float[] dTable = (float[])t0.Clone();
        for (int call = 1; call <= 2; call++)
        {
            PositionalEncoding.AddBackward(dy, dTable, batch, seqLen, width);

            // Positions from seqLen on keep exactly what they held.
            GradientCheck.AssertClose(GradientCheck.Accumulated(t0, expected, call), dTable, 1e-6, $"batch={batch} seqLen={seqLen} width={width} after {call} call(s)");
        }

        Assert.Equal(t0.AsSpan(seqLen * width).ToArray(), dTable.AsSpan(seqLen * width).ToArray());
    }

    [Fact]
    public void GradientMatchesFiniteDifferencesOfTheAddition()
    {
        const int batch = 3, seqLen = 4, width = 3;
        var rng = new Random(4);
        float[] x = Reference.Random(rng, batch * seqLen * width);
        double[] table = GradientCheck.ToDouble(Reference.Random(rng, seqLen * width));
        float[] r = Reference.Random(rng, batch * seqLen * width);
        double Loss(double[] t)
        {
            double s = 0;
            for (int i = 0; i < x.Length; i++)
            {
                s += (x[i] + t[i % (seqLen * width)]) * r[i];
            }

            return s;
        }

        var dTable = new float[seqLen * width];
        PositionalEncoding.AddBackward(r, dTable, batch, seqLen, width);
        GradientCheck.AssertClose(GradientCheck.Numerical(Loss, table), dTable, 1e-6, "dTable");
    }

    [Fact]
    public void BadArgumentsAreReportedAndSmallCallsAllocateNothing()
    {
        var ex = Assert.Throws<ArgumentException>(() => PositionalEncoding.AddBackward(new float[23], new float[12], 2, 4, 3));
        Assert.Equal("dy", ex.ParamName);
        Assert.Contains("batch × seqLen × width = 2 × 4 × 3", ex.Message);
        ex = Assert.Throws<ArgumentException>(() => PositionalEncoding.AddBackward(new float[24], new float[11], 2, 4, 3));
        Assert.Equal("dTable", ex.ParamName);

        var dy = new float[2 * 16 * 32];
        var dTable = new float[16 * 32];
        Assert.Equal(0, Reference.Allocated(() => PositionalEncoding.AddBackward(dy, dTable, 2, 16, 32)));
    }
}
