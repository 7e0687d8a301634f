using System;

namespace AttentionGen.Runtime.Tests;

public class ActivationBackwardTests
{
    private static double Forward(Activation kind, double x) => kind switch
    {
        Activation.None => x,
        Activation.Relu => Math.Max(0, x),
        Activation.Gelu => Reference.Gelu(x),
        Activation.GeluTanh => Reference.GeluTanh(x),
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    /// <summary>f′ in double from the textbook formulas: Φ(x) + x·φ(x) for GELU, the tanh form's chain rule for GeluTanh.</summary>
    private static double Derivative(Activation kind, double x)
    {
        switch (kind)
        {
            case Activation.None:
                return 1;
            case Activation.Relu:
                return x > 0 ? 1 : 0;
            case Activation.Gelu:
                return (0.5 * Reference.Erfc(-x / Math.Sqrt(2))) + (x * Math.Exp(-0.5 * x * x) / Math.Sqrt(2 * Math.PI));
            case Activation.GeluTanh:
                double k = Math.Sqrt(2 / Math.PI);
                double u = k * (x + (0.044715 * x * x * x));
                double th = Math.Tanh(u);
                return (0.5 * (1 + th)) + (0.5 * x * (1 - (th * th)) * k * (1 + (3 * 0.044715 * x * x)));
            default:
                throw new ArgumentOutOfRangeException(nameof(kind));
        }
    }

    public static TheoryData<Activation, int> Cases()
    {
        var data = new TheoryData<Activation, int>();
        foreach (Activation kind in new[] { Activation.None, Activation.Relu, Activation.Gelu, Activation.GeluTanh })
        {
            foreach (int n in new[] { 1, 3, 17, 33, 100 })
            {
                data.Add(kind, n);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void AccumulatesTheDoubleReference(Activation kind, int n)
    {
        var rng = new Random(n + (int)kind);
        float[] pre = Reference.Random(rng, n, 6f);
        if (n >= 17)
        {
            // Both tails and the kink: far negative (GELU's Φ ≈ 0, the tanh form's exponent overflows), far positive, exact 0.
            pre[0] = -30f;
            pre[1] = 12f;
            pre[2] = 0f;
            pre[3] = -9.5f;
            pre[4] = 1e-30f;
        }

        float[] dy = Reference.Random(rng, n);
        var expected = new double[n];
        for (int i = 0; i < n; i++)
        {
            expected[i] = dy[i] * Derivative(kind, pre[i]);
        }

        float[] dx0 = Reference.Random(rng, n);
        float[] dx = (float[])dx0.Clone();
        for (int call = 1; call <= 2; call++)
        {
            Activations.Backward(pre, dy, dx, kind);
            GradientCheck.AssertClose(GradientCheck.Accumulated(dx0, expected, call), dx, 1e-5, $"{kind} n={n} after {call} call(s)");
        }

        var fresh = new float[n];
        Activations.Backward(pre, dy, fresh, kind);
        Reference.AssertClose(expected, fresh, 2e-6, $"{kind} n={n} from zero");
        Assert.DoesNotContain(fresh, float.IsNaN);
    }

    [Theory]
    [InlineData(Activation.None)]
    [InlineData(Activation.Relu)]
    [InlineData(Activation.Gelu)]
    [InlineData(Activation.GeluTanh)]
    public void DerivativeMatchesFiniteDifferences(Activation kind)
    {
        double[] points = [-12, -6.5, -3, -1.7, -0.9, -0.3, -1e-3, 1e-3, 0.2, 0.7, 1.3, 2.4, 4, 7.5, 15];
        foreach (double x in points)
        {
            double numeric = (Forward(kind, x + GradientCheck.Eps) - Forward(kind, x - GradientCheck.Eps)) / (2 * GradientCheck.Eps);
            double analytic = Derivative(kind, x);
            Assert.True(Math.Abs(numeric - analytic) <= 1e-7 * (1 + Math.Abs(analytic)), $"{kind} at {x}: finite differences {numeric}, formula {analytic}");
        }
    }

    [Fact]
    public void ReluPassesNothingAtZero()
    {
        // PyTorch's ReLU gradient at exactly 0 is 0.
        var dx = new float[3];
        Activations.Backward([0f, -0f, float.Epsilon], [5f, 5f, 5f], dx, Activation.Relu);
        Assert.Equal([0f, 0f, 5f], dx);
    }

    [Fact]
    public void TheSameSpanForGradientsAccumulatesInPlace()
    {
        // dx may be dy itself: dy ← dy + dy·f′.
        float[] pre = [-1f, 2f, 3f];
        float[] g = [1f, 1f, 1f];
        Activations.Backward(pre, g, g, Activation.Relu);
        Assert.Equal([1f, 2f, 2f], g);
    }

    [Fact]
    public void SmallCallsAllocateNothing()
    {
        var pre = new float[300];
        var dy = new float[300];
        var dx = new float[300];
        foreach (Activation kind in new[] { Activation.None, Activation.Relu, Activation.Gelu, Activation.GeluTanh })
        {
            Assert.Equal(0, Reference.Allocated(() => Activations.Backward(pre, dy, dx, kind)));
        }
    }

    [Fact]
    public void BadArgumentsAreReported()
    {
        var ex = Assert.Throws<ArgumentException>(() => Activations.Backward(new float[4], new float[3], new float[4], Activation.Gelu));
        Assert.Equal("dy", ex.ParamName);
        Assert.Contains("3", ex.Message);
        Assert.Contains("4", ex.Message);
        ex = Assert.Throws<ArgumentException>(() => Activations.Backward(new float[4], new float[4], new float[5], Activation.Gelu));
        Assert.Equal("dx", ex.ParamName);
        var buffer = new float[8];
        ex = Assert.Throws<ArgumentException>(() => Activations.Backward(new float[4], buffer.AsSpan(0, 4), buffer.AsSpan(2, 4), Activation.Relu));
        Assert.Equal("dx", ex.ParamName);
        Assert.Throws<ArgumentOutOfRangeException>(() => Activations.Backward(new float[4], new float[4], new float[4], (Activation)42));
    }
}
