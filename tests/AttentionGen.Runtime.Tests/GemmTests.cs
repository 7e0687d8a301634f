using System;
using System.Runtime.Intrinsics;

namespace AttentionGen.Runtime.Tests;

/// <summary>
/// The packed SGEMM against a double-precision reference, for the three forms a linear layer needs, on sizes that
/// are not multiples of the 8-row tile, the 16-column vector or the 48-column panel, on both vector widths and
/// both the serial and the threaded paths.
/// </summary>
public class GemmTests
{
    /// <summary>The products of a linear layer: y = x·Wᵀ + b, dx += dy·W, dW += dyᵀ·x with db += Σ dy.</summary>
    public enum Form
    {
        Forward,
        InputGradient,
        WeightGradient,
    }

    public static TheoryData<Form, int, int, int> Sizes()
    {
        var data = new TheoryData<Form, int, int, int>();
        int[] odd = { 1, 7, 33, 65 };
        foreach (Form form in Enum.GetValues<Form>())
        {
            foreach (int m in odd)
            {
                foreach (int n in odd)
                {
                    foreach (int k in odd)
                    {
                        data.Add(form, m, n, k);
                    }
                }
            }

            data.Add(form, 8, 48, 8);       // exactly one full tile
            data.Add(form, 16, 32, 16);     // a two-vector panel, no edges
            data.Add(form, 130, 100, 270);  // several row blocks, K blocks of unequal remainder, every panel width
            data.Add(form, 300, 17, 129);   // row blocks beyond 256 rows
            data.Add(form, 9, 300, 4100);   // a deep K: 2^20-float chunks of B panels, several of them
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Sizes))]
    public void MatchesTheDoubleReferenceOnEveryPath(Form form, int m, int n, int k)
    {
        foreach (bool wide in Vector512.IsHardwareAccelerated ? new[] { true, false } : new[] { false })
        {
            foreach (long threshold in new[] { long.MaxValue, 0L })
            {
                Check(form, m, n, k, new GemmOptions(wide, threshold), $"{form} {m}x{n}x{k} wide={wide} threaded={threshold == 0}");
            }
        }
    }

    [Fact]
    public void TheWorkerPoolComputesPartOfAThreadedProduct()
    {
        if (GemmWorkers.Count == 0)
        {
            return; // one core: there is no pool, and every product runs on the calling thread (checked above).
        }

        // The caller starts on the items at once, so on a busy machine a worker may wake too late to claim any: try a
        // few times. Each attempt's result is checked, so whichever thread computed which part, the whole is right.
        long before = GemmWorkers.WorkerItems;
        for (int attempt = 0; attempt < 50 && GemmWorkers.WorkerItems == before; attempt++)
        {
            Check(Form.Forward, 200, 150, 300, new GemmOptions(Vector512.IsHardwareAccelerated, 0), $"threaded attempt {attempt}");
        }

        Assert.True(GemmWorkers.WorkerItems > before, "no worker thread ran any item of 50 threaded products");
    }

    [Fact]
    public void LeavesEverythingOutsideItsTileAlone()
    {
        // C is a 13 × 21 window of a 20 × 40 buffer: the columns and rows around it must keep their values.
        const int m = 13, n = 21, k = 19, ldc = 40;
        var rng = new Random(5);
        float[] a = Reference.Random(rng, m * k);
        float[] b = Reference.Random(rng, k * n);
        float[] c = Reference.Random(rng, 20 * ldc);
        float[] before = (float[])c.Clone();
        foreach (long threshold in new[] { long.MaxValue, 0L })
        {
            unsafe
            {
                fixed (float* pa = a, pb = b, pc = c)
                {
                    var p = new GemmProblem { A = pa, Lda = k, B = pb, Ldb = n, C = pc + (2 * ldc) + 3, Ldc = ldc, M = m, N = n, K = k };
                    Gemm.Multiply(in p, new GemmOptions(Vector512.IsHardwareAccelerated, threshold));
                }
            }

            for (int i = 0; i < c.Length; i++)
            {
                int row = (i / ldc) - 2, col = (i % ldc) - 3;
                if (row < 0 || row >= m || col < 0 || col >= n)
                {
                    Assert.Equal(before[i], c[i]);
                }
            }
        }
    }

    [Fact]
    public void EmptyDepthWritesTheBiasAndCountsNoRowSums()
    {
        var c = new float[] { 5, 5, 5, 5, 5, 5 };
        var bias = new float[] { 1, 2, 3 };
        unsafe
        {
            fixed (float* pc = c, pb = bias)
            {
                var p = new GemmProblem { C = pc, Ldc = 3, M = 2, N = 3, K = 0, Bias = pb };
                Gemm.Multiply(in p);
                Assert.Equal(new float[] { 1, 2, 3, 1, 2, 3 }, c);
                p.Accumulate = true;
                Gemm.Multiply(in p);
                Assert.Equal(new float[] { 2, 4, 6, 2, 4, 6 }, c);
            }
        }
    }

    [Fact]
    public void ThreadedProductsAllocateNothingAfterWarmUp()
    {
        // 256 × 256 × 256 is far above the threshold: the worker pool, the packing buffers and the item counters
        // must all be reused, not allocated per call.
        const int size = 256;
        var a = new float[size * size];
        var b = new float[size * size];
        var c = new float[size * size];
        Assert.Equal(0, Reference.Allocated(() =>
        {
            unsafe
            {
                fixed (float* pa = a, pb = b, pc = c)
                {
                    var p = new GemmProblem { A = pa, Lda = size, B = pb, Ldb = size, BTransposed = true, C = pc, Ldc = size, M = size, N = size, K = size };
                    Gemm.Multiply(in p, new GemmOptions(Vector512.IsHardwareAccelerated, 0));
                }
            }
        }));
    }

    private static unsafe void Check(Form form, int m, int n, int k, GemmOptions options, string context)
    {
        var rng = new Random((m * 7919) + (n * 131) + k + (int)form);
        // Operands stored as the layer stores them: A (m, k) or its transpose (k, m); B (k, n) or the weight (n, k).
        bool aTransposed = form == Form.WeightGradient;
        bool bTransposed = form == Form.Forward;
        float[] a = Reference.Random(rng, m * k);
        float[] b = Reference.Random(rng, k * n);
        float[] bias = Reference.Random(rng, n);
        float[] c = form == Form.Forward ? new float[m * n] : Reference.Random(rng, m * n);
        float[] sums = Reference.Random(rng, m);
        if (form == Form.Forward)
        {
            c.AsSpan().Fill(float.NaN); // overwritten, never read
        }

        var expected = new double[m * n];
        var magnitude = new double[m * n];
        var expectedSums = new double[m];
        for (int i = 0; i < m; i++)
        {
            expectedSums[i] = sums[i];
            for (int j = 0; j < n; j++)
            {
                double s = form == Form.Forward ? bias[j] : c[(i * n) + j], mag = Math.Abs(s);
                for (int t = 0; t < k; t++)
                {
                    double av = aTransposed ? a[(t * m) + i] : a[(i * k) + t];
                    double bv = bTransposed ? b[(j * k) + t] : b[(t * n) + j];
                    s += av * bv;
                    mag += Math.Abs(av * bv);
                }

                expected[(i * n) + j] = s;
                magnitude[(i * n) + j] = mag;
            }

            for (int t = 0; t < k; t++)
            {
                expectedSums[i] += aTransposed ? a[(t * m) + i] : a[(i * k) + t];
            }
        }

        fixed (float* pa = a, pb = b, pc = c, pbias = bias, ps = sums)
        {
            var p = new GemmProblem
            {
                A = pa,
                Lda = aTransposed ? m : k,
                ATransposed = aTransposed,
                B = pb,
                Ldb = bTransposed ? k : n,
                BTransposed = bTransposed,
                C = pc,
                Ldc = n,
                M = m,
                N = n,
                K = k,
                Bias = form == Form.Forward ? pbias : null,
                Accumulate = form != Form.Forward,
                ARowSums = form == Form.WeightGradient ? ps : null,
            };
            Gemm.Multiply(in p, options);
        }

        Reference.AssertClose(expected, c, 1e-6, context, magnitude);
        if (form == Form.WeightGradient)
        {
            Reference.AssertClose(expectedSums, sums, 1e-5, context + " row sums");
        }
    }
}
