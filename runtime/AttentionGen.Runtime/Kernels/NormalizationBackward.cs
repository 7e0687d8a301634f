using System;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace AttentionGen.Runtime;

public static partial class Normalization
{
    /// <summary>
    /// Gradient of <see cref="LayerNorm"/>, accumulated. Each row's mean and 1/√(var + eps) are recomputed
    /// from <paramref name="x"/> with the forward's own two-pass arithmetic, so nothing has to be saved; then,
    /// with <c>x̂ = (x − mean)/√(var + eps)</c> and <c>g = dy·gamma</c>:
    /// <c>dGamma += Σ_rows dy·x̂</c>, <c>dBeta += Σ_rows dy</c>,
    /// <c>dx += (g − mean(g) − x̂·mean(g·x̂))/√(var + eps)</c>.
    /// </summary>
    /// <param name="x">The forward input, (rows, width) row-major.</param>
    /// <param name="gamma">The forward's scale, width elements, or empty when it had none (scale 1).</param>
    /// <param name="dy">Gradient of the forward output, (rows, width).</param>
    /// <param name="dx">Gradient of the input, (rows, width), added to; must not overlap the other spans.</param>
    /// <param name="dGamma">Gradient of the scale, width elements, added to; empty to skip (no affine, or a frozen scale).</param>
    /// <param name="dBeta">Gradient of the shift, width elements, added to; empty to skip.</param>
    /// <param name="rows">Number of rows.</param>
    /// <param name="width">Normalized features per row, 1 or more.</param>
    /// <param name="eps">The epsilon the forward pass used.</param>
    public static void LayerNormBackward(
        ReadOnlySpan<float> x, ReadOnlySpan<float> gamma, ReadOnlySpan<float> dy,
        Span<float> dx, Span<float> dGamma, Span<float> dBeta, int rows, int width, float eps) =>
        LayerNormBackward(new RuntimeDimension(width), x, gamma, dy, dx, dGamma, dBeta, rows, eps);

    /// <summary>
    /// <see cref="LayerNormBackward(ReadOnlySpan{float}, ReadOnlySpan{float}, ReadOnlySpan{float}, Span{float}, Span{float}, Span{float}, int, int, float)"/>
    /// compiled for the width <typeparamref name="TWidth"/> carries (see <see cref="IDimension"/>).
    /// </summary>
    public static void LayerNormBackward<TWidth>(
        ReadOnlySpan<float> x, ReadOnlySpan<float> gamma, ReadOnlySpan<float> dy,
        Span<float> dx, Span<float> dGamma, Span<float> dBeta, int rows, float eps)
        where TWidth : struct, IDimension =>
        LayerNormBackward(default(TWidth), x, gamma, dy, dx, dGamma, dBeta, rows, eps);

    private static unsafe void LayerNormBackward<TWidth>(
        TWidth dimension, ReadOnlySpan<float> x, ReadOnlySpan<float> gamma, ReadOnlySpan<float> dy,
        Span<float> dx, Span<float> dGamma, Span<float> dBeta, int rows, float eps)
        where TWidth : struct, IDimension
    {
        int width = dimension.Value;
        Check.NonNegative(rows, nameof(rows));
        Check.Positive(width, nameof(width));
        CheckEps(eps);

        long total = (long)rows * width;
        Check.Length(x.Length, total, nameof(x), $"rows × width = {rows} × {width}");
        Check.Length(dy.Length, total, nameof(dy), $"rows × width = {rows} × {width}");
        Check.Length(dx.Length, total, nameof(dx), $"rows × width = {rows} × {width}");
        Check.OptionalLength(gamma.Length, width, nameof(gamma), $"width = {width}");
        Check.OptionalLength(dGamma.Length, width, nameof(dGamma), $"width = {width}");
        Check.OptionalLength(dBeta.Length, width, nameof(dBeta), $"width = {width}");
        Check.NoOverlap(x, dx, nameof(x), nameof(dx));
        Check.NoOverlap(dy, dx, nameof(dy), nameof(dx));
        Check.NoOverlap(gamma, dx, nameof(gamma), nameof(dx));
        Check.NoOverlap(x, dGamma, nameof(x), nameof(dGamma));
        Check.NoOverlap(dy, dGamma, nameof(dy), nameof(dGamma));
        Check.NoOverlap(gamma, dGamma, nameof(gamma), nameof(dGamma));
        Check.NoOverlap(dx, dGamma, nameof(dx), nameof(dGamma));
        Check.NoOverlap(x, dBeta, nameof(x), nameof(dBeta));
        Check.NoOverlap(dy, dBeta, nameof(dy), nameof(dBeta));
        Check.NoOverlap(gamma, dBeta, nameof(gamma), nameof(dBeta));
        Check.NoOverlap(dx, dBeta, nameof(dx), nameof(dBeta));
        Check.NoOverlap(dGamma, dBeta, nameof(dGamma), nameof(dBeta));

        fixed (float* px = x, pg = gamma, pdy = dy, pdx = dx, pdg = dGamma, pdb = dBeta)
        {
            float* dg = dGamma.IsEmpty ? null : pdg;
            float* db = dBeta.IsEmpty ? null : pdb;
            int chunks = RowParallel.Chunks(rows, width);
            var kernel = new LayerNormBackwardRows<TWidth>
            {
                X = px, Gamma = gamma.IsEmpty ? null : pg, Dy = pdy, Dx = pdx, Width = dimension, Eps = eps,
                DGamma = dg, DBeta = db,
            };

            // Several chunks: each sums its own rows' parameter gradients into its slice of one buffer (dGamma's
            // partial sums, then dBeta's), and the slices are added in chunk order below, so the sums do not depend
            // on which thread ran which chunk.
            float* partials = chunks > 1 && (dg != null || db != null) ? GemmScratch.Current.Reduction(2L * chunks * width) : null;
            kernel.Partials = partials;
            RowParallel.For(in kernel, rows, width);
            if (partials != null)
            {
                for (int chunk = 0; chunk < chunks; chunk++)
                {
                    float* partial = partials + (2L * chunk * width);
                    if (dg != null)
                    {
                        Simd.Add(partial, dg, width);
                    }

                    if (db != null)
                    {
                        Simd.Add(partial + width, db, width);
                    }
                }
            }
        }
    }

    /// <summary>
    /// LayerNorm's backward over rows [start, end). With <see cref="Partials"/>, the chunk's parameter gradients go
    /// to its own zeroed slice (2 × width floats); without, straight into dGamma and dBeta.
    /// </summary>
    private unsafe struct LayerNormBackwardRows<TWidth> : IRowKernel
        where TWidth : struct, IDimension
    {
        public float* X, Gamma, Dy, Dx, DGamma, DBeta, Partials;
        public TWidth Width;
        public float Eps;

        public readonly void Run(int chunk, int start, int end)
        {
            int width = Width.Value;
            float* dg = DGamma;
            float* db = DBeta;
            if (Partials != null)
            {
                float* partial = Partials + (2L * chunk * width);
                Simd.Clear(partial, 2 * width);
                dg = dg != null ? partial : null;
                db = db != null ? partial + width : null;
            }

            for (int r = start; r < end; r++)
            {
                float* xr = X + ((long)r * width);
                float* dyr = Dy + ((long)r * width);
                float* dxr = Dx + ((long)r * width);

                // Exactly the forward's statistics (see LayerNorm).
                float mean = Simd.Sum(xr, width) / width;
                float sumSq = DeviationSums(xr, width, mean, out float sum);
                float correction = sum / width;
                float variance = Math.Max(0f, (sumSq / width) - (correction * correction));
                float rstd = 1.0f / MathF.Sqrt(variance + Eps);

                float sumG = ParameterGradients(xr, dyr, width, mean, correction, rstd, Gamma, dg, db, out float sumGx);
                InputGradient(xr, dyr, dxr, width, mean, correction, rstd, Gamma, sumG / width, sumGx / width);
            }
        }
    }

    /// <summary>
    /// One pass over a row: dGamma += dy·x̂ and dBeta += dy (where present); returns Σ g and
    /// (<paramref name="sumGx"/>) Σ g·x̂ with g = dy·gamma. x̂ = ((x − mean) − correction)·rstd, as the forward normalizes.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe float ParameterGradients(
        float* x, float* dy, int n, float mean, float correction, float rstd, float* gamma, float* dGamma, float* dBeta, out float sumGx)
    {
        int i = 0;
        Vector256<float> accG = Vector256<float>.Zero;
        Vector256<float> accGx = Vector256<float>.Zero;
        if (Vector512.IsHardwareAccelerated && n >= 16)
        {
            Vector512<float> m = Vector512.Create(mean);
            Vector512<float> c = Vector512.Create(correction);
            Vector512<float> s = Vector512.Create(rstd);
            Vector512<float> ag = Vector512<float>.Zero;
            Vector512<float> agx = Vector512<float>.Zero;
            for (; i <= n - 16; i += 16)
            {
                Vector512<float> xh = (Vector512.Load(x + i) - m - c) * s;
                Vector512<float> d = Vector512.Load(dy + i);
                if (dGamma != null)
                {
                    Vector512.FusedMultiplyAdd(d, xh, Vector512.Load(dGamma + i)).Store(dGamma + i);
                }

                if (dBeta != null)
                {
                    (Vector512.Load(dBeta + i) + d).Store(dBeta + i);
                }

                Vector512<float> gv = gamma != null ? d * Vector512.Load(gamma + i) : d;
                ag += gv;
                agx = Vector512.FusedMultiplyAdd(gv, xh, agx);
            }

            accG = ag.GetLower() + ag.GetUpper();
            accGx = agx.GetLower() + agx.GetUpper();
        }

        Vector256<float> m8 = Vector256.Create(mean);
        Vector256<float> c8 = Vector256.Create(correction);
        Vector256<float> s8 = Vector256.Create(rstd);
        for (; i <= n - 8; i += 8)
        {
            Vector256<float> xh = (Vector256.Load(x + i) - m8 - c8) * s8;
            Vector256<float> d = Vector256.Load(dy + i);
            if (dGamma != null)
            {
                Vector256.FusedMultiplyAdd(d, xh, Vector256.Load(dGamma + i)).Store(dGamma + i);
            }

            if (dBeta != null)
            {
                (Vector256.Load(dBeta + i) + d).Store(dBeta + i);
            }

            Vector256<float> gv = gamma != null ? d * Vector256.Load(gamma + i) : d;
            accG += gv;
            accGx = Vector256.FusedMultiplyAdd(gv, xh, accGx);
        }

        float sumG = Vector256.Sum(accG);
        sumGx = Vector256.Sum(accGx);
        for (; i < n; i++)
        {
            float xh = (x[i] - mean - correction) * rstd;
            float d = dy[i];
            if (dGamma != null)
            {
                dGamma[i] = MathF.FusedMultiplyAdd(d, xh, dGamma[i]);
            }

            if (dBeta != null)
            {
                dBeta[i] += d;
            }

            float gv = gamma != null ? d * gamma[i] : d;
            sumG += gv;
            sumGx = MathF.FusedMultiplyAdd(gv, xh, sumGx);
        }

        return sumG;
    }

    /// <summary>dx += rstd·(g − meanG − x̂·meanGx) over one row, g = dy·gamma, x̂ = ((x − mean) − correction)·rstd, as the forward normalizes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void InputGradient(float* x, float* dy, float* dx, int n, float mean, float correction, float rstd, float* gamma, float meanG, float meanGx)
    {
        int i = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            Vector512<float> m = Vector512.Create(mean);
            Vector512<float> c = Vector512.Create(correction);
            Vector512<float> s = Vector512.Create(rstd);
            Vector512<float> mg = Vector512.Create(meanG);
            Vector512<float> mgx = Vector512.Create(meanGx);
            for (; i <= n - 16; i += 16)
            {
                Vector512<float> xh = (Vector512.Load(x + i) - m - c) * s;
                Vector512<float> gv = gamma != null ? Vector512.Load(dy + i) * Vector512.Load(gamma + i) : Vector512.Load(dy + i);
                Vector512<float> t = gv - mg - (xh * mgx);
                Vector512.FusedMultiplyAdd(t, s, Vector512.Load(dx + i)).Store(dx + i);
            }
        }

        Vector256<float> m8 = Vector256.Create(mean);
        Vector256<float> c8 = Vector256.Create(correction);
        Vector256<float> s8 = Vector256.Create(rstd);
        Vector256<float> mg8 = Vector256.Create(meanG);
        Vector256<float> mgx8 = Vector256.Create(meanGx);
        for (; i <= n - 8; i += 8)
        {
            Vector256<float> xh = (Vector256.Load(x + i) - m8 - c8) * s8;
            Vector256<float> gv = gamma != null ? Vector256.Load(dy + i) * Vector256.Load(gamma + i) : Vector256.Load(dy + i);
            Vector256<float> t = gv - mg8 - (xh * mgx8);
            Vector256.FusedMultiplyAdd(t, s8, Vector256.Load(dx + i)).Store(dx + i);
        }

        for (; i < n; i++)
        {
            float xh = (x[i] - mean - correction) * rstd;
            float gv = gamma != null ? dy[i] * gamma[i] : dy[i];
            float t = gv - meanG - (xh * meanGx);
            dx[i] = MathF.FusedMultiplyAdd(t, rstd, dx[i]);
        }
    }
}
