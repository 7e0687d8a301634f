using System;
using System.Runtime.Intrinsics;

namespace AttentionGen.Runtime;

/// <summary>Element-wise activations and row softmax, in place, with PyTorch's definitions.</summary>
public static partial class Activations
{
    private const float SqrtTwoOverPi = 0.7978845608028654f;
    private const float GeluTanhCubic = 0.044715f;

    /// <summary>Applies the activation <paramref name="kind"/> in place.</summary>
    /// <param name="x">Values, updated in place.</param>
    /// <param name="kind">Which function; <see cref="Activation.None"/> leaves <paramref name="x"/> as it is.</param>
    public static void Apply(Span<float> x, Activation kind)
    {
        switch (kind)
        {
            case Activation.None:
                break;
            case Activation.Relu:
                Relu(x);
                break;
            case Activation.Gelu:
                Gelu(x);
                break;
            case Activation.GeluTanh:
                GeluTanh(x);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(kind), kind, $"Activation {(int)kind} is not one of None, Relu, Gelu, GeluTanh.");
        }
    }

    /// <summary>
    /// <c>y = f(x)</c> for the activation <paramref name="kind"/>, keeping <paramref name="x"/> (the feed-forward
    /// layer's pre-activation, which the backward pass reads): one pass on every core instead of a copy and then
    /// the activation in place.
    /// </summary>
    /// <param name="x">Values.</param>
    /// <param name="y">Results, same length; may be <paramref name="x"/> itself, but not a shifted view of it.</param>
    /// <param name="kind">Which function; <see cref="Activation.None"/> copies.</param>
    public static unsafe void Apply(ReadOnlySpan<float> x, Span<float> y, Activation kind)
    {
        if (x.Length != y.Length)
        {
            throw new ArgumentException($"x holds {x.Length} elements but y holds {y.Length}; they must match.", nameof(y));
        }

        if (kind is < Activation.None or > Activation.GeluTanh)
        {
            throw new ArgumentOutOfRangeException(nameof(kind), kind, $"Activation {(int)kind} is not one of None, Relu, Gelu, GeluTanh.");
        }

        Check.NoPartialOverlap(x, y, nameof(x), nameof(y));
        fixed (float* px = x, py = y)
        {
            var kernel = new InPlaceRange { X = px, Y = py, Kind = kind switch
            {
                Activation.Relu => Kind.Relu,
                Activation.Gelu => Kind.Gelu,
                Activation.GeluTanh => Kind.GeluTanh,
                _ => Kind.Copy,
            } };
            RowParallel.ForElements(in kernel, y.Length);
        }
    }

    /// <summary>The functions a range kernel applies; Sigmoid is not a feed-forward activation, so it has no <see cref="Activation"/>.</summary>
    private enum Kind
    {
        Copy,
        Relu,
        Gelu,
        GeluTanh,
        Sigmoid,
    }

    /// <summary>
    /// y = f(x) over [start, end): copies the range (when y is not x), then applies f in place while the range is in
    /// cache. Elements are independent, so any split gives the same result.
    /// </summary>
    private unsafe struct InPlaceRange : IRowKernel
    {
        public float* X, Y;
        public Kind Kind;

        public readonly void Run(int chunk, int start, int end)
        {
            int n = end - start;
            float* y = Y + start;
            if (X != Y)
            {
                Buffer.MemoryCopy(X + start, y, (long)n * sizeof(float), (long)n * sizeof(float));
            }

            switch (Kind)
            {
                case Kind.Relu: Relu(y, n); break;
                case Kind.Gelu: Gelu(y, n); break;
                case Kind.GeluTanh: GeluTanh(y, n); break;
                case Kind.Sigmoid: Sigmoid(y, n); break;
            }
        }
    }

    /// <summary><c>max(0, x)</c>, PyTorch's <c>nn.ReLU</c> (NaN stays NaN).</summary>
    /// <param name="x">Values, updated in place.</param>
    public static unsafe void Relu(Span<float> x)
    {
        fixed (float* p = x)
        {
            var kernel = new InPlaceRange { X = p, Y = p, Kind = Kind.Relu };
            RowParallel.ForElements(in kernel, x.Length);
        }
    }

    private static unsafe void Relu(float* p, int n)
    {
        int i = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            for (; i <= n - 16; i += 16)
            {
                Vector512.Max(Vector512.Load(p + i), Vector512<float>.Zero).Store(p + i);
            }
        }

        for (; i <= n - 8; i += 8)
        {
            Vector256.Max(Vector256.Load(p + i), Vector256<float>.Zero).Store(p + i);
        }

        for (; i < n; i++)
        {
            p[i] = MathF.Max(p[i], 0f);
        }
    }

    /// <summary>
    /// Exact GELU, <c>x·Φ(x) = 0.5·x·(1 + erf(x/√2))</c>, PyTorch's <c>nn.GELU()</c> default. Computed in double
    /// with an erfc accurate to 2e-10 relative, so results are within a rounding of the true value,
    /// including the far negative tail.
    /// </summary>
    /// <param name="x">Values, updated in place.</param>
    public static unsafe void Gelu(Span<float> x)
    {
        fixed (float* p = x)
        {
            var kernel = new InPlaceRange { X = p, Y = p, Kind = Kind.Gelu };
            RowParallel.ForElements(in kernel, x.Length);
        }
    }

    private static unsafe void Gelu(float* p, int n)
    {
        int i = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            for (; i <= n - 16; i += 16)
            {
                (Vector512<double> lo, Vector512<double> hi) = Vector512.Widen(Vector512.Load(p + i));
                Vector512.Narrow(ErrorFunction.Gelu(lo), ErrorFunction.Gelu(hi)).Store(p + i);
            }
        }

        if (Vector256.IsHardwareAccelerated)
        {
            for (; i <= n - 8; i += 8)
            {
                (Vector256<double> lo, Vector256<double> hi) = Vector256.Widen(Vector256.Load(p + i));
                Vector256.Narrow(ErrorFunction.Gelu(lo), ErrorFunction.Gelu(hi)).Store(p + i);
            }
        }

        for (; i < n; i++)
        {
            p[i] = ErrorFunction.Gelu(p[i]);
        }
    }

    /// <summary>
    /// GELU's tanh approximation, <c>0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³)))</c>, PyTorch's
    /// <c>nn.GELU(approximate="tanh")</c> (GPT-2). Evaluated as the equal <c>x / (1 + exp(−2·inner))</c>,
    /// which has no cancellation for negative x.
    /// </summary>
    /// <param name="x">Values, updated in place.</param>
    public static unsafe void GeluTanh(Span<float> x)
    {
        fixed (float* p = x)
        {
            var kernel = new InPlaceRange { X = p, Y = p, Kind = Kind.GeluTanh };
            RowParallel.ForElements(in kernel, x.Length);
        }
    }

    private static unsafe void GeluTanh(float* p, int n)
    {
        int i = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            Vector512<float> k = Vector512.Create(-2f * SqrtTwoOverPi);
            Vector512<float> c = Vector512.Create(GeluTanhCubic);
            for (; i <= n - 16; i += 16)
            {
                Vector512<float> v = Vector512.Load(p + i);
                Vector512<float> inner = Vector512.FusedMultiplyAdd(c * v * v, v, v) * k;
                (v / (Vector512<float>.One + Vector512.Exp(inner))).Store(p + i);
            }
        }

        Vector256<float> k8 = Vector256.Create(-2f * SqrtTwoOverPi);
        Vector256<float> c8 = Vector256.Create(GeluTanhCubic);
        for (; i <= n - 8; i += 8)
        {
            Vector256<float> v = Vector256.Load(p + i);
            Vector256<float> inner = Vector256.FusedMultiplyAdd(c8 * v * v, v, v) * k8;
            (v / (Vector256<float>.One + Vector256.Exp(inner))).Store(p + i);
        }

        for (; i < n; i++)
        {
            float v = p[i];
            float inner = ((GeluTanhCubic * v * v * v) + v) * (-2f * SqrtTwoOverPi);
            p[i] = v / (1f + MathF.Exp(inner));
        }
    }

    /// <summary><c>1 / (1 + exp(−x))</c>, PyTorch's <c>torch.sigmoid</c>.</summary>
    /// <param name="x">Values, updated in place.</param>
    public static unsafe void Sigmoid(Span<float> x)
    {
        fixed (float* p = x)
        {
            var kernel = new InPlaceRange { X = p, Y = p, Kind = Kind.Sigmoid };
            RowParallel.ForElements(in kernel, x.Length);
        }
    }

    private static unsafe void Sigmoid(float* p, int n)
    {
        int i = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            for (; i <= n - 16; i += 16)
            {
                (Vector512<float>.One / (Vector512<float>.One + Vector512.Exp(-Vector512.Load(p + i)))).Store(p + i);
            }
        }

        for (; i <= n - 8; i += 8)
        {
            (Vector256<float>.One / (Vector256<float>.One + Vector256.Exp(-Vector256.Load(p + i)))).Store(p + i);
        }

        for (; i < n; i++)
        {
            p[i] = 1f / (1f + MathF.Exp(-p[i]));
        }
    }

    /// <summary>
    /// Softmax of each row in place, stable: the row maximum is subtracted before exponentiating. A row
    /// whose entries are all −∞ (fully masked) becomes all zeros rather than NaN.
    /// </summary>
    /// <param name="x">(rows, width) row-major, updated in place.</param>
    /// <param name="rows">Number of rows.</param>
    /// <param name="width">Entries per row.</param>
    public static unsafe void SoftmaxRows(Span<float> x, int rows, int width)
    {
        Check.NonNegative(rows, nameof(rows));
        Check.NonNegative(width, nameof(width));
        Check.Length(x.Length, (long)rows * width, nameof(x), $"rows × width = {rows} × {width}");
        if (width == 0)
        {
            return;
        }

        fixed (float* p = x)
        {
            for (int r = 0; r < rows; r++)
            {
                float* row = p + ((long)r * width);
                SoftmaxRow(row, width);
            }
        }
    }

    /// <summary>Softmax of one row of <paramref name="n"/> ≥ 1 entries; all −∞ gives zeros.</summary>
    internal static unsafe void SoftmaxRow(float* row, int n)
    {
        float max = Simd.Max(row, n);
        if (float.IsNegativeInfinity(max))
        {
            Simd.Clear(row, n);
            return;
        }

        float sum = Simd.ExpShiftSum(row, n, max);
        Simd.Scale(row, 1f / sum, n);
    }
}
