using System;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace AttentionGen.Runtime;

/// <summary>
/// The complementary error function for z ≥ 0, in double precision, scalar and vectorized, for exact GELU.
/// </summary>
/// <remarks>
/// erfc(z) = exp(−z²)·g(t) with t = 1/(1 + z/2). g is smooth on t in [1/6, 1] (z in [0, 10]), so a
/// degree-12 polynomial fits it: the coefficients below are a Chebyshev interpolant of g computed in
/// 40-digit arithmetic, in the variable u = 2.4·t − 1.4, which maps that interval onto [−1, 1]. Evaluated
/// in double, the relative error of erfc stays below 2e-10 on [0, 10]; beyond 10, exp(−z²) &lt; 4e-44 and
/// the result is zero at float precision. Because only erfc of |z| is needed, Φ(x) = erfc(−x/√2)/2 is
/// accurate relative to itself even deep in the negative tail, where 1 + erf would cancel.
/// </remarks>
internal static class ErrorFunction
{
    private const double E0 = 0.3336736525414603;
    private const double E1 = 0.4286347932940888;
    private const double E2 = 0.19544342234842782;
    private const double E3 = 0.04599048249424868;
    private const double E4 = -0.001105560788859351;
    private const double E5 = -0.0029242991401561397;
    private const double E6 = 9.049392966458444e-05;
    private const double E7 = 0.00024782264495058504;
    private const double E8 = -3.884460522433605e-05;
    private const double E9 = -2.0207177586643597e-05;
    private const double E10 = 8.251969002256774e-06;
    private const double E11 = 9.11487452034184e-07;
    private const double E12 = -9.190434868127963e-07;
    private const double TMin = 1.0 / 6.0;

    /// <summary>1/√2, to turn x into the erfc argument x/√2.</summary>
    public const double InvSqrt2 = 0.70710678118654752;

    /// <summary>1/√(2π), the standard normal density at 0.</summary>
    private const double InvSqrt2Pi = 0.39894228040143268;

    /// <summary>erfc(|z|).</summary>
    public static double ErfcAbs(double z)
    {
        z = Math.Abs(z);
        return Math.Exp(-(z * z)) * Fit(z);
    }

    /// <summary>GELU of one value: x·Φ(x).</summary>
    public static float Gelu(float x)
    {
        double e = 0.5 * ErfcAbs(x * InvSqrt2);
        return (float)(x * (x < 0 ? e : 1.0 - e));
    }

    /// <summary>
    /// GELU's derivative at one value, <c>Φ(x) + x·φ(x)</c>. erfc(z) = exp(−z²)·g and φ(x) = exp(−z²)/√(2π) for
    /// z = |x|/√2 share the exponential, so the derivative costs one more multiply-add than GELU itself.
    /// </summary>
    public static float GeluDerivative(float x)
    {
        double z = Math.Abs(x) * InvSqrt2;
        double ex = Math.Exp(-(z * z));
        double e = 0.5 * ex * Fit(z);
        double cdf = x < 0 ? e : 1.0 - e;
        return (float)(cdf + (x * ex * InvSqrt2Pi));
    }

    /// <summary>g(t(z)) of the fit, so erfc(z) = exp(−z²)·Fit(z) for z ≥ 0.</summary>
    private static double Fit(double z)
    {
        double t = Math.Max(1.0 / (1.0 + (0.5 * z)), TMin);
        double u = (2.4 * t) - 1.4;
        double g = E12;
        g = (g * u) + E11;
        g = (g * u) + E10;
        g = (g * u) + E9;
        g = (g * u) + E8;
        g = (g * u) + E7;
        g = (g * u) + E6;
        g = (g * u) + E5;
        g = (g * u) + E4;
        g = (g * u) + E3;
        g = (g * u) + E2;
        g = (g * u) + E1;
        return (g * u) + E0;
    }

    /// <summary>GELU of eight doubles.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> Gelu(Vector512<double> x)
    {
        Vector512<double> z = Vector512.Abs(x) * Vector512.Create(InvSqrt2);
        Vector512<double> e = VectorExp.Exp(-(z * z)) * Fit(z) * Vector512.Create(0.5);
        Vector512<double> phi = Vector512.ConditionalSelect(Vector512.LessThan(x, Vector512<double>.Zero), e, Vector512<double>.One - e);
        return x * phi;
    }

    /// <summary>GELU's derivative, Φ(x) + x·φ(x), of eight doubles.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> GeluDerivative(Vector512<double> x)
    {
        Vector512<double> z = Vector512.Abs(x) * Vector512.Create(InvSqrt2);
        Vector512<double> ex = VectorExp.Exp(-(z * z));
        Vector512<double> e = ex * Fit(z) * Vector512.Create(0.5);
        Vector512<double> cdf = Vector512.ConditionalSelect(Vector512.LessThan(x, Vector512<double>.Zero), e, Vector512<double>.One - e);
        return Vector512.FusedMultiplyAdd(x, ex * Vector512.Create(InvSqrt2Pi), cdf);
    }

    /// <summary>GELU of four doubles.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> Gelu(Vector256<double> x)
    {
        Vector256<double> z = Vector256.Abs(x) * Vector256.Create(InvSqrt2);
        Vector256<double> e = VectorExp.Exp(-(z * z)) * Fit(z) * Vector256.Create(0.5);
        Vector256<double> phi = Vector256.ConditionalSelect(Vector256.LessThan(x, Vector256<double>.Zero), e, Vector256<double>.One - e);
        return x * phi;
    }

    /// <summary>GELU's derivative, Φ(x) + x·φ(x), of four doubles.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> GeluDerivative(Vector256<double> x)
    {
        Vector256<double> z = Vector256.Abs(x) * Vector256.Create(InvSqrt2);
        Vector256<double> ex = VectorExp.Exp(-(z * z));
        Vector256<double> e = ex * Fit(z) * Vector256.Create(0.5);
        Vector256<double> cdf = Vector256.ConditionalSelect(Vector256.LessThan(x, Vector256<double>.Zero), e, Vector256<double>.One - e);
        return Vector256.FusedMultiplyAdd(x, ex * Vector256.Create(InvSqrt2Pi), cdf);
    }

    /// <summary>The fit g(t(z)) of eight doubles z ≥ 0, Horner with fused multiply-adds.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<double> Fit(Vector512<double> z)
    {
        // t = 1/(1 + z/2), at least TMin = 1/6: the denominator clamped to 6 gives the same t, and keeps it finite for
        // the reciprocal estimate refined twice by Newton (14 → 28 → 56 bits), several times cheaper than a division.
        Vector512<double> den = Vector512.Min(Vector512.FusedMultiplyAdd(z, Vector512.Create(0.5), Vector512<double>.One), Vector512.Create(6.0));
        Vector512<double> t = Vector512.Max(Reciprocal(den), Vector512.Create(TMin));
        Vector512<double> u = Vector512.FusedMultiplyAdd(t, Vector512.Create(2.4), Vector512.Create(-1.4));
        Vector512<double> g = Vector512.Create(E12);
        g = Vector512.FusedMultiplyAdd(g, u, Vector512.Create(E11));
        g = Vector512.FusedMultiplyAdd(g, u, Vector512.Create(E10));
        g = Vector512.FusedMultiplyAdd(g, u, Vector512.Create(E9));
        g = Vector512.FusedMultiplyAdd(g, u, Vector512.Create(E8));
        g = Vector512.FusedMultiplyAdd(g, u, Vector512.Create(E7));
        g = Vector512.FusedMultiplyAdd(g, u, Vector512.Create(E6));
        g = Vector512.FusedMultiplyAdd(g, u, Vector512.Create(E5));
        g = Vector512.FusedMultiplyAdd(g, u, Vector512.Create(E4));
        g = Vector512.FusedMultiplyAdd(g, u, Vector512.Create(E3));
        g = Vector512.FusedMultiplyAdd(g, u, Vector512.Create(E2));
        g = Vector512.FusedMultiplyAdd(g, u, Vector512.Create(E1));
        return Vector512.FusedMultiplyAdd(g, u, Vector512.Create(E0));
    }

    /// <summary>The fit g(t(z)) of four doubles z ≥ 0.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<double> Fit(Vector256<double> z)
    {
        Vector256<double> den = Vector256.Min(Vector256.FusedMultiplyAdd(z, Vector256.Create(0.5), Vector256<double>.One), Vector256.Create(6.0));
        Vector256<double> t = Vector256.Max(Reciprocal(den), Vector256.Create(TMin));
        Vector256<double> u = Vector256.FusedMultiplyAdd(t, Vector256.Create(2.4), Vector256.Create(-1.4));
        Vector256<double> g = Vector256.Create(E12);
        g = Vector256.FusedMultiplyAdd(g, u, Vector256.Create(E11));
        g = Vector256.FusedMultiplyAdd(g, u, Vector256.Create(E10));
        g = Vector256.FusedMultiplyAdd(g, u, Vector256.Create(E9));
        g = Vector256.FusedMultiplyAdd(g, u, Vector256.Create(E8));
        g = Vector256.FusedMultiplyAdd(g, u, Vector256.Create(E7));
        g = Vector256.FusedMultiplyAdd(g, u, Vector256.Create(E6));
        g = Vector256.FusedMultiplyAdd(g, u, Vector256.Create(E5));
        g = Vector256.FusedMultiplyAdd(g, u, Vector256.Create(E4));
        g = Vector256.FusedMultiplyAdd(g, u, Vector256.Create(E3));
        g = Vector256.FusedMultiplyAdd(g, u, Vector256.Create(E2));
        g = Vector256.FusedMultiplyAdd(g, u, Vector256.Create(E1));
        return Vector256.FusedMultiplyAdd(g, u, Vector256.Create(E0));
    }

    /// <summary>1/d for d in [1, 6]: the 14-bit hardware estimate and two Newton steps, or a division without AVX-512.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<double> Reciprocal(Vector512<double> d)
    {
        if (!Avx512F.IsSupported)
        {
            return Vector512<double>.One / d;
        }

        Vector512<double> r = Avx512F.Reciprocal14(d);
        r = Vector512.FusedMultiplyAdd(r, Vector512.FusedMultiplyAdd(-d, r, Vector512<double>.One), r);
        return Vector512.FusedMultiplyAdd(r, Vector512.FusedMultiplyAdd(-d, r, Vector512<double>.One), r);
    }

    /// <summary>1/d for d in [1, 6], as the 512-bit form.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<double> Reciprocal(Vector256<double> d)
    {
        if (!Avx512F.VL.IsSupported)
        {
            return Vector256<double>.One / d;
        }

        Vector256<double> r = Avx512F.VL.Reciprocal14(d);
        r = Vector256.FusedMultiplyAdd(r, Vector256.FusedMultiplyAdd(-d, r, Vector256<double>.One), r);
        return Vector256.FusedMultiplyAdd(r, Vector256.FusedMultiplyAdd(-d, r, Vector256<double>.One), r);
    }

    /// <summary>
    /// GELU, <c>x·Φ(x)</c>, in float on whole vectors: see <see cref="Tail(Vector512{float})"/> for how the tail keeps
    /// its relative accuracy. Within a few float ulp of the exact value over the normal range (tested against a double
    /// reference down to x = −12), at a third of the double evaluation's cost.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Gelu(Vector512<float> x)
    {
        (_, Vector512<float> erfc) = Tail(x);
        Vector512<float> half = erfc * Vector512.Create(0.5f);
        return x * Vector512.ConditionalSelect(Vector512.LessThan(x, Vector512<float>.Zero), half, Vector512<float>.One - half);
    }

    /// <summary>GELU's derivative, <c>Φ(x) + x·φ(x)</c>, in float on whole vectors.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> GeluDerivative(Vector512<float> x)
    {
        (Vector512<float> e, Vector512<float> erfc) = Tail(x);
        Vector512<float> half = erfc * Vector512.Create(0.5f);
        Vector512<float> cdf = Vector512.ConditionalSelect(Vector512.LessThan(x, Vector512<float>.Zero), half, Vector512<float>.One - half);
        return Vector512.FusedMultiplyAdd(x, e * Vector512.Create((float)InvSqrt2Pi), cdf);
    }

    /// <summary>
    /// <c>e = exp(−x²/2)</c> and <c>erfc(|x|/√2) = e·Fit(|x|/√2)</c> in float. A float x² would carry a relative error of
    /// 2⁻²⁴, which the exponential multiplies by x²/2 (70 at x = −12): x² is split exactly into hi + lo with one fused
    /// multiply-add, and exp(−lo/2) ≈ 1 − lo/2 corrects the rounded exponent, so e stays within a few ulp. Fit only
    /// needs |x|/√2 to float precision.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (Vector512<float> Exp, Vector512<float> Erfc) Tail(Vector512<float> x)
    {
        Vector512<float> hi = x * x;
        Vector512<float> lo = Vector512.FusedMultiplyAdd(x, x, -hi);
        Vector512<float> e = VectorExp.Exp(hi * Vector512.Create(-0.5f)) * Vector512.FusedMultiplyAdd(lo, Vector512.Create(-0.5f), Vector512<float>.One);

        Vector512<float> z = Vector512.Abs(x) * Vector512.Create((float)InvSqrt2);
        Vector512<float> den = Vector512.Min(Vector512.FusedMultiplyAdd(z, Vector512.Create(0.5f), Vector512<float>.One), Vector512.Create(6f));
        Vector512<float> t = Vector512.Max(Reciprocal(den), Vector512.Create((float)TMin));
        Vector512<float> u = Vector512.FusedMultiplyAdd(t, Vector512.Create(2.4f), Vector512.Create(-1.4f));
        Vector512<float> g = Vector512.Create((float)E12);
        g = Vector512.FusedMultiplyAdd(g, u, Vector512.Create((float)E11));
        g = Vector512.FusedMultiplyAdd(g, u, Vector512.Create((float)E10));
        g = Vector512.FusedMultiplyAdd(g, u, Vector512.Create((float)E9));
        g = Vector512.FusedMultiplyAdd(g, u, Vector512.Create((float)E8));
        g = Vector512.FusedMultiplyAdd(g, u, Vector512.Create((float)E7));
        g = Vector512.FusedMultiplyAdd(g, u, Vector512.Create((float)E6));
        g = Vector512.FusedMultiplyAdd(g, u, Vector512.Create((float)E5));
        g = Vector512.FusedMultiplyAdd(g, u, Vector512.Create((float)E4));
        g = Vector512.FusedMultiplyAdd(g, u, Vector512.Create((float)E3));
        g = Vector512.FusedMultiplyAdd(g, u, Vector512.Create((float)E2));
        g = Vector512.FusedMultiplyAdd(g, u, Vector512.Create((float)E1));
        g = Vector512.FusedMultiplyAdd(g, u, Vector512.Create((float)E0));
        return (e, e * g);
    }

    /// <summary>1/d for d in [1, 6] in float: the 14-bit estimate and one Newton step (28 bits), or a division.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> Reciprocal(Vector512<float> d)
    {
        if (!Avx512F.IsSupported)
        {
            return Vector512<float>.One / d;
        }

        Vector512<float> r = Avx512F.Reciprocal14(d);
        return Vector512.FusedMultiplyAdd(r, Vector512.FusedMultiplyAdd(-d, r, Vector512<float>.One), r);
    }
}
