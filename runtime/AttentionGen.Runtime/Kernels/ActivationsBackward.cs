using System;
using System.Runtime.Intrinsics;

namespace AttentionGen.Runtime;

public static partial class Activations
{
    /// <summary>
    /// Gradient of <see cref="Apply(Span{float}, Activation)"/>, accumulated: <c>dx += dy·f′(preActivation)</c>, with PyTorch's
    /// derivatives: ReLU passes the gradient where the input was above 0 (not at 0); exact GELU's is
    /// <c>Φ(x) + x·φ(x)</c>, evaluated as the forward is (float with AVX-512, double otherwise); the tanh form differentiates the very
    /// formula the forward evaluates.
    /// </summary>
    /// <param name="preActivation">The forward input (before the activation).</param>
    /// <param name="dy">Gradient of the forward output, same length.</param>
    /// <param name="dx">Gradient of the forward input, same length, added to. It may be the very same span as
    /// <paramref name="dy"/> or <paramref name="preActivation"/> (each element is read before it is written), but not a shifted view.</param>
    /// <param name="kind">The activation the forward pass applied.</param>
    public static void Backward(ReadOnlySpan<float> preActivation, ReadOnlySpan<float> dy, Span<float> dx, Activation kind) =>
        BackwardCore(preActivation, dy, dx, kind, accumulate: true);

    /// <summary>
    /// <see cref="Backward(ReadOnlySpan{float}, ReadOnlySpan{float}, Span{float}, Activation)"/>; with
    /// <paramref name="accumulate"/> false, dx = dy·f′ is written rather than added (each chunk is zeroed just before,
    /// while it is in cache), and dx must not overlap dy.
    /// </summary>
    internal static unsafe void BackwardCore(ReadOnlySpan<float> preActivation, ReadOnlySpan<float> dy, Span<float> dx, Activation kind, bool accumulate)
    {
        if (dy.Length != preActivation.Length)
        {
            throw new ArgumentException($"dy holds {dy.Length} elements but preActivation holds {preActivation.Length}; they must match.", nameof(dy));
        }

        if (dx.Length != preActivation.Length)
        {
            throw new ArgumentException($"dx holds {dx.Length} elements but preActivation holds {preActivation.Length}; they must match.", nameof(dx));
        }

        Check.NoPartialOverlap(preActivation, dx, nameof(preActivation), nameof(dx));
        Check.NoPartialOverlap(dy, dx, nameof(dy), nameof(dx));
        if (kind is < Activation.None or > Activation.GeluTanh)
        {
            throw new ArgumentOutOfRangeException(nameof(kind), kind, $"Activation {(int)kind} is not one of None, Relu, Gelu, GeluTanh.");
        }

        if (!accumulate)
        {
            Check.NoOverlap(dy, dx, nameof(dy), nameof(dx));
        }

        fixed (float* px = preActivation, pdy = dy, pdx = dx)
        {
            var kernel = new BackwardRange { X = px, Dy = pdy, Dx = pdx, Kind = kind, Overwrite = !accumulate };
            RowParallel.ForElements(in kernel, dx.Length);
        }
    }

    /// <summary>dx += dy·f′(x) over [start, end); elements are independent, so any split gives the same result.</summary>
    private unsafe struct BackwardRange : IRowKernel
    {
        public float* X, Dy, Dx;
        public Activation Kind;
        public bool Overwrite;

        public readonly void Run(int chunk, int start, int end)
        {
            int n = end - start;
            float* px = X + start, pdy = Dy + start, pdx = Dx + start;
            if (Overwrite)
            {
                Simd.Clear(pdx, n);
            }

            switch (Kind)
            {
                case Activation.None:
                    Simd.Add(pdy, pdx, n);
                    break;
                case Activation.Relu:
                    ReluBackward(px, pdy, pdx, n);
                    break;
                case Activation.Gelu:
                    GeluBackward(px, pdy, pdx, n);
                    break;
                default:
                    GeluTanhBackward(px, pdy, pdx, n);
                    break;
            }
        }
    }

    /// <summary>dx += x &gt; 0 ? dy : 0 (NaN inputs pass nothing).</summary>
    private static unsafe void ReluBackward(float* x, float* dy, float* dx, int n)
    {
        int i = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            for (; i <= n - 16; i += 16)
            {
                Vector512<float> pass = Vector512.GreaterThan(Vector512.Load(x + i), Vector512<float>.Zero);
                (Vector512.Load(dx + i) + (Vector512.Load(dy + i) & pass)).Store(dx + i);
            }
        }

        for (; i <= n - 8; i += 8)
        {
            Vector256<float> pass = Vector256.GreaterThan(Vector256.Load(x + i), Vector256<float>.Zero);
            (Vector256.Load(dx + i) + (Vector256.Load(dy + i) & pass)).Store(dx + i);
        }

        for (; i < n; i++)
        {
            if (x[i] > 0)
            {
                dx[i] += dy[i];
            }
        }
    }

    /// <summary>
    /// dx += dy·(Φ(x) + x·φ(x)): the derivative in float with AVX-512 (<see cref="ErrorFunction.GeluDerivative(System.Runtime.Intrinsics.Vector512{float})"/>),
    /// otherwise in double rounded to float; then one float multiply-add as PyTorch does.
    /// </summary>
    private static unsafe void GeluBackward(float* x, float* dy, float* dx, int n)
    {
        int i = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            for (; i <= n - 16; i += 16)
            {
                Vector512<float> d = ErrorFunction.GeluDerivative(Vector512.Load(x + i));
                Vector512.FusedMultiplyAdd(Vector512.Load(dy + i), d, Vector512.Load(dx + i)).Store(dx + i);
            }
        }

        if (Vector256.IsHardwareAccelerated)
        {
            for (; i <= n - 8; i += 8)
            {
                (Vector256<double> lo, Vector256<double> hi) = Vector256.Widen(Vector256.Load(x + i));
                Vector256<float> d = Vector256.Narrow(ErrorFunction.GeluDerivative(lo), ErrorFunction.GeluDerivative(hi));
                Vector256.FusedMultiplyAdd(Vector256.Load(dy + i), d, Vector256.Load(dx + i)).Store(dx + i);
            }
        }

        for (; i < n; i++)
        {
            dx[i] = MathF.FusedMultiplyAdd(dy[i], ErrorFunction.GeluDerivative(x[i]), dx[i]);
        }
    }

    /// <summary>
    /// dx += dy·y′ for the forward's <c>y = x·s</c>, <c>s = 1/(1 + t)</c>, <c>t = exp(−2u)</c>,
    /// <c>u = √(2/π)·(x + 0.044715·x³)</c>: <c>y′ = s + x·s·(t·s)·2√(2/π)·(1 + 3·0.044715·x²)</c>. Writing
    /// 1 − s as t·s keeps the slope accurate where s is close to 1; the exponent is capped at 80 so t stays
    /// finite where s underflows (the derivative there is 0 at float precision either way).
    /// </summary>
    private static unsafe void GeluTanhBackward(float* x, float* dy, float* dx, int n)
    {
        const float TwoK = 2f * SqrtTwoOverPi;
        const float ThreeC = 3f * GeluTanhCubic;
        const float Cap = 80f;
        int i = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            Vector512<float> k = Vector512.Create(-TwoK);
            Vector512<float> c = Vector512.Create(GeluTanhCubic);
            for (; i <= n - 16; i += 16)
            {
                Vector512<float> v = Vector512.Load(x + i);
                Vector512<float> inner = Vector512.FusedMultiplyAdd(c * v * v, v, v) * k;
                Vector512<float> t = VectorExp.Exp(Vector512.Min(inner, Vector512.Create(Cap)));
                Vector512<float> s = Vector512<float>.One / (Vector512<float>.One + t);
                Vector512<float> slope = Vector512.FusedMultiplyAdd(Vector512.Create(ThreeC) * v, v, Vector512<float>.One) * Vector512.Create(TwoK);
                Vector512<float> d = Vector512.FusedMultiplyAdd(v * s * (t * s), slope, s);
                Vector512.FusedMultiplyAdd(Vector512.Load(dy + i), d, Vector512.Load(dx + i)).Store(dx + i);
            }
        }

        Vector256<float> k8 = Vector256.Create(-TwoK);
        Vector256<float> c8 = Vector256.Create(GeluTanhCubic);
        for (; i <= n - 8; i += 8)
        {
            Vector256<float> v = Vector256.Load(x + i);
            Vector256<float> inner = Vector256.FusedMultiplyAdd(c8 * v * v, v, v) * k8;
            Vector256<float> t = VectorExp.Exp(Vector256.Min(inner, Vector256.Create(Cap)));
            Vector256<float> s = Vector256<float>.One / (Vector256<float>.One + t);
            Vector256<float> slope = Vector256.FusedMultiplyAdd(Vector256.Create(ThreeC) * v, v, Vector256<float>.One) * Vector256.Create(TwoK);
            Vector256<float> d = Vector256.FusedMultiplyAdd(v * s * (t * s), slope, s);
            Vector256.FusedMultiplyAdd(Vector256.Load(dy + i), d, Vector256.Load(dx + i)).Store(dx + i);
        }

        for (; i < n; i++)
        {
            float v = x[i];
            float inner = ((GeluTanhCubic * v * v * v) + v) * -TwoK;
            float t = MathF.Exp(MathF.Min(inner, Cap));
            float s = 1f / (1f + t);
            float slope = ((ThreeC * v * v) + 1f) * TwoK;
            float d = (v * s * (t * s) * slope) + s;
            dx[i] = MathF.FusedMultiplyAdd(dy[i], d, dx[i]);
        }
    }
}
