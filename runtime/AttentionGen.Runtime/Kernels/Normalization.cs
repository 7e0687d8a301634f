using System;
using System.Runtime.Intrinsics;

namespace AttentionGen.Runtime;

/// <summary>Normalization layers.</summary>
public static partial class Normalization
{
    /// <summary>
    /// PyTorch's <c>nn.LayerNorm</c> over the last axis: <c>y = (x − mean)/√(var + eps)·gamma + beta</c> with
    /// the biased variance (divided by width). Mean and variance come from two passes over the row, which
    /// stays accurate when the mean is large next to the spread.
    /// </summary>
    /// <param name="x">Input, (rows, width) row-major.</param>
    /// <param name="gamma">Scale, width elements; empty means 1 (PyTorch's <c>elementwise_affine=False</c>).</param>
    /// <param name="beta">Shift, width elements; empty means 0.</param>
    /// <param name="y">Output, (rows, width); may be the very same span as <paramref name="x"/>, but not a shifted view of it.</param>
    /// <param name="rows">Number of rows.</param>
    /// <param name="width">Normalized features per row, 1 or more when rows > 0.</param>
    /// <param name="eps">Added to the variance; PyTorch's default is 1e-5.</param>
    public static unsafe void LayerNorm(
        ReadOnlySpan<float> x, ReadOnlySpan<float> gamma, ReadOnlySpan<float> beta, Span<float> y,
        int rows, int width, float eps)
    {
        Check.NonNegative(rows, nameof(rows));
        Check.Positive(width, nameof(width));
        if (!(eps >= 0) || float.IsPositiveInfinity(eps))
        {
            throw new ArgumentOutOfRangeException(nameof(eps), eps, $"eps is {eps}; it must be finite and 0 or more.");
        }

        long total = (long)rows * width;
        Check.Length(x.Length, total, nameof(x), $"rows × width = {rows} × {width}");
        Check.Length(y.Length, total, nameof(y), $"rows × width = {rows} × {width}");
        Check.OptionalLength(gamma.Length, width, nameof(gamma), $"width = {width}");
        Check.OptionalLength(beta.Length, width, nameof(beta), $"width = {width}");
        Check.NoPartialOverlap(x, y, nameof(x), nameof(y));
        Check.NoOverlap(gamma, y, nameof(gamma), nameof(y));
        Check.NoOverlap(beta, y, nameof(beta), nameof(y));

        fixed (float* px = x, pg = gamma, pb = beta, py = y)
        {
            float* g = gamma.IsEmpty ? null : pg;
            float* bt = beta.IsEmpty ? null : pb;
            for (int r = 0; r < rows; r++)
            {
                float* xr = px + ((long)r * width);
                float* yr = py + ((long)r * width);
                float mean = Simd.Sum(xr, width) / width;
                float sumSq = DeviationSums(xr, width, mean, out float sum);

                // Corrected two-pass: the deviations' own sum measures the rounding error of the first mean.
                // It stays a separate term, since mean + correction would round back to mean's ulp.
                float correction = sum / width;
                float variance = Math.Max(0f, (sumSq / width) - (correction * correction));
                float rstd = 1.0f / MathF.Sqrt(variance + eps);
                Normalize(xr, yr, width, mean, correction, rstd, g, bt);
            }
        }
    }

    /// <summary>Σ(x − mean)² (returned) and Σ(x − mean) (<paramref name="sum"/>) in one pass.</summary>
    private static unsafe float DeviationSums(float* x, int n, float mean, out float sum)
    {
        int i = 0;
        Vector256<float> acc = Vector256<float>.Zero;
        Vector256<float> accSq = Vector256<float>.Zero;
        if (Vector512.IsHardwareAccelerated && n >= 16)
        {
            Vector512<float> m = Vector512.Create(mean);
            Vector512<float> acc0 = Vector512<float>.Zero;
            Vector512<float> accSq0 = Vector512<float>.Zero;
            for (; i <= n - 16; i += 16)
            {
                Vector512<float> d = Vector512.Load(x + i) - m;
                acc0 += d;
                accSq0 = Vector512.FusedMultiplyAdd(d, d, accSq0);
            }

            acc = acc0.GetLower() + acc0.GetUpper();
            accSq = accSq0.GetLower() + accSq0.GetUpper();
        }

        Vector256<float> m8 = Vector256.Create(mean);
        for (; i <= n - 8; i += 8)
        {
            Vector256<float> d = Vector256.Load(x + i) - m8;
            acc += d;
            accSq = Vector256.FusedMultiplyAdd(d, d, accSq);
        }

        sum = Vector256.Sum(acc);
        float sumSq = Vector256.Sum(accSq);
        for (; i < n; i++)
        {
            float d = x[i] - mean;
            sum += d;
            sumSq += d * d;
        }

        return sumSq;
    }

    /// <summary>y = ((x − mean) − correction)·rstd·gamma + beta; reads each x element before writing the y element at the same index.</summary>
    private static unsafe void Normalize(float* x, float* y, int n, float mean, float correction, float rstd, float* gamma, float* beta)
    {
        int i = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            Vector512<float> m = Vector512.Create(mean);
            Vector512<float> c = Vector512.Create(correction);
            Vector512<float> s = Vector512.Create(rstd);
            for (; i <= n - 16; i += 16)
            {
                Vector512<float> v = (Vector512.Load(x + i) - m - c) * s;
                if (gamma != null)
                {
                    v *= Vector512.Load(gamma + i);
                }

                if (beta != null)
                {
                    v += Vector512.Load(beta + i);
                }

                v.Store(y + i);
            }
        }

        Vector256<float> m8 = Vector256.Create(mean);
        Vector256<float> c8 = Vector256.Create(correction);
        Vector256<float> s8 = Vector256.Create(rstd);
        for (; i <= n - 8; i += 8)
        {
            Vector256<float> v = (Vector256.Load(x + i) - m8 - c8) * s8;
            if (gamma != null)
            {
                v *= Vector256.Load(gamma + i);
            }

            if (beta != null)
            {
                v += Vector256.Load(beta + i);
            }

            v.Store(y + i);
        }

        for (; i < n; i++)
        {
            float v = (x[i] - mean - correction) * rstd;
            if (gamma != null)
            {
                v *= gamma[i];
            }

            if (beta != null)
            {
                v += beta[i];
            }

            y[i] = v;
        }
    }
}
