using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace AttentionGen.Runtime;

/// <summary>An element-wise function on whole vectors (<see cref="Activations.Map"/> runs it over an array).</summary>
internal interface IVectorFunction
{
    static abstract Vector512<float> Apply(Vector512<float> x);

    static abstract Vector256<float> Apply(Vector256<float> x);
}

public static partial class Activations
{
    /// <summary>
    /// y = f(x) over <paramref name="n"/> elements, whole vectors only: the last partial vector goes through a zero-padded
    /// copy rather than a scalar loop, so every element gets the same arithmetic wherever it sits. A tensor activated in
    /// one pass, in chunks on several threads or tile by tile in the GEMM's epilogue then holds the same bits.
    /// Reads each x element before writing the y element at the same index, so y may be x.
    /// </summary>
    internal static unsafe void Map<TFunction>(float* x, float* y, int n)
        where TFunction : struct, IVectorFunction
    {
        int i = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            for (; i <= n - 16; i += 16)
            {
                TFunction.Apply(Vector512.Load(x + i)).Store(y + i);
            }

            if (i < n)
            {
                float* tail = stackalloc float[16];
                Vector512<float>.Zero.Store(tail);
                Unsafe.CopyBlockUnaligned(tail, x + i, (uint)((n - i) * sizeof(float)));
                TFunction.Apply(Vector512.Load(tail)).Store(tail);
                Unsafe.CopyBlockUnaligned(y + i, tail, (uint)((n - i) * sizeof(float)));
            }

            return;
        }

        for (; i <= n - 8; i += 8)
        {
            TFunction.Apply(Vector256.Load(x + i)).Store(y + i);
        }

        if (i < n)
        {
            float* tail = stackalloc float[8];
            Vector256<float>.Zero.Store(tail);
            Unsafe.CopyBlockUnaligned(tail, x + i, (uint)((n - i) * sizeof(float)));
            TFunction.Apply(Vector256.Load(tail)).Store(tail);
            Unsafe.CopyBlockUnaligned(y + i, tail, (uint)((n - i) * sizeof(float)));
        }
    }

    /// <summary><c>max(0, x)</c>.</summary>
    private readonly struct ReluFunction : IVectorFunction
    {
        public static Vector512<float> Apply(Vector512<float> x) => Vector512.Max(x, Vector512<float>.Zero);

        public static Vector256<float> Apply(Vector256<float> x) => Vector256.Max(x, Vector256<float>.Zero);
    }

    /// <summary>
    /// Exact GELU: in float with the AVX-512 kernels (<see cref="ErrorFunction.Gelu(Vector512{float})"/>), in double
    /// and rounded once on narrower vectors.
    /// </summary>
    private readonly struct GeluFunction : IVectorFunction
    {
        public static Vector512<float> Apply(Vector512<float> x) => ErrorFunction.Gelu(x);

        public static Vector256<float> Apply(Vector256<float> x)
        {
            (Vector256<double> lo, Vector256<double> hi) = Vector256.Widen(x);
            return Vector256.Narrow(ErrorFunction.Gelu(lo), ErrorFunction.Gelu(hi));
        }
    }

    /// <summary>GELU's tanh form as <c>x / (1 + exp(−2·inner))</c>, which has no cancellation for negative x.</summary>
    private readonly struct GeluTanhFunction : IVectorFunction
    {
        public static Vector512<float> Apply(Vector512<float> x)
        {
            Vector512<float> inner = Vector512.FusedMultiplyAdd(Vector512.Create(GeluTanhCubic) * x * x, x, x) * Vector512.Create(-2f * SqrtTwoOverPi);
            return x / (Vector512<float>.One + VectorExp.Exp(inner));
        }

        public static Vector256<float> Apply(Vector256<float> x)
        {
            Vector256<float> inner = Vector256.FusedMultiplyAdd(Vector256.Create(GeluTanhCubic) * x * x, x, x) * Vector256.Create(-2f * SqrtTwoOverPi);
            return x / (Vector256<float>.One + VectorExp.Exp(inner));
        }
    }

    /// <summary><c>1 / (1 + exp(−x))</c>.</summary>
    private readonly struct SigmoidFunction : IVectorFunction
    {
        public static Vector512<float> Apply(Vector512<float> x) => Vector512<float>.One / (Vector512<float>.One + VectorExp.Exp(-x));

        public static Vector256<float> Apply(Vector256<float> x) => Vector256<float>.One / (Vector256<float>.One + VectorExp.Exp(-x));
    }
}
