using System;

namespace AttentionGen.Runtime.Tests;

/// <summary>
/// The activation and the residual add in the GEMM's epilogue: the same bits as the product followed by the separate
/// pass, at every edge.
/// </summary>
public class LinearEpilogueTests
{
    [Theory]
    [InlineData(1, 1, 1)]
    [InlineData(7, 33, 65)]       // partial rows and a partial last panel
    [InlineData(65, 300, 17)]     // several K blocks, a narrow N
    [InlineData(2048, 192, 768)]  // W2's linear1: on the worker pool, tile by tile
    [InlineData(5, 0, 9)]         // no inputs: the bias alone
    public void EqualsTheProductThenTheActivation(int rows, int inFeatures, int outFeatures)
    {
        var rng = new Random(rows + inFeatures + outFeatures);
        float[] x = Reference.Random(rng, rows * inFeatures, 2f);
        float[] w = Reference.Random(rng, outFeatures * inFeatures);
        float[] b = Reference.Random(rng, outFeatures);
        foreach (Activation kind in new[] { Activation.None, Activation.Relu, Activation.Gelu, Activation.GeluTanh })
        {
            var expectedHidden = new float[rows * outFeatures];
            var expected = new float[rows * outFeatures];
            Linear.Forward(x, w, b, expectedHidden, rows, inFeatures, outFeatures);
            Activations.Apply(expectedHidden, expected, kind);

            var hidden = new float[rows * outFeatures];
            var activated = new float[rows * outFeatures];
            Linear.ForwardActivated(x, w, b, hidden, activated, rows, inFeatures, outFeatures, kind);
            Assert.Equal(expectedHidden, hidden);
            Assert.Equal(expected, activated);
        }
    }

    [Theory]
    [InlineData(1, 1, 1)]
    [InlineData(7, 33, 65)]       // partial rows and a partial last panel
    [InlineData(65, 300, 17)]     // several K blocks: only the last one adds the residual
    [InlineData(2048, 768, 192)]  // W2's linear2: on the worker pool
    [InlineData(5, 0, 9)]         // no inputs: the bias plus the residual
    public void ResidualEqualsTheProductThenTheAdd(int rows, int inFeatures, int outFeatures)
    {
        var rng = new Random(rows + inFeatures + outFeatures + 1);
        float[] x = Reference.Random(rng, rows * inFeatures, 2f);
        float[] w = Reference.Random(rng, outFeatures * inFeatures);
        float[] b = Reference.Random(rng, outFeatures);
        float[] residual = Reference.Random(rng, rows * outFeatures, 3f);

        var product = new float[rows * outFeatures];
        var expected = new float[rows * outFeatures];
        Linear.Forward(x, w, b, product, rows, inFeatures, outFeatures);
        TensorMath.Add(residual, product, expected);

        var y = new float[rows * outFeatures];
        Linear.ForwardOnResidual(x, w, b, residual, y, rows, inFeatures, outFeatures);
        Assert.Equal(expected, y);

        // No residual: the plain product.
        Linear.ForwardOnResidual(x, w, b, default, y, rows, inFeatures, outFeatures);
        Assert.Equal(product, y);
    }

    [Fact]
    public void ResidualMustMatchAndNotOverlapTheOutput()
    {
        var y = new float[8];
        var ex = Assert.Throws<ArgumentException>(() => Linear.ForwardOnResidual(new float[4], new float[8], default, new float[7], y, 2, 2, 4));
        Assert.Equal("residual", ex.ParamName);
        Assert.Contains("7", ex.Message);
        Assert.ThrowsAny<ArgumentException>(() => Linear.ForwardOnResidual(new float[4], new float[8], default, y, y, 2, 2, 4));
    }

    [Fact]
    public void ActivatedMustNotOverlapThePreActivation()
    {
        var y = new float[8];
        Assert.ThrowsAny<ArgumentException>(() => Linear.ForwardActivated(new float[4], new float[8], default, y, y, 2, 2, 4, Activation.Relu));
        Assert.ThrowsAny<ArgumentException>(() => Linear.ForwardActivated(new float[4], new float[8], default, y, new float[7], 2, 2, 4, Activation.Relu));
    }
}
