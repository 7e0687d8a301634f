using System;

namespace AttentionGen.Runtime;

/// <summary>
/// Logarithm and sine/cosine built from +, −, × and ÷ only. IEEE 754 fixes the result of each of
/// those operations (and .NET never contracts a*b+c into a fused multiply-add on its own), so these
/// return the same bits on every machine, unlike <see cref="Math.Log(double)"/> and
/// <see cref="Math.Sin(double)"/>, which call the platform's C library. <see cref="Rng.NextNormal"/>
/// relies on that to give one stream everywhere. Accuracy is about 1e-16 relative, far beyond what a
/// float sample needs.
/// </summary>
internal static class PortableMath
{
    private const double Ln2 = 0.6931471805599453;
    private const double HalfPi = 1.5707963267948966;
    private const double Sqrt2 = 1.4142135623730951;

    /// <summary>Natural logarithm of a positive, finite, normal <paramref name="x"/>.</summary>
    public static double Log(double x)
    {
        // x = m · 2^e with m in [1/√2, √2); ln m = 2·atanh(s), s = (m − 1)/(m + 1), |s| ≤ 0.172.
        long bits = BitConverter.DoubleToInt64Bits(x);
        int e = (int)((bits >> 52) & 0x7FF) - 1023;
        double m = BitConverter.Int64BitsToDouble((bits & 0x000F_FFFF_FFFF_FFFFL) | 0x3FF0_0000_0000_0000L);
        if (m > Sqrt2)
        {
            m *= 0.5;
            e++;
        }

        double s = (m - 1.0) / (m + 1.0);
        double s2 = s * s;

        // atanh(s) = s·(1 + s²/3 + s⁴/5 + …); with s² ≤ 0.0295 the terms after s²²/23 are below 1e-18.
        double p = 1.0 / 23.0;
        p = (p * s2) + (1.0 / 21.0);
        p = (p * s2) + (1.0 / 19.0);
        p = (p * s2) + (1.0 / 17.0);
        p = (p * s2) + (1.0 / 15.0);
        p = (p * s2) + (1.0 / 13.0);
        p = (p * s2) + (1.0 / 11.0);
        p = (p * s2) + (1.0 / 9.0);
        p = (p * s2) + (1.0 / 7.0);
        p = (p * s2) + (1.0 / 5.0);
        p = (p * s2) + (1.0 / 3.0);
        p = (p * s2) + 1.0;
        return (2.0 * s * p) + (e * Ln2);
    }

    /// <summary>sin(2π·u) and cos(2π·u) for <paramref name="u"/> in [0, 1).</summary>
    public static void SinCos2Pi(double u, out double sin, out double cos)
    {
        // Quarter turns are exact in binary: u·4 = q + f, and f − 1 is exact for f > 1/2, so the
        // reduced angle r = f·π/2 lies in [−π/4, π/4] with a single rounding.
        double t = u * 4.0;
        int q = (int)t;
        double f = t - q;
        if (f > 0.5)
        {
            f -= 1.0;
            q++;
        }

        double r = f * HalfPi;
        double r2 = r * r;

        // Taylor series; at |r| ≤ π/4 the first omitted terms are below 1e-17.
        double sp = -1.0 / 1307674368000.0;             // −1/15!
        sp = (sp * r2) + (1.0 / 6227020800.0);           // 1/13!
        sp = (sp * r2) - (1.0 / 39916800.0);             // 1/11!
        sp = (sp * r2) + (1.0 / 362880.0);               // 1/9!
        sp = (sp * r2) - (1.0 / 5040.0);                 // 1/7!
        sp = (sp * r2) + (1.0 / 120.0);                  // 1/5!
        sp = (sp * r2) - (1.0 / 6.0);                    // 1/3!
        double s = r + (r * r2 * sp);

        double cp = 1.0 / 6402373705728000.0;           // 1/18!
        cp = (cp * r2) - (1.0 / 20922789888000.0);       // 1/16!
        cp = (cp * r2) + (1.0 / 87178291200.0);          // 1/14!
        cp = (cp * r2) - (1.0 / 479001600.0);            // 1/12!
        cp = (cp * r2) + (1.0 / 3628800.0);              // 1/10!
        cp = (cp * r2) - (1.0 / 40320.0);                // 1/8!
        cp = (cp * r2) + (1.0 / 720.0);                  // 1/6!
        cp = (cp * r2) - (1.0 / 24.0);                   // 1/4!
        cp = (cp * r2) + 0.5;                            // 1/2!
        double c = 1.0 - (r2 * cp);

        switch (q & 3)
        {
            case 0:
                sin = s;
                cos = c;
                break;
            case 1:
                sin = c;
                cos = -s;
                break;
            case 2:
                sin = -s;
                cos = -c;
                break;
            default:
                sin = -c;
                cos = s;
                break;
        }
    }
}
