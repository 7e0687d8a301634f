using System;
using System.Runtime.CompilerServices;
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
    public static void LayerNorm(
        ReadOnlySpan<float> x, ReadOnlySpan<float> gamma, ReadOnlySpan<float> beta, Span<float> y,
        int rows, int width, float eps) =>
        LayerNorm(new RuntimeDimension(width), x, gamma, beta, y, rows, eps);

    /// <summary>
    /// <see cref="LayerNorm(ReadOnlySpan{float}, ReadOnlySpan{float}, ReadOnlySpan{float}, Span{float}, int, int, float)"/>
    /// compiled for the width <typeparamref name="TWidth"/> carries (see <see cref="IDimension"/>): the same results, bit
    /// for bit, with the row loops' bounds constant.
    /// </summary>
    public static void LayerNorm<TWidth>(
        ReadOnlySpan<float> x, ReadOnlySpan<float> gamma, ReadOnlySpan<float> beta, Span<float> y, int rows, float eps)
        where TWidth : struct, IDimension =>
        LayerNorm(default(TWidth), x, gamma, beta, y, rows, eps);

    private static unsafe void LayerNorm<TWidth>(
        TWidth dimension, ReadOnlySpan<float> x, ReadOnlySpan<float> gamma, ReadOnlySpan<float> beta, Span<float> y, int rows, float eps)
        where TWidth : struct, IDimension
    {
        int width = dimension.Value;
        Check.NonNegative(rows, nameof(rows));
        Check.Positive(width, nameof(width));
        CheckEps(eps);

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
            var kernel = new LayerNormRows<TWidth> { X = px, Gamma = gamma.IsEmpty ? null : pg, Beta = beta.IsEmpty ? null : pb, Y = py, Width = dimension, Eps = eps };
            RowParallel.For(in kernel, rows, width);
        }
    }

    /// <summary>
    /// A residual connection and the LayerNorm after it in one pass over each row: <c>sum = a + b</c>, then
    /// <c>y = LayerNorm(sum)</c> exactly as <see cref="LayerNorm"/> computes it (bit for bit the two calls' result), with
    /// the row still in L1 between the add and the norm instead of a second trip through memory.
    /// </summary>
    /// <param name="a">The block's input, (rows, width).</param>
    /// <param name="b">The sub-layer's output, (rows, width).</param>
    /// <param name="sum">a + b, kept for the backward pass, (rows, width); must not overlap a, b or y.</param>
    /// <param name="gamma">Scale, width elements; empty means 1.</param>
    /// <param name="beta">Shift, width elements; empty means 0.</param>
    /// <param name="y">The normalized sum, (rows, width); must not overlap the other spans.</param>
    /// <param name="rows">Number of rows.</param>
    /// <param name="width">Features per row, 1 or more.</param>
    /// <param name="eps">Added to the variance.</param>
    public static void AddLayerNorm(
        ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> sum, ReadOnlySpan<float> gamma, ReadOnlySpan<float> beta, Span<float> y,
        int rows, int width, float eps) =>
        AddLayerNorm(new RuntimeDimension(width), a, b, sum, gamma, beta, y, rows, eps);

    /// <summary>
    /// <see cref="AddLayerNorm(ReadOnlySpan{float}, ReadOnlySpan{float}, Span{float}, ReadOnlySpan{float}, ReadOnlySpan{float}, Span{float}, int, int, float)"/>
    /// compiled for the width <typeparamref name="TWidth"/> carries (see <see cref="IDimension"/>).
    /// </summary>
    public static void AddLayerNorm<TWidth>(
        ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> sum, ReadOnlySpan<float> gamma, ReadOnlySpan<float> beta, Span<float> y,
        int rows, float eps)
        where TWidth : struct, IDimension =>
        AddLayerNorm(default(TWidth), a, b, sum, gamma, beta, y, rows, eps);

    private static unsafe void AddLayerNorm<TWidth>(
        TWidth dimension, ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> sum, ReadOnlySpan<float> gamma, ReadOnlySpan<float> beta, Span<float> y,
        int rows, float eps)
        where TWidth : struct, IDimension
    {
        int width = dimension.Value;
        Check.NonNegative(rows, nameof(rows));
        Check.Positive(width, nameof(width));
        CheckEps(eps);

        long total = (long)rows * width;
        Check.Length(a.Length, total, nameof(a), $"rows × width = {rows} × {width}");
        Check.Length(b.Length, total, nameof(b), $"rows × width = {rows} × {width}");
        Check.Length(sum.Length, total, nameof(sum), $"rows × width = {rows} × {width}");
        Check.Length(y.Length, total, nameof(y), $"rows × width = {rows} × {width}");
        Check.OptionalLength(gamma.Length, width, nameof(gamma), $"width = {width}");
        Check.OptionalLength(beta.Length, width, nameof(beta), $"width = {width}");
        Check.NoOverlap(a, sum, nameof(a), nameof(sum));
        Check.NoOverlap(b, sum, nameof(b), nameof(sum));
        Check.NoOverlap(a, y, nameof(a), nameof(y));
        Check.NoOverlap(b, y, nameof(b), nameof(y));
        Check.NoOverlap(sum, y, nameof(sum), nameof(y));
        Check.NoOverlap(gamma, y, nameof(gamma), nameof(y));
        Check.NoOverlap(beta, y, nameof(beta), nameof(y));

        fixed (float* pa = a, pb = b, ps = sum, pg = gamma, pbt = beta, py = y)
        {
            var kernel = new LayerNormRows<TWidth> { A = pa, B = pb, X = ps, Gamma = gamma.IsEmpty ? null : pg, Beta = beta.IsEmpty ? null : pbt, Y = py, Width = dimension, Eps = eps };
            RowParallel.For(in kernel, rows, width);
        }
    }

    /// <summary>
    /// LayerNorm of rows [start, end); with <see cref="A"/> and <see cref="B"/>, each row of <see cref="X"/> is first
    /// written as their sum. Rows are independent, so any split gives the same result.
    /// </summary>
    private unsafe struct LayerNormRows<TWidth> : IRowKernel
        where TWidth : struct, IDimension
    {
        public float* A, B, X, Gamma, Beta, Y;
        public TWidth Width;
        public float Eps;

        public readonly void Run(int chunk, int start, int end)
        {
            int width = Width.Value;
            for (int r = start; r < end; r++)
            {
                float* xr = X + ((long)r * width);
                float* yr = Y + ((long)r * width);
                if (A != null)
                {
                    Simd.Add(A + ((long)r * width), B + ((long)r * width), xr, width);
                }

                float mean = Simd.Sum(xr, width) / width;
                float sumSq = DeviationSums(xr, width, mean, out float sum);

                // Corrected two-pass: the deviations' own sum measures the rounding error of the first mean.
                // It stays a separate term, since mean + correction would round back to mean's ulp.
                float correction = sum / width;
                float variance = Math.Max(0f, (sumSq / width) - (correction * correction));
                float rstd = 1.0f / MathF.Sqrt(variance + Eps);
                Normalize(xr, yr, width, mean, correction, rstd, Gamma, Beta);
            }
        }
    }

    /// <summary>The LayerNorms' epsilon: finite and 0 or more.</summary>
    private static void CheckEps(float eps)
    {
        if (!(eps >= 0) || float.IsPositiveInfinity(eps))
        {
            throw new ArgumentOutOfRangeException(nameof(eps), eps, $"eps is {eps}; it must be finite and 0 or more.");
        }
    }

    /// <summary>Σ(x − mean)² (returned) and Σ(x − mean) (<paramref name="sum"/>) in one pass.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
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
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
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
