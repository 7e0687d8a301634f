using System;
using System.Linq;

namespace AttentionGen.Runtime.Tests;

public class ActivationTests
{
    private static float[] Grid(double from, double to, int count)
        => Enumerable.Range(0, count).Select(i => (float)(from + ((to - from) * i / (count - 1)))).ToArray();

    [Fact]
    public void ErfcFitIsAccurateToTwoTenthsOfANanoRelative()
    {
        for (int i = 0; i <= 20_000; i++)
        {
            double z = 10.0 * i / 20_000;
            double expected = Reference.Erfc(z);
            double actual = ErrorFunction.ErfcAbs(z);
            Assert.True(Math.Abs(actual - expected) <= 2e-10 * expected, $"erfc({z:R}) = {actual:R}, expected {expected:R}");
            Assert.Equal(actual, ErrorFunction.ErfcAbs(-z));
        }
    }

    [Fact]
    public void ReferenceErfAgreesWithKnownValues()
    {
        // Guards the test's own reference against tabulated values.
        Assert.Equal(0.5204998778130465, Reference.Erf(0.5), 1e-15);
        Assert.Equal(0.8427007929497149, Reference.Erf(1), 1e-15);
        Assert.Equal(0.9953222650189527, Reference.Erf(2), 1e-15);
        Assert.Equal(-0.9953222650189527, Reference.Erf(-2), 1e-15);
        Assert.True(Math.Abs((Reference.Erfc(4) / 1.541725790028002e-8) - 1) < 1e-13);
    }

    [Fact]
    public void GeluMatchesPyTorchValues()
    {
        float[] x = [1.0f, -0.5f, 0f, 3f];
        Activations.Gelu(x);
        Assert.Equal(0.8413447, x[0], 1e-6);
        Assert.Equal(-0.15426877, x[1], 1e-6);
        Assert.Equal(0f, x[2]);
        Assert.Equal(2.9959502, x[3], 1e-6);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(17)]
    [InlineData(64)]
    [InlineData(100)]
    [InlineData(2001)]
    public void GeluMatchesDoubleErfReference(int count)
    {
        float[] x = Grid(-12, 12, Math.Max(count, 2)).Take(count).ToArray();
        if (count == 1)
        {
            x[0] = -2.5f;
        }

        double[] expected = x.Select(v => Reference.Gelu(v)).ToArray();
        Activations.Gelu(x);
        for (int i = 0; i < x.Length; i++)
        {
            // Relative to the value itself, so the far negative tail (down to 1e-32) is checked too: within 1e-6, a few
            // float ulp. PyTorch's own float GELU, 0.5·x·(1 + erf(x/√2)), loses all relative accuracy below x ≈ −5.
            Assert.True(Math.Abs(x[i] - expected[i]) <= (1e-6 * Math.Abs(expected[i])) + 1e-40, $"gelu -> {x[i]:R}, expected {expected[i]:R}");
        }
    }

    [Fact]
    public void GeluTanhMatchesPyTorchAndTheFormula()
    {
        float[] one = [1f];
        Activations.GeluTanh(one);
        Assert.Equal(0.8411920, one[0], 1e-6);

        foreach (int count in new[] { 1, 3, 17, 64, 100 })
        {
            float[] x = Grid(-9, 9, Math.Max(count, 2)).Take(count).ToArray();
            double[] expected = x.Select(v => Reference.GeluTanh(v)).ToArray();
            Activations.GeluTanh(x);
            Reference.AssertClose(expected, x, 1e-6, $"gelu_tanh n={count}");
        }
    }

    [Fact]
    public void ReluAndSigmoid()
    {
        float[] x = Grid(-5, 5, 37);
        float[] relu = (float[])x.Clone();
        Activations.Relu(relu);
        Assert.Equal(x.Select(v => Math.Max(v, 0f)).ToArray(), relu);

        float[] sig = Grid(-30, 30, 101);
        double[] expected = sig.Select(v => 1 / (1 + Math.Exp(-(double)v))).ToArray();
        Activations.Sigmoid(sig);
        Reference.AssertClose(expected, sig, 1e-6, "sigmoid");
    }

    [Fact]
    public void ApplyDispatchesOnTheKind()
    {
        float[] x = [-1f, 2f];
        Activations.Apply(x, Activation.None);
        Assert.Equal(new[] { -1f, 2f }, x);
        Activations.Apply(x, Activation.Relu);
        Assert.Equal(new[] { 0f, 2f }, x);
        float[] g = [1f];
        Activations.Apply(g, Activation.Gelu);
        Assert.Equal(0.8413447, g[0], 1e-6);
        float[] t = [1f];
        Activations.Apply(t, Activation.GeluTanh);
        Assert.Equal(0.8411920, t[0], 1e-6);
        Assert.Throws<ArgumentOutOfRangeException>(() => Activations.Apply(t, (Activation)42));
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(3, 3)]
    [InlineData(2, 17)]
    [InlineData(4, 64)]
    [InlineData(2, 100)]
    public void SoftmaxMatchesDoubleReference(int rows, int width)
    {
        float[] x = Reference.Random(new Random(width), rows * width, 20f);
        x[0] = 1000f; // stability: a naive exp would overflow
        var expected = new double[x.Length];
        for (int r = 0; r < rows; r++)
        {
            double max = double.NegativeInfinity, sum = 0;
            for (int c = 0; c < width; c++)
            {
                max = Math.Max(max, x[(r * width) + c]);
            }

            for (int c = 0; c < width; c++)
            {
                sum += Math.Exp(x[(r * width) + c] - max);
            }

            for (int c = 0; c < width; c++)
            {
                expected[(r * width) + c] = Math.Exp(x[(r * width) + c] - max) / sum;
            }
        }

        Activations.SoftmaxRows(x, rows, width);
        Reference.AssertClose(expected, x, 1e-6, $"softmax {rows}x{width}");
    }

    [Fact]
    public void SoftmaxOfAFullyMaskedRowIsZero()
    {
        float[] x = [float.NegativeInfinity, float.NegativeInfinity, float.NegativeInfinity, 1f, float.NegativeInfinity, 1f];
        Activations.SoftmaxRows(x, 2, 3);
        Assert.Equal(new[] { 0f, 0f, 0f, 0.5f, 0f, 0.5f }, x);
    }
}
