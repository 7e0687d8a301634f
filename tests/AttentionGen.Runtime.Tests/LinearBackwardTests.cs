using System;

namespace AttentionGen.Runtime.Tests;

public class LinearBackwardTests
{
    /// <summary>y = x·Wᵀ + b in double.</summary>
    private static double[] ReferenceForward(double[] x, double[] w, double[] b, int rows, int inFeatures, int outFeatures)
    {
        var y = new double[rows * outFeatures];
        for (int r = 0; r < rows; r++)
        {
            for (int o = 0; o < outFeatures; o++)
            {
                double s = b.Length == 0 ? 0 : b[o];
                for (int i = 0; i < inFeatures; i++)
                {
                    s += x[(r * inFeatures) + i] * w[(o * inFeatures) + i];
                }

                y[(r * outFeatures) + o] = s;
            }
        }

        return y;
    }

    /// <summary>dx = dy·W, dW = dyᵀ·x, db = Σ_rows dy, in double.</summary>
    private static (double[] Dx, double[] DWeight, double[] DBias) ReferenceBackward(
        double[] x, double[] w, double[] dy, int rows, int inFeatures, int outFeatures)
    {
        var dx = new double[rows * inFeatures];
        var dw = new double[outFeatures * inFeatures];
        var db = new double[outFeatures];
        for (int r = 0; r < rows; r++)
        {
            for (int o = 0; o < outFeatures; o++)
            {
                double g = dy[(r * outFeatures) + o];
                db[o] += g;
                for (int i = 0; i < inFeatures; i++)
                {
                    dx[(r * inFeatures) + i] += g * w[(o * inFeatures) + i];
                    dw[(o * inFeatures) + i] += g * x[(r * inFeatures) + i];
                }
            }
        }

        return (dx, dw, db);
    }

    public static TheoryData<int, int, int> Shapes => new()
    {
        { 1, 1, 1 },
        { 3, 17, 33 },
        { 17, 33, 3 },
        { 33, 1, 17 },
        { 1, 3, 1 },
        { 9, 91, 13 },      // 64 + 16 + 8 + 3 columns: every column tail of the register tiles
        { 5, 64, 70 },
        { 2, 0, 3 },        // no input features: only the bias gradient
        { 300, 70, 150 },   // dWeight's shared dimension spans three blocks, the last one partial
        { 67, 130, 129 },   // above the threading threshold: both products split by rows
        { 3, 512, 700 },    // above the threshold with few rows: dx split by columns
        { 700, 512, 3 },    // above the threshold with few outputs: dWeight split by columns
    };

    [Theory]
    [MemberData(nameof(Shapes))]
    public void AccumulatesTheDoubleReference(int rows, int inFeatures, int outFeatures)
    {
        var rng = new Random((rows * 7919) + (inFeatures * 31) + outFeatures);
        float[] x = Reference.Random(rng, rows * inFeatures);
        float[] w = Reference.Random(rng, outFeatures * inFeatures);
        float[] dy = Reference.Random(rng, rows * outFeatures);
        (double[] edx, double[] edw, double[] edb) = ReferenceBackward(
            GradientCheck.ToDouble(x), GradientCheck.ToDouble(w), GradientCheck.ToDouble(dy), rows, inFeatures, outFeatures);

        // Pre-filled gradients are added to, never overwritten; a second call adds the same again.
        float[] dx0 = Reference.Random(rng, rows * inFeatures);
        float[] dw0 = Reference.Random(rng, outFeatures * inFeatures);
        float[] db0 = Reference.Random(rng, outFeatures);
        float[] dx = (float[])dx0.Clone(), dw = (float[])dw0.Clone(), db = (float[])db0.Clone();
        string shape = $"{rows}x{inFeatures}->{outFeatures}";
        for (int call = 1; call <= 2; call++)
        {
            Linear.Backward(x, w, dy, dx, dw, db, rows, inFeatures, outFeatures);
            GradientCheck.AssertClose(GradientCheck.Accumulated(dx0, edx, call), dx, 1e-5, $"dx after {call} call(s), {shape}");
            GradientCheck.AssertClose(GradientCheck.Accumulated(dw0, edw, call), dw, 1e-5, $"dWeight after {call} call(s), {shape}");
            GradientCheck.AssertClose(GradientCheck.Accumulated(db0, edb, call), db, 1e-5, $"dBias after {call} call(s), {shape}");
        }

        // From zero, with dx and dBias not needed: dWeight alone, the same values.
        var dwOnly = new float[outFeatures * inFeatures];
        Linear.Backward(x, w, dy, default, dwOnly, default, rows, inFeatures, outFeatures);
        GradientCheck.AssertClose(edw, dwOnly, 1e-5, $"dWeight alone, {shape}");
    }

    [Theory]
    [InlineData(1, 1, 1)]
    [InlineData(3, 5, 4)]
    [InlineData(4, 3, 17)]
    public void ReferenceMatchesFiniteDifferences(int rows, int inFeatures, int outFeatures)
    {
        var rng = new Random(rows + (inFeatures * 10) + (outFeatures * 100));
        double[] x = GradientCheck.ToDouble(Reference.Random(rng, rows * inFeatures));
        double[] w = GradientCheck.ToDouble(Reference.Random(rng, outFeatures * inFeatures));
        double[] b = GradientCheck.ToDouble(Reference.Random(rng, outFeatures));
        double[] r = GradientCheck.ToDouble(Reference.Random(rng, rows * outFeatures));
        (double[] dx, double[] dw, double[] db) = ReferenceBackward(x, w, r, rows, inFeatures, outFeatures);

        double Loss(double[] xs, double[] ws, double[] bs) => GradientCheck.Dot(ReferenceForward(xs, ws, bs, rows, inFeatures, outFeatures), r);
        GradientCheck.AssertClose(GradientCheck.Numerical(v => Loss(v, w, b), x), dx, 1e-7, "dx");
        GradientCheck.AssertClose(GradientCheck.Numerical(v => Loss(x, v, b), w), dw, 1e-7, "dWeight");
        GradientCheck.AssertClose(GradientCheck.Numerical(v => Loss(x, w, v), b), db, 1e-7, "dBias");
    }

    [Fact]
    public void TheTrainingSizeMatchesTheReference()
    {
        // The benchmark shape's gradients on a quarter of its rows: every register tile, block and worker path at once.
        const int rows = 512, inFeatures = 128, outFeatures = 512;
        var rng = new Random(2048);
        float[] x = Reference.Random(rng, rows * inFeatures);
        float[] w = Reference.Random(rng, outFeatures * inFeatures);
        float[] dy = Reference.Random(rng, rows * outFeatures);
        (double[] edx, double[] edw, double[] edb) = ReferenceBackward(
            GradientCheck.ToDouble(x), GradientCheck.ToDouble(w), GradientCheck.ToDouble(dy), rows, inFeatures, outFeatures);
        var dx = new float[rows * inFeatures];
        var dw = new float[outFeatures * inFeatures];
        var db = new float[outFeatures];
        Linear.Backward(x, w, dy, dx, dw, db, rows, inFeatures, outFeatures);
        GradientCheck.AssertClose(edx, dx, 1e-5, "dx");
        GradientCheck.AssertClose(edw, dw, 1e-5, "dWeight");
        GradientCheck.AssertClose(edb, db, 1e-5, "dBias");
    }

    [Fact]
    public void SmallProductsAllocateNothing()
    {
        var x = new float[8 * 64];
        var w = new float[48 * 64];
        var dy = new float[8 * 48];
        var dx = new float[8 * 64];
        var dw = new float[48 * 64];
        var db = new float[48];
        Assert.Equal(0, Reference.Allocated(() => Linear.Backward(x, w, dy, dx, dw, db, 8, 64, 48)));
    }

    [Fact]
    public void BadArgumentsAreReportedWithTheirSizes()
    {
        var x = new float[12];
        var w = new float[8];
        var dy = new float[6];
        var ex = Assert.Throws<ArgumentException>(() => Linear.Backward(x, w, dy, new float[12], new float[7], default, 3, 4, 2));
        Assert.Equal("dWeight", ex.ParamName);
        Assert.Contains("outFeatures × inFeatures = 2 × 4", ex.Message);
        Assert.Contains("7", ex.Message);

        ex = Assert.Throws<ArgumentException>(() => Linear.Backward(x, w, dy, new float[11], new float[8], default, 3, 4, 2));
        Assert.Equal("dx", ex.ParamName);
        Assert.Contains("empty", ex.Message);
        ex = Assert.Throws<ArgumentException>(() => Linear.Backward(x, w, dy, default, new float[8], new float[1], 3, 4, 2));
        Assert.Equal("dBias", ex.ParamName);
        ex = Assert.Throws<ArgumentException>(() => Linear.Backward(x, w, new float[5], default, new float[8], default, 3, 4, 2));
        Assert.Equal("dy", ex.ParamName);

        var shared = new float[40];
        ex = Assert.Throws<ArgumentException>(() => Linear.Backward(x, w, shared.AsSpan(0, 6), shared.AsSpan(4, 12), new float[8], default, 3, 4, 2));
        Assert.Equal("dx", ex.ParamName);
        ex = Assert.Throws<ArgumentException>(() => Linear.Backward(x, w, dy, default, w, default, 3, 4, 2));
        Assert.Equal("dWeight", ex.ParamName);
        Assert.Throws<ArgumentOutOfRangeException>(() => Linear.Backward(x, w, dy, default, new float[8], default, 3, -4, 2));
    }
}
