using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace AttentionGen.Runtime;

/// <summary>
/// The exponential over whole vectors, for the softmax of attention, the GELUs and the sigmoid. .NET's own
/// <c>Vector512.Exp</c> measured about 50 ns per vector of 16 floats on this project's machines (AVX-512 Zen 5): close
/// to a scalar call per lane, and the largest cost in attention's softmax. This is the classic vectorized form, a few
/// nanoseconds per vector: <c>exp(x) = 2ⁿ·exp(r)</c> with <c>n = round(x/ln 2)</c> and <c>r = x − n·ln 2</c> (ln 2 split in
/// two parts so r is exact to the last bits), <c>exp(r)</c> by a polynomial on |r| ≤ ln 2 / 2, and 2ⁿ built in the
/// exponent bits.
/// <para>
/// Accuracy: float within 2 ulp of the exact value (the polynomial is Cephes' expf, minimax to 2e-7 relative), double
/// within a few ulp (Taylor to degree 12: the truncation is below 2e-16 on |r| ≤ ln 2 / 2). Special values follow
/// IEEE: exp(−∞) = 0, exp(+∞) = +∞, NaN stays NaN. Results that would be subnormal are flushed to 0 (below 1.2e-38 for
/// float, 2.2e-308 for double): a subnormal probability or GELU tail changes nothing downstream, and subnormal operands
/// slow every later multiply-add on x86 by two orders of magnitude.
/// </para>
/// </summary>
internal static class VectorExp
{
    private const float Log2EF = 1.44269504088896341f;
    private const float Ln2HiF = 0.693359375f;     // exact in 9 bits, so n·Ln2HiF is exact for |n| ≤ 2^15
    private const float Ln2LoF = -2.12194440e-4f;
    private const float MaxF = 88.7228391f;        // exp overflows above
    private const float MinF = -87.3365448f;       // exp(MinF) = 2^-126, the smallest normal float

    private const double Log2E = 1.4426950408889634;
    private const double Ln2Hi = 6.93147180369123816490e-01; // fdlibm's split of ln 2: n·Ln2Hi exact for |n| < 2^11
    private const double Ln2Lo = 1.90821492927058770002e-10;
    private const double Max = 709.782712893384;
    private const double Min = -708.3964185322641;  // exp(Min) = 2^-1022, the smallest normal double

    /// <summary>e^x per lane, float.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Exp(Vector512<float> x)
    {
        Vector512<float> clamped = Vector512.Min(Vector512.Max(x, Vector512.Create(MinF)), Vector512.Create(MaxF));
        Vector512<float> n = Vector512.Round(clamped * Vector512.Create(Log2EF));
        Vector512<float> r = Vector512.FusedMultiplyAdd(n, Vector512.Create(-Ln2HiF), clamped);
        r = Vector512.FusedMultiplyAdd(n, Vector512.Create(-Ln2LoF), r);
        Vector512<float> p = Vector512.Create(1.9875691500e-4f);
        p = Vector512.FusedMultiplyAdd(p, r, Vector512.Create(1.3981999507e-3f));
        p = Vector512.FusedMultiplyAdd(p, r, Vector512.Create(8.3334519073e-3f));
        p = Vector512.FusedMultiplyAdd(p, r, Vector512.Create(4.1665795894e-2f));
        p = Vector512.FusedMultiplyAdd(p, r, Vector512.Create(1.6666665459e-1f));
        p = Vector512.FusedMultiplyAdd(p, r, Vector512.Create(5.0000001201e-1f));
        p = Vector512.FusedMultiplyAdd(p * r, r, r) + Vector512<float>.One;

        // 2ⁿ as two powers of two built in the exponent bits: n is in [−126, 128], each half in [−63, 64].
        Vector512<int> ni = Vector512.ConvertToInt32(n);
        Vector512<int> half = ni >> 1;
        Vector512<float> result = p * ((half + Vector512.Create(127)) << 23).AsSingle() * ((ni - half + Vector512.Create(127)) << 23).AsSingle();

        // Below the smallest normal (and −∞): 0. Above the largest finite (and +∞): +∞. NaN: itself.
        result = Vector512.ConditionalSelect(Vector512.LessThan(x, Vector512.Create(MinF)), Vector512<float>.Zero, result);
        result = Vector512.ConditionalSelect(Vector512.GreaterThan(x, Vector512.Create(MaxF)), Vector512.Create(float.PositiveInfinity), result);
        return Vector512.ConditionalSelect(Vector512.Equals(x, x), result, x);
    }

    /// <summary>e^x per lane, float (256-bit).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Exp(Vector256<float> x)
    {
        Vector256<float> clamped = Vector256.Min(Vector256.Max(x, Vector256.Create(MinF)), Vector256.Create(MaxF));
        Vector256<float> n = Vector256.Round(clamped * Vector256.Create(Log2EF));
        Vector256<float> r = Vector256.FusedMultiplyAdd(n, Vector256.Create(-Ln2HiF), clamped);
        r = Vector256.FusedMultiplyAdd(n, Vector256.Create(-Ln2LoF), r);
        Vector256<float> p = Vector256.Create(1.9875691500e-4f);
        p = Vector256.FusedMultiplyAdd(p, r, Vector256.Create(1.3981999507e-3f));
        p = Vector256.FusedMultiplyAdd(p, r, Vector256.Create(8.3334519073e-3f));
        p = Vector256.FusedMultiplyAdd(p, r, Vector256.Create(4.1665795894e-2f));
        p = Vector256.FusedMultiplyAdd(p, r, Vector256.Create(1.6666665459e-1f));
        p = Vector256.FusedMultiplyAdd(p, r, Vector256.Create(5.0000001201e-1f));
        p = Vector256.FusedMultiplyAdd(p * r, r, r) + Vector256<float>.One;

        // 2ⁿ as two powers of two built in the exponent bits: n is in [−126, 128], each half in [−63, 64].
        Vector256<int> ni = Vector256.ConvertToInt32(n);
        Vector256<int> half = ni >> 1;
        Vector256<float> result = p * ((half + Vector256.Create(127)) << 23).AsSingle() * ((ni - half + Vector256.Create(127)) << 23).AsSingle();

        // Below the smallest normal (and −∞): 0. Above the largest finite (and +∞): +∞. NaN: itself.
        result = Vector256.ConditionalSelect(Vector256.LessThan(x, Vector256.Create(MinF)), Vector256<float>.Zero, result);
        result = Vector256.ConditionalSelect(Vector256.GreaterThan(x, Vector256.Create(MaxF)), Vector256.Create(float.PositiveInfinity), result);
        return Vector256.ConditionalSelect(Vector256.Equals(x, x), result, x);
    }

    /// <summary>e^x per lane, double.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> Exp(Vector512<double> x)
    {
        Vector512<double> clamped = Vector512.Min(Vector512.Max(x, Vector512.Create(Min)), Vector512.Create(Max));
        Vector512<double> n = Vector512.Round(clamped * Vector512.Create(Log2E));
        Vector512<double> r = Vector512.FusedMultiplyAdd(n, Vector512.Create(-Ln2Hi), clamped);
        r = Vector512.FusedMultiplyAdd(n, Vector512.Create(-Ln2Lo), r);

        // Taylor to degree 12 (1/k!), evaluated by Horner.
        Vector512<double> p = Vector512.Create(1.0 / 479001600);
        p = Vector512.FusedMultiplyAdd(p, r, Vector512.Create(1.0 / 39916800));
        p = Vector512.FusedMultiplyAdd(p, r, Vector512.Create(1.0 / 3628800));
        p = Vector512.FusedMultiplyAdd(p, r, Vector512.Create(1.0 / 362880));
        p = Vector512.FusedMultiplyAdd(p, r, Vector512.Create(1.0 / 40320));
        p = Vector512.FusedMultiplyAdd(p, r, Vector512.Create(1.0 / 5040));
        p = Vector512.FusedMultiplyAdd(p, r, Vector512.Create(1.0 / 720));
        p = Vector512.FusedMultiplyAdd(p, r, Vector512.Create(1.0 / 120));
        p = Vector512.FusedMultiplyAdd(p, r, Vector512.Create(1.0 / 24));
        p = Vector512.FusedMultiplyAdd(p, r, Vector512.Create(1.0 / 6));
        p = Vector512.FusedMultiplyAdd(p, r, Vector512.Create(0.5));
        p = Vector512.FusedMultiplyAdd(p * r, r, r) + Vector512<double>.One;

        // 2ⁿ as two powers of two built in the exponent bits: n is in [−1022, 1024], each half in [−511, 512].
        Vector512<long> ni = Vector512.ConvertToInt64(n);
        Vector512<long> half = ni >> 1;
        Vector512<double> result = p * ((half + Vector512.Create(1023L)) << 52).AsDouble() * ((ni - half + Vector512.Create(1023L)) << 52).AsDouble();

        result = Vector512.ConditionalSelect(Vector512.LessThan(x, Vector512.Create(Min)), Vector512<double>.Zero, result);
        result = Vector512.ConditionalSelect(Vector512.GreaterThan(x, Vector512.Create(Max)), Vector512.Create(double.PositiveInfinity), result);
        return Vector512.ConditionalSelect(Vector512.Equals(x, x), result, x);
    }

    /// <summary>e^x per lane, double (256-bit).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> Exp(Vector256<double> x)
    {
        Vector256<double> clamped = Vector256.Min(Vector256.Max(x, Vector256.Create(Min)), Vector256.Create(Max));
        Vector256<double> n = Vector256.Round(clamped * Vector256.Create(Log2E));
        Vector256<double> r = Vector256.FusedMultiplyAdd(n, Vector256.Create(-Ln2Hi), clamped);
        r = Vector256.FusedMultiplyAdd(n, Vector256.Create(-Ln2Lo), r);

        // Taylor to degree 12 (1/k!), evaluated by Horner.
        Vector256<double> p = Vector256.Create(1.0 / 479001600);
        p = Vector256.FusedMultiplyAdd(p, r, Vector256.Create(1.0 / 39916800));
        p = Vector256.FusedMultiplyAdd(p, r, Vector256.Create(1.0 / 3628800));
        p = Vector256.FusedMultiplyAdd(p, r, Vector256.Create(1.0 / 362880));
        p = Vector256.FusedMultiplyAdd(p, r, Vector256.Create(1.0 / 40320));
        p = Vector256.FusedMultiplyAdd(p, r, Vector256.Create(1.0 / 5040));
        p = Vector256.FusedMultiplyAdd(p, r, Vector256.Create(1.0 / 720));
        p = Vector256.FusedMultiplyAdd(p, r, Vector256.Create(1.0 / 120));
        p = Vector256.FusedMultiplyAdd(p, r, Vector256.Create(1.0 / 24));
        p = Vector256.FusedMultiplyAdd(p, r, Vector256.Create(1.0 / 6));
        p = Vector256.FusedMultiplyAdd(p, r, Vector256.Create(0.5));
        p = Vector256.FusedMultiplyAdd(p * r, r, r) + Vector256<double>.One;

        // 2ⁿ as two powers of two built in the exponent bits: n is in [−1022, 1024], each half in [−511, 512].
        Vector256<long> ni = Vector256.ConvertToInt64(n);
        Vector256<long> half = ni >> 1;
        Vector256<double> result = p * ((half + Vector256.Create(1023L)) << 52).AsDouble() * ((ni - half + Vector256.Create(1023L)) << 52).AsDouble();

        result = Vector256.ConditionalSelect(Vector256.LessThan(x, Vector256.Create(Min)), Vector256<double>.Zero, result);
        result = Vector256.ConditionalSelect(Vector256.GreaterThan(x, Vector256.Create(Max)), Vector256.Create(double.PositiveInfinity), result);
        return Vector256.ConditionalSelect(Vector256.Equals(x, x), result, x);
    }
}
