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

    [Fact]
    public void MismatchedLengthsAreRejected()
    {
        var ex = Assert.Throws<ArgumentException>(() => TensorMath.AddInPlace(new float[4], new float[5]));
        Assert.Contains("5", ex.Message);
        Assert.Contains("4", ex.Message);
    }
}
