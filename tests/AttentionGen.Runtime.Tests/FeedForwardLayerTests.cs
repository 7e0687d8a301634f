using System;

namespace AttentionGen.Runtime.Tests;

/// <summary>
/// The feed-forward layer skips dropout entirely at p = 0 (no mask is drawn) but still refuses a probability no dropout
/// accepts, forward and backward, naming it.
/// </summary>
public class FeedForwardLayerTests
{
    private const int Rows = 3, Width = 4, Hidden = 8;

    [Theory]
    [InlineData(float.NaN)]
    [InlineData(-0.1f)]
    [InlineData(1f)]
    public void ABadDropoutProbabilityIsRefused(float p)
    {
        var forward = Assert.Throws<ArgumentOutOfRangeException>(() => Forward(p, new float[Rows * Width]));
        Assert.Equal("dropout", forward.ParamName);
        var backward = Assert.Throws<ArgumentOutOfRangeException>(() => Backward(p));
        Assert.Equal("dropout", backward.ParamName);
    }

    [Fact]
    public void WithoutDropoutTheOutputIsTheTwoLinearLayers()
    {
        var y = new float[Rows * Width];
        Forward(0f, y);

        // linear2(relu(linear1(x))) with the same arrays, step by step.
        var hidden = new float[Rows * Hidden];
        Linear.Forward(X, W1, B1, hidden, Rows, Width, Hidden);
        Activations.Apply(hidden, Activation.Relu);
        var expected = new float[Rows * Width];
        Linear.Forward(hidden, W2, B2, expected, Rows, Hidden, Width);
        Assert.Equal(expected, y);
    }

    private static readonly float[] X = Reference.Random(new Random(1), Rows * Width);
    private static readonly float[] W1 = Reference.Random(new Random(2), Hidden * Width);
    private static readonly float[] B1 = Reference.Random(new Random(3), Hidden);
    private static readonly float[] W2 = Reference.Random(new Random(4), Width * Hidden);
    private static readonly float[] B2 = Reference.Random(new Random(5), Width);

    private static void Forward(float p, float[] y) =>
        FeedForwardLayer.Forward(X, new float[Rows * Hidden], new float[Rows * Hidden], y, W1, B1, W2, B2, Rows, Width, Hidden, Activation.Relu, p, 7);

    private static void Backward(float p) =>
        FeedForwardLayer.Backward(X, new float[Rows * Hidden], new float[Rows * Hidden], new float[Rows * Width], new float[Rows * Width],
            new float[Rows * Hidden], new float[Rows * Hidden], W1, W2, new float[Hidden * Width], new float[Hidden], new float[Width * Hidden], new float[Width],
            Rows, Width, Hidden, Activation.Relu, p, 7);
}
