using System;
using System.Runtime.Intrinsics;
using System.Threading.Tasks;

namespace AttentionGen.Runtime;

/// <summary>Fully connected layer, PyTorch's <c>nn.Linear</c>: weight is (out, in), <c>y = x·Wᵀ + b</c>.</summary>
public static partial class Linear
{
    /// <summary>Multiply-adds (rows × in × out) above which the work is split across threads; a Parallel.For costs 4-10 µs.</summary>
    internal const long ParallelThreshold = 1L << 20;

    /// <summary>Weight elements per output tile (256 KB), so a tile stays in L2 while every row block streams past it.</summary>
    private const int TileElements = 1 << 16;

    /// <summary>
    /// <c>y[r, o] = Σᵢ x[r, i]·weight[o, i] + bias[o]</c> for <paramref name="rows"/> rows. Rows go four at a
    /// time against two weight rows, so each weight vector loaded serves four rows; large products run on
    /// all cores, split by row blocks (or by output blocks when there are too few rows).
    /// </summary>
    /// <param name="x">Input, (rows, inFeatures) row-major.</param>
    /// <param name="weight">Weight, (outFeatures, inFeatures) row-major, as PyTorch stores it.</param>
    /// <param name="bias">Bias, outFeatures elements, or empty for a layer without bias.</param>
    /// <param name="y">Output, (rows, outFeatures) row-major; must not overlap x, weight or bias.</param>
    /// <param name="rows">Number of input rows (batch × positions).</param>
    /// <param name="inFeatures">Input features.</param>
    /// <param name="outFeatures">Output features.</param>
    public static unsafe void Forward(
        ReadOnlySpan<float> x, ReadOnlySpan<float> weight, ReadOnlySpan<float> bias, Span<float> y,
        int rows, int inFeatures, int outFeatures)
    {
        Check.NonNegative(rows, nameof(rows));
        Check.NonNegative(inFeatures, nameof(inFeatures));
        Check.NonNegative(outFeatures, nameof(outFeatures));
        Check.Length(x.Length, (long)rows * inFeatures, nameof(x), $"rows × inFeatures = {rows} × {inFeatures}");
        Check.Length(weight.Length, (long)outFeatures * inFeatures, nameof(weight), $"outFeatures × inFeatures = {outFeatures} × {inFeatures}");
        Check.OptionalLength(bias.Length, outFeatures, nameof(bias), $"outFeatures = {outFeatures}");
        Check.Length(y.Length, (long)rows * outFeatures, nameof(y), $"rows × outFeatures = {rows} × {outFeatures}");
        Check.NoOverlap(x, y, nameof(x), nameof(y));
        Check.NoOverlap(weight, y, nameof(weight), nameof(y));
        Check.NoOverlap(bias, y, nameof(bias), nameof(y));
        if (rows == 0 || outFeatures == 0)
        {
            return;
        }

        fixed (float* px = x, pw = weight, pb = bias, py = y)
        {
            float* pbias = bias.IsEmpty ? null : pb;
            long work = (long)rows * inFeatures * outFeatures;
            int workers = Math.Min(Environment.ProcessorCount, 64);
            if (work < ParallelThreshold || workers < 2)
            {
                Run(px, pw, pbias, py, 0, rows, 0, outFeatures, inFeatures, outFeatures);
                return;
            }

            RunParallel(px, pw, pbias, py, rows, inFeatures, outFeatures, workers);
        }
    }

    /// <summary>
    /// Splits the product across threads. Kept out of <see cref="Forward"/> because the lambda's captured
    /// variables would otherwise be allocated on every call, threaded or not.
    /// </summary>
    private static unsafe void RunParallel(float* px, float* pw, float* pbias, float* py, int rows, int inFeatures, int outFeatures, int workers)
    {
        // Pointers cannot be captured; the caller keeps the buffers pinned until Parallel.For returns.
        nint ax = (nint)px, aw = (nint)pw, ab = (nint)pbias, ay = (nint)py;
        if (rows >= 4 * workers)
        {
            // Row blocks, multiples of 4 so only the last block has a short tail.
            int chunk = ((rows + workers - 1) / workers + 3) & ~3;
            int parts = (rows + chunk - 1) / chunk;
            Parallel.For(0, parts, p =>
            {
                int r0 = p * chunk;
                Run((float*)ax, (float*)aw, (float*)ab, (float*)ay, r0, Math.Min(rows, r0 + chunk), 0, outFeatures, inFeatures, outFeatures);
            });
        }
        else
        {
            // Few rows (e.g. one token at a time through a vocabulary head): split the outputs instead.
            int chunk = ((outFeatures + workers - 1) / workers + 3) & ~3;
            int parts = (outFeatures + chunk - 1) / chunk;
            Parallel.For(0, parts, p =>
            {
                int o0 = p * chunk;
                Run((float*)ax, (float*)aw, (float*)ab, (float*)ay, 0, rows, o0, Math.Min(outFeatures, o0 + chunk), inFeatures, outFeatures);
            });
        }
    }

    /// <summary>Rows [r0, r1) × outputs [o0, o1), tiled over outputs.</summary>
    private static unsafe void Run(
        float* x, float* w, float* bias, float* y, int r0, int r1, int o0, int o1, int n, int outFeatures)
    {
        int tile = Math.Max(4, (TileElements / Math.Max(n, 1)) & ~3);
        for (int t0 = o0; t0 < o1; t0 += tile)
        {
            int t1 = Math.Min(o1, t0 + tile);
            int r = r0;
            for (; r <= r1 - 4; r += 4)
            {
                float* x0 = x + ((long)r * n);
                float* x1 = x0 + n;
                float* x2 = x1 + n;
                float* x3 = x2 + n;
                float* y0 = y + ((long)r * outFeatures);
                int o = t0;
                for (; o <= t1 - 2; o += 2)
                {
                    float* w0 = w + ((long)o * n);
                    Simd.Dot4x2(x0, x1, x2, x3, w0, w0 + n, n, out Vector128<float> d0, out Vector128<float> d1);
                    if (bias != null)
                    {
                        d0 += Vector128.Create(bias[o]);
                        d1 += Vector128.Create(bias[o + 1]);
                    }

                    Store4(y0 + o, outFeatures, d0);
                    Store4(y0 + o + 1, outFeatures, d1);
                }

                if (o < t1)
                {
                    Vector128<float> d = Simd.Dot1x4(w + ((long)o * n), x0, x1, x2, x3, n);
                    if (bias != null)
                    {
                        d += Vector128.Create(bias[o]);
                    }

                    Store4(y0 + o, outFeatures, d);
                }
            }

            for (; r < r1; r++)
            {
                float* xr = x + ((long)r * n);
                float* yr = y + ((long)r * outFeatures);
                int o = t0;
                for (; o <= t1 - 4; o += 4)
                {
                    float* w0 = w + ((long)o * n);
                    Vector128<float> d = Simd.Dot1x4(xr, w0, w0 + n, w0 + (2 * n), w0 + (3 * n), n);
                    if (bias != null)
                    {
                        d += Vector128.Load(bias + o);
                    }

                    d.Store(yr + o);
                }

                for (; o < t1; o++)
                {
                    float d = Simd.Dot(xr, w + ((long)o * n), n);
                    yr[o] = bias != null ? d + bias[o] : d;
                }
            }
        }
    }

    /// <summary>Writes one output column's four rows: y[0], y[stride], y[2·stride], y[3·stride].</summary>
    private static unsafe void Store4(float* y, int stride, Vector128<float> v)
    {
        y[0] = v.GetElement(0);
        y[stride] = v.GetElement(1);
        y[2 * stride] = v.GetElement(2);
        y[3 * stride] = v.GetElement(3);
    }
}
