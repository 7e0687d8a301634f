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

    /// <summary>y = f(x) over <paramref name="n"/> elements (the GEMM's epilogue, <see cref="GemmProblem.Activated"/>).</summary>
    internal static unsafe void ApplyRange(Activation kind, float* x, float* y, int n)
    {
        switch (kind)
        {
            case Activation.Relu: Relu(x, y, n); break;
            case Activation.Gelu: Gelu(x, y, n); break;
            case Activation.GeluTanh: GeluTanh(x, y, n); break;
            default: Buffer.MemoryCopy(x, y, (long)n * sizeof(float), (long)n * sizeof(float)); break;
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
    /// y = f(x) over [start, end), reading each x element before writing the y element at the same index (so y may be
    /// x). Elements are independent, so any split gives the same result.
    /// </summary>
    private unsafe struct InPlaceRange : IRowKernel
    {
        public float* X, Y;
        public Kind Kind;

        public readonly void Run(int chunk, int start, int end)
        {
            int n = end - start;
            float* x = X + start;
            float* y = Y + start;
            switch (Kind)
            {
                case Kind.Relu: Relu(x, y, n); break;
                case Kind.Gelu: Gelu(x, y, n); break;
                case Kind.GeluTanh: GeluTanh(x, y, n); break;
                case Kind.Sigmoid: Sigmoid(x, y, n); break;
                default:
                    if (x != y)
                    {
                        Buffer.MemoryCopy(x, y, (long)n * sizeof(float), (long)n * sizeof(float));
                    }

                    break;
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

    private static unsafe void Relu(float* x, float* p, int n) => Map<ReluFunction>(x, p, n);

    /// <summary>
    /// Exact GELU, <c>x·Φ(x) = 0.5·x·(1 + erf(x/√2))</c>, PyTorch's <c>nn.GELU()</c> default. With AVX-512, computed
    /// in float from erfc (the tail's exponent split exactly), within 1e-6 relative of the true value down to the far
    /// negative tail, where PyTorch's float formula keeps no relative accuracy; otherwise in double and rounded once.
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

    private static unsafe void Gelu(float* x, float* p, int n) => Map<GeluFunction>(x, p, n);

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

    private static unsafe void GeluTanh(float* x, float* p, int n) => Map<GeluTanhFunction>(x, p, n);

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

    private static unsafe void Sigmoid(float* x, float* p, int n) => Map<SigmoidFunction>(x, p, n);

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
