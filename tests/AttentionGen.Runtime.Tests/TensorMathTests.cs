using System;

namespace AttentionGen.Runtime.Tests;

public class TensorMathTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(17)]
    [InlineData(100)]
    [InlineData(100_003)] // several chunks on the worker pool, the last one ragged
    public void AddInPlaceAddsElementWise(int n)
    {
        var rng = new Random(n);
        float[] y = Reference.Random(rng, n);
        float[] x = Reference.Random(rng, n);
        var expected = new double[n];
        for (int i = 0; i < n; i++)
        {
            expected[i] = y[i] + x[i];
        }

        TensorMath.AddInPlace(y, x);
        Reference.AssertClose(expected, y, 1e-7, "add");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(33)]
    [InlineData(65)]
    [InlineData(70_001)]
    public void AddMatchesCopyThenAddInPlace(int n)
    {
        var rng = new Random(n + 1);
        float[] a = Reference.Random(rng, n);
        float[] b = Reference.Random(rng, n);
        float[] unfused = (float[])a.Clone();
        TensorMath.AddInPlace(unfused, b);
        var sum = new float[n];
        TensorMath.Add(a, b, sum);
        Assert.Equal(unfused, sum);

        // In place over either addend, as a residual written over its input would be.
        TensorMath.Add(a, b, a);
        Assert.Equal(unfused, a);
        var ex = Assert.Throws<ArgumentException>(() => TensorMath.Add(new float[4], new float[4], new float[5]));
        Assert.Contains("5", ex.Message);
    }

    [Fact]
    public void MismatchedLengthsAreRejected()
    {
        var ex = Assert.Throws<ArgumentException>(() => TensorMath.AddInPlace(new float[4], new float[5]));
        Assert.Contains("5", ex.Message);
        Assert.Contains("4", ex.Message);
    }
}
