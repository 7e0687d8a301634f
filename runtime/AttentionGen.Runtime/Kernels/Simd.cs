using System;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace AttentionGen.Runtime;

/// <summary>
/// Vector building blocks for the kernels, over raw pointers the public entry points have already
/// bounds-checked. Each loop runs 512-bit vectors when the CPU has them (the JIT folds the
/// <see cref="Vector512.IsHardwareAccelerated"/> test to a constant and drops the dead branch), then
/// 256-bit vectors, then a scalar tail, so any length works and short rows still use SIMD.
/// </summary>
internal static unsafe class Simd
{
    /// <summary>Dot product of two length-<paramref name="n"/> rows.</summary>
    public static float Dot(float* a, float* b, int n)
    {
        int i = 0;
        Vector256<float> acc = Vector256<float>.Zero;
        if (Vector512.IsHardwareAccelerated && n >= 16)
        {
            Vector512<float> acc0 = Vector512<float>.Zero;
            Vector512<float> acc1 = Vector512<float>.Zero;
            for (; i <= n - 32; i += 32)
            {
                acc0 = Vector512.FusedMultiplyAdd(Vector512.Load(a + i), Vector512.Load(b + i), acc0);
                acc1 = Vector512.FusedMultiplyAdd(Vector512.Load(a + i + 16), Vector512.Load(b + i + 16), acc1);
            }

            if (i <= n - 16)
            {
                acc0 = Vector512.FusedMultiplyAdd(Vector512.Load(a + i), Vector512.Load(b + i), acc0);
                i += 16;
            }

            acc0 += acc1;
            acc = acc0.GetLower() + acc0.GetUpper();
        }

        for (; i <= n - 8; i += 8)
        {
            acc = Vector256.FusedMultiplyAdd(Vector256.Load(a + i), Vector256.Load(b + i), acc);
        }

        float sum = Vector256.Sum(acc);
        for (; i < n; i++)
        {
            sum += a[i] * b[i];
        }

        return sum;
    }

    /// <summary>One row against four: [a·b0, a·b1, a·b2, a·b3]. Each load of <paramref name="a"/> feeds four products.</summary>
    public static Vector128<float> Dot1x4(float* a, float* b0, float* b1, float* b2, float* b3, int n)
    {
        int i = 0;
        Vector256<float> s0 = Vector256<float>.Zero, s1 = Vector256<float>.Zero, s2 = Vector256<float>.Zero, s3 = Vector256<float>.Zero;
        if (Vector512.IsHardwareAccelerated && n >= 16)
        {
            Vector512<float> c0 = Vector512<float>.Zero, c1 = Vector512<float>.Zero, c2 = Vector512<float>.Zero, c3 = Vector512<float>.Zero;
            for (; i <= n - 16; i += 16)
            {
                Vector512<float> va = Vector512.Load(a + i);
                c0 = Vector512.FusedMultiplyAdd(va, Vector512.Load(b0 + i), c0);
                c1 = Vector512.FusedMultiplyAdd(va, Vector512.Load(b1 + i), c1);
                c2 = Vector512.FusedMultiplyAdd(va, Vector512.Load(b2 + i), c2);
                c3 = Vector512.FusedMultiplyAdd(va, Vector512.Load(b3 + i), c3);
            }

            s0 = c0.GetLower() + c0.GetUpper();
            s1 = c1.GetLower() + c1.GetUpper();
            s2 = c2.GetLower() + c2.GetUpper();
            s3 = c3.GetLower() + c3.GetUpper();
        }

        for (; i <= n - 8; i += 8)
        {
            Vector256<float> va = Vector256.Load(a + i);
            s0 = Vector256.FusedMultiplyAdd(va, Vector256.Load(b0 + i), s0);
            s1 = Vector256.FusedMultiplyAdd(va, Vector256.Load(b1 + i), s1);
            s2 = Vector256.FusedMultiplyAdd(va, Vector256.Load(b2 + i), s2);
            s3 = Vector256.FusedMultiplyAdd(va, Vector256.Load(b3 + i), s3);
        }

        Vector128<float> result = Reduce4(s0, s1, s2, s3);
        if (i < n)
        {
            float t0 = 0, t1 = 0, t2 = 0, t3 = 0;
            for (; i < n; i++)
            {
                float ai = a[i];
                t0 += ai * b0[i];
                t1 += ai * b1[i];
                t2 += ai * b2[i];
                t3 += ai * b3[i];
            }

            result += Vector128.Create(t0, t1, t2, t3);
        }

        return result;
    }

    /// <summary>
    /// Four rows against two: <paramref name="r0"/> = [a0·b0, a1·b0, a2·b0, a3·b0], <paramref name="r1"/> the same with b1.
    /// Eight independent accumulators hide the FMA latency; each loaded vector feeds two or four products.
    /// </summary>
    public static void Dot4x2(
        float* a0, float* a1, float* a2, float* a3, float* b0, float* b1, int n,
        out Vector128<float> r0, out Vector128<float> r1)
    {
        int i = 0;
        Vector256<float> s00 = Vector256<float>.Zero, s10 = Vector256<float>.Zero, s20 = Vector256<float>.Zero, s30 = Vector256<float>.Zero;
        Vector256<float> s01 = Vector256<float>.Zero, s11 = Vector256<float>.Zero, s21 = Vector256<float>.Zero, s31 = Vector256<float>.Zero;
        if (Vector512.IsHardwareAccelerated && n >= 16)
        {
            Vector512<float> c00 = Vector512<float>.Zero, c10 = Vector512<float>.Zero, c20 = Vector512<float>.Zero, c30 = Vector512<float>.Zero;
            Vector512<float> c01 = Vector512<float>.Zero, c11 = Vector512<float>.Zero, c21 = Vector512<float>.Zero, c31 = Vector512<float>.Zero;
            for (; i <= n - 16; i += 16)
            {
                Vector512<float> w0 = Vector512.Load(b0 + i);
                Vector512<float> w1 = Vector512.Load(b1 + i);
                Vector512<float> x = Vector512.Load(a0 + i);
                c00 = Vector512.FusedMultiplyAdd(x, w0, c00);
                c01 = Vector512.FusedMultiplyAdd(x, w1, c01);
                x = Vector512.Load(a1 + i);
                c10 = Vector512.FusedMultiplyAdd(x, w0, c10);
                c11 = Vector512.FusedMultiplyAdd(x, w1, c11);
                x = Vector512.Load(a2 + i);
                c20 = Vector512.FusedMultiplyAdd(x, w0, c20);
                c21 = Vector512.FusedMultiplyAdd(x, w1, c21);
                x = Vector512.Load(a3 + i);
                c30 = Vector512.FusedMultiplyAdd(x, w0, c30);
                c31 = Vector512.FusedMultiplyAdd(x, w1, c31);
            }

            s00 = c00.GetLower() + c00.GetUpper();
            s10 = c10.GetLower() + c10.GetUpper();
            s20 = c20.GetLower() + c20.GetUpper();
            s30 = c30.GetLower() + c30.GetUpper();
            s01 = c01.GetLower() + c01.GetUpper();
            s11 = c11.GetLower() + c11.GetUpper();
            s21 = c21.GetLower() + c21.GetUpper();
            s31 = c31.GetLower() + c31.GetUpper();
        }

        for (; i <= n - 8; i += 8)
        {
            Vector256<float> w0 = Vector256.Load(b0 + i);
            Vector256<float> w1 = Vector256.Load(b1 + i);
            Vector256<float> x = Vector256.Load(a0 + i);
            s00 = Vector256.FusedMultiplyAdd(x, w0, s00);
            s01 = Vector256.FusedMultiplyAdd(x, w1, s01);
            x = Vector256.Load(a1 + i);
            s10 = Vector256.FusedMultiplyAdd(x, w0, s10);
            s11 = Vector256.FusedMultiplyAdd(x, w1, s11);
            x = Vector256.Load(a2 + i);
            s20 = Vector256.FusedMultiplyAdd(x, w0, s20);
            s21 = Vector256.FusedMultiplyAdd(x, w1, s21);
            x = Vector256.Load(a3 + i);
            s30 = Vector256.FusedMultiplyAdd(x, w0, s30);
            s31 = Vector256.FusedMultiplyAdd(x, w1, s31);
        }

        r0 = Reduce4(s00, s10, s20, s30);
        r1 = Reduce4(s01, s11, s21, s31);
        if (i < n)
        {
            float t00 = 0, t10 = 0, t20 = 0, t30 = 0, t01 = 0, t11 = 0, t21 = 0, t31 = 0;
            for (; i < n; i++)
            {
                float w0 = b0[i];
                float w1 = b1[i];
                float x = a0[i];
                t00 += x * w0;
                t01 += x * w1;
                x = a1[i];
                t10 += x * w0;
                t11 += x * w1;
                x = a2[i];
                t20 += x * w0;
                t21 += x * w1;
                x = a3[i];
                t30 += x * w0;
                t31 += x * w1;
            }

            r0 += Vector128.Create(t00, t10, t20, t30);
            r1 += Vector128.Create(t01, t11, t21, t31);
        }
    }

    /// <summary>Horizontal sums of four vectors at once: [Σa, Σb, Σc, Σd], three horizontal adds instead of four full reductions.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Reduce4(Vector256<float> a, Vector256<float> b, Vector256<float> c, Vector256<float> d)
    {
        if (Avx.IsSupported)
        {
            // Lanes after the adds: [a01+a23, b01+b23, c01+c23, d01+d23 | a45+a67, b45+b67, c45+c67, d45+d67].
            Vector256<float> ab = Avx.HorizontalAdd(a, b);
            Vector256<float> cd = Avx.HorizontalAdd(c, d);
            Vector256<float> abcd = Avx.HorizontalAdd(ab, cd);
            return abcd.GetLower() + abcd.GetUpper();
        }

        return Vector128.Create(Vector256.Sum(a), Vector256.Sum(b), Vector256.Sum(c), Vector256.Sum(d));
    }

    /// <summary>y += alpha·x over <paramref name="n"/> elements.</summary>
    public static void Axpy(float alpha, float* x, float* y, int n)
    {
        int i = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            Vector512<float> va = Vector512.Create(alpha);
            for (; i <= n - 16; i += 16)
            {
                Vector512.FusedMultiplyAdd(va, Vector512.Load(x + i), Vector512.Load(y + i)).Store(y + i);
            }
        }

        Vector256<float> vb = Vector256.Create(alpha);
        for (; i <= n - 8; i += 8)
        {
            Vector256.FusedMultiplyAdd(vb, Vector256.Load(x + i), Vector256.Load(y + i)).Store(y + i);
        }

        for (; i < n; i++)
        {
            y[i] += alpha * x[i];
        }
    }

    /// <summary>y += x over <paramref name="n"/> elements.</summary>
    public static void Add(float* x, float* y, int n)
    {
        int i = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            for (; i <= n - 16; i += 16)
            {
                (Vector512.Load(y + i) + Vector512.Load(x + i)).Store(y + i);
            }
        }

        for (; i <= n - 8; i += 8)
        {
            (Vector256.Load(y + i) + Vector256.Load(x + i)).Store(y + i);
        }

        for (; i < n; i++)
        {
            y[i] += x[i];
        }
    }

    /// <summary>sum = a + b over <paramref name="n"/> elements; sum may be a or b itself.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Add(float* a, float* b, float* sum, int n)
    {
        int i = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            for (; i <= n - 16; i += 16)
            {
                (Vector512.Load(a + i) + Vector512.Load(b + i)).Store(sum + i);
            }
        }

        for (; i <= n - 8; i += 8)
        {
            (Vector256.Load(a + i) + Vector256.Load(b + i)).Store(sum + i);
        }

        for (; i < n; i++)
        {
            sum[i] = a[i] + b[i];
        }
    }

    /// <summary>y = x·s over <paramref name="n"/> elements.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void ScaleInto(float* x, float* y, float s, int n)
    {
        int i = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            Vector512<float> vs = Vector512.Create(s);
            for (; i <= n - 16; i += 16)
            {
                (Vector512.Load(x + i) * vs).Store(y + i);
            }
        }

        Vector256<float> vt = Vector256.Create(s);
        for (; i <= n - 8; i += 8)
        {
            (Vector256.Load(x + i) * vt).Store(y + i);
        }

        for (; i < n; i++)
        {
            y[i] = x[i] * s;
        }
    }

    /// <summary>x *= s over <paramref name="n"/> elements.</summary>
    public static void Scale(float* x, float s, int n)
    {
        int i = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            Vector512<float> vs = Vector512.Create(s);
            for (; i <= n - 16; i += 16)
            {
                (Vector512.Load(x + i) * vs).Store(x + i);
            }
        }

        Vector256<float> vt = Vector256.Create(s);
        for (; i <= n - 8; i += 8)
        {
            (Vector256.Load(x + i) * vt).Store(x + i);
        }

        for (; i < n; i++)
        {
            x[i] *= s;
        }
    }

    /// <summary>Sum of <paramref name="n"/> elements.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Sum(float* x, int n)
    {
        int i = 0;
        Vector256<float> acc = Vector256<float>.Zero;
        if (Vector512.IsHardwareAccelerated && n >= 16)
        {
            Vector512<float> acc0 = Vector512<float>.Zero;
            for (; i <= n - 16; i += 16)
            {
                acc0 += Vector512.Load(x + i);
            }

            acc = acc0.GetLower() + acc0.GetUpper();
        }

        for (; i <= n - 8; i += 8)
        {
            acc += Vector256.Load(x + i);
        }

        float sum = Vector256.Sum(acc);
        for (; i < n; i++)
        {
            sum += x[i];
        }

        return sum;
    }

    /// <summary>Largest of <paramref name="n"/> ≥ 1 elements (−∞ if all are −∞; NaN handling is unspecified).</summary>
    public static float Max(float* x, int n)
    {
        int i = 0;
        float max = float.NegativeInfinity;
        if (n >= 8)
        {
            Vector256<float> acc = Vector256.Create(float.NegativeInfinity);
            if (Vector512.IsHardwareAccelerated && n >= 16)
            {
                Vector512<float> acc0 = Vector512.Create(float.NegativeInfinity);
                for (; i <= n - 16; i += 16)
                {
                    acc0 = Vector512.MaxNative(acc0, Vector512.Load(x + i));
                }

                acc = Vector256.MaxNative(acc0.GetLower(), acc0.GetUpper());
            }

            for (; i <= n - 8; i += 8)
            {
                acc = Vector256.MaxNative(acc, Vector256.Load(x + i));
            }

            Vector128<float> m = Vector128.MaxNative(acc.GetLower(), acc.GetUpper());
            max = MathF.Max(MathF.Max(m.GetElement(0), m.GetElement(1)), MathF.Max(m.GetElement(2), m.GetElement(3)));
        }

        for (; i < n; i++)
        {
            max = MathF.Max(max, x[i]);
        }

        return max;
    }

    /// <summary>x = exp(x − shift) in place over <paramref name="n"/> elements; returns the sum of the new values.</summary>
    public static float ExpShiftSum(float* x, int n, float shift)
    {
        int i = 0;
        Vector256<float> acc = Vector256<float>.Zero;
        if (Vector512.IsHardwareAccelerated && n >= 16)
        {
            Vector512<float> vs = Vector512.Create(shift);
            Vector512<float> acc0 = Vector512<float>.Zero;
            for (; i <= n - 16; i += 16)
            {
                Vector512<float> e = VectorExp.Exp(Vector512.Load(x + i) - vs);
                e.Store(x + i);
                acc0 += e;
            }

            acc = acc0.GetLower() + acc0.GetUpper();
        }

        Vector256<float> vt = Vector256.Create(shift);
        for (; i <= n - 8; i += 8)
        {
            Vector256<float> e = VectorExp.Exp(Vector256.Load(x + i) - vt);
            e.Store(x + i);
            acc += e;
        }

        float sum = Vector256.Sum(acc);
        for (; i < n; i++)
        {
            float e = MathF.Exp(x[i] - shift);
            x[i] = e;
            sum += e;
        }

        return sum;
    }

    /// <summary>Sets <paramref name="n"/> elements to zero.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Clear(float* x, int n) => new Span<float>(x, n).Clear();
}
