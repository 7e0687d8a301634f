using System;

namespace AttentionGen.Runtime.Tests;

public class PoolingBackwardTests
{
    public enum Kind
    {
        Mean,
        First,
        Last,
    }

    /// <summary>The pooled value of one batch row in double; a length-0 row pools to zeros.</summary>
    private static double[] ReferenceForward(Kind kind, double[] x, int batch, int seqLen, int width, int[] lengths)
    {
        var y = new double[batch * width];
        for (int b = 0; b < batch; b++)
        {
            int n = lengths.Length == 0 ? seqLen : lengths[b];
            for (int c = 0; c < width; c++)
            {
                double v = 0;
                if (n > 0)
                {
                    switch (kind)
                    {
                        case Kind.Mean:
                            for (int t = 0; t < n; t++)
                            {
                                v += x[(((b * seqLen) + t) * width) + c];
                            }

                            v /= n;
                            break;
                        case Kind.First:
                            v = x[(b * seqLen * width) + c];
                            break;
                        default:
                            v = x[(((b * seqLen) + n - 1) * width) + c];
                            break;
                    }
                }

                y[(b * width) + c] = v;
            }
        }

        return y;
    }

    private static void Backward(Kind kind, float[] dy, float[] dx, int batch, int seqLen, int width, int[] lengths)
    {
        switch (kind)
        {
            case Kind.Mean:
                Pooling.MeanBackward(dy, dx, batch, seqLen, width, lengths);
                break;
            case Kind.First:
                Pooling.FirstBackward(dy, dx, batch, seqLen, width, lengths);
                break;
            default:
                Pooling.LastBackward(dy, dx, batch, seqLen, width, lengths);
                break;
        }
    }

    public static TheoryData<Kind, int, int, int, int[]> Cases()
    {
        var data = new TheoryData<Kind, int, int, int, int[]>();
        foreach (Kind kind in Enum.GetValues<Kind>())
        {
            data.Add(kind, 1, 1, 1, []);
            data.Add(kind, 2, 3, 17, []);
            data.Add(kind, 3, 5, 33, [5, 0, 2]);
            data.Add(kind, 4, 7, 3, [1, 7, 0, 4]);
        }

        return data;
    }

    /// <summary>The kernel against finite differences of the double forward, accumulating into pre-filled buffers twice.</summary>
    [Theory]
    [MemberData(nameof(Cases))]
    public void GradientMatchesFiniteDifferencesAndAccumulates(Kind kind, int batch, int seqLen, int width, int[] lengths)
    {
        var rng = new Random(batch + seqLen + width + (int)kind);
        double[] x = GradientCheck.ToDouble(Reference.Random(rng, batch * seqLen * width));
        float[] r = Reference.Random(rng, batch * width);
        double[] rd = GradientCheck.ToDouble(r);
        double[] numeric = GradientCheck.Numerical(v => GradientCheck.Dot(ReferenceForward(kind, v, batch, seqLen, width, lengths), rd), x);

        float[] dx0 = Reference.Random(rng, x.Length);
        float[] dx = (float[])dx0.Clone();
        for (int call = 1; call <= 2; call++)
        {
            Backward(kind, r, dx, batch, seqLen, width, lengths);
            GradientCheck.AssertClose(GradientCheck.Accumulated(dx0, numeric, call), dx, 1e-6, $"{kind} after {call} call(s)");
        }

        // Padding positions and length-0 rows are left exactly as they were.
        for (int b = 0; b < batch; b++)
        {
            int n = lengths.Length == 0 ? seqLen : lengths[b];
            int firstUntouched = kind == Kind.Mean || kind == Kind.Last ? n : Math.Min(n, 1);
            for (int i = ((b * seqLen) + firstUntouched) * width; i < (b + 1) * seqLen * width; i++)
            {
                Assert.Equal(dx0[i], dx[i]);
            }
        }
    }

    [Fact]
    public void BadArgumentsAreReportedAndSmallCallsAllocateNothing()
    {
        var ex = Assert.Throws<ArgumentException>(() => Pooling.MeanBackward(new float[5], new float[24], 2, 4, 3, default));
        Assert.Equal("dy", ex.ParamName);
        ex = Assert.Throws<ArgumentException>(() => Pooling.LastBackward(new float[6], new float[23], 2, 4, 3, default));
        Assert.Equal("dx", ex.ParamName);
        Assert.Contains("batch × seqLen × width = 2 × 4 × 3", ex.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => Pooling.FirstBackward(new float[6], new float[24], 2, 4, 3, [1, 5]));

        var dy = new float[4 * 32];
        var dx = new float[4 * 9 * 32];
        int[] lengths = [9, 0, 3, 5];
        Assert.Equal(0, Reference.Allocated(() => Pooling.MeanBackward(dy, dx, 4, 9, 32, lengths)));
        Assert.Equal(0, Reference.Allocated(() => Pooling.FirstBackward(dy, dx, 4, 9, 32, lengths)));
        Assert.Equal(0, Reference.Allocated(() => Pooling.LastBackward(dy, dx, 4, 9, 32, lengths)));
    }
}
