using System;
using System.Threading;

namespace AttentionGen.Runtime.Tests;

/// <summary>
/// The row-wise kernels on the worker pool (<see cref="RowParallel"/>): the fused residual + LayerNorm equals its two
/// calls bit for bit, the out-of-place activation equals the in-place one, and a reduction over rows gives the same
/// bits whether the pool ran it or the calling thread did.
/// </summary>
public class RowParallelTests
{
    [Theory]
    [InlineData(1, 1)]
    [InlineData(3, 7)]
    [InlineData(5, 33)]
    [InlineData(9, 65)]
    [InlineData(700, 65)] // several chunks
    [InlineData(2048, 192)]
    public void AddLayerNormEqualsTheAddThenTheNorm(int rows, int width)
    {
        var rng = new Random((rows * 31) + width);
        float[] a = Reference.Random(rng, rows * width, 2f);
        float[] b = Reference.Random(rng, rows * width, 2f);
        float[] gamma = Reference.Random(rng, width);
        float[] beta = Reference.Random(rng, width);

        var expectedSum = new float[rows * width];
        var expected = new float[rows * width];
        TensorMath.Add(a, b, expectedSum);
        Normalization.LayerNorm(expectedSum, gamma, beta, expected, rows, width, 1e-5f);

        var sum = new float[rows * width];
        var y = new float[rows * width];
        Normalization.AddLayerNorm(a, b, sum, gamma, beta, y, rows, width, 1e-5f);
        Assert.Equal(expectedSum, sum);
        Assert.Equal(expected, y);

        Normalization.AddLayerNorm(a, b, sum, default, default, y, rows, width, 1e-5f);
        Normalization.LayerNorm(expectedSum, default, default, expected, rows, width, 1e-5f);
        Assert.Equal(expected, y);
    }

    [Fact]
    public void AddLayerNormRejectsBadArguments()
    {
        var four = new float[4];
        var ex = Assert.Throws<ArgumentException>(() => Normalization.AddLayerNorm(new float[4], new float[3], new float[4], default, default, new float[4], 2, 2, 1e-5f));
        Assert.Equal("b", ex.ParamName);
        Assert.Contains("3", ex.Message);
        // The sum written over an addend would change the input the norm's backward pass reads.
        Assert.ThrowsAny<ArgumentException>(() => Normalization.AddLayerNorm(four, new float[4], four, default, default, new float[4], 2, 2, 1e-5f));
        Assert.Throws<ArgumentOutOfRangeException>(() => Normalization.AddLayerNorm(new float[4], new float[4], new float[4], default, default, new float[4], 2, 2, float.NaN));
    }

    [Theory]
    [InlineData(Activation.None)]
    [InlineData(Activation.Relu)]
    [InlineData(Activation.Gelu)]
    [InlineData(Activation.GeluTanh)]
    public void OutOfPlaceActivationEqualsInPlace(Activation kind)
    {
        foreach (int n in new[] { 1, 7, 33, 65, 100_003 })
        {
            var rng = new Random(n);
            float[] x = Reference.Random(rng, n, 4f);
            float[] expected = (float[])x.Clone();
            Activations.Apply(expected, kind);
            var y = new float[n];
            Activations.Apply(x, y, kind);
            Assert.Equal(expected, y);
        }

        Assert.Throws<ArgumentException>(() => Activations.Apply(new float[3], new float[4], kind));
        Assert.Throws<ArgumentOutOfRangeException>(() => Activations.Apply(new float[3], new float[3], (Activation)42));
    }

    [Fact]
    public void ChunksDependOnTheSizeAlone()
    {
        Assert.Equal(1, RowParallel.Chunks(0, 192));
        Assert.Equal(1, RowParallel.Chunks(1, 1 << 20));
        Assert.Equal(1, RowParallel.Chunks(64, 192));
        Assert.Equal(2048 * 192 / RowParallel.ChunkFloats, RowParallel.Chunks(2048, 192));
        Assert.Equal(3, RowParallel.Chunks(3, 1 << 20)); // never more chunks than rows
        (int start, int end) = RowParallel.Range(2, 10, 3);
        Assert.Equal((6, 10), (start, end));
    }

    /// <summary>
    /// LayerNorm's parameter gradients are sums over rows, kept per chunk and added in chunk order: the same bits
    /// when the pool computes the chunks as when the calling thread does them all, because another thread holds the pool.
    /// </summary>
    [Fact]
    public void ReductionIsTheSameOnThePoolAndOnTheCallingThread()
    {
        const int Rows = 1500, Width = 96;
        var rng = new Random(5);
        float[] x = Reference.Random(rng, Rows * Width, 3f);
        float[] gamma = Reference.Random(rng, Width);
        float[] dy = Reference.Random(rng, Rows * Width);
        Assert.True(RowParallel.Chunks(Rows, Width) > 1);

        (float[] Dx, float[] DGamma, float[] DBeta) Run()
        {
            var dx = new float[Rows * Width];
            var dg = new float[Width];
            var db = new float[Width];
            Normalization.LayerNormBackward(x, gamma, dy, dx, dg, db, Rows, Width, 1e-5f);
            return (dx, dg, db);
        }

        var pooled = Run();
        using (PoolHolder.Hold())
        {
            // Read once the pool is held: before that, a product of a test running in parallel may still add items.
            long before = GemmWorkers.WorkerItems;
            var alone = Run();
            Assert.Equal(before, GemmWorkers.WorkerItems); // the pool was held: the calling thread ran every chunk
            Assert.Equal(pooled.Dx, alone.Dx);
            Assert.Equal(pooled.DGamma, alone.DGamma);
            Assert.Equal(pooled.DBeta, alone.DBeta);
        }
    }

    /// <summary>Holds the worker pool from another thread with a plan whose only item waits to be released.</summary>
    private sealed class PoolHolder : IDisposable
    {
        private static readonly ManualResetEventSlim Release = new();
        private static readonly ManualResetEventSlim Started = new();
        private readonly Thread _thread;

        private PoolHolder()
        {
            Release.Reset();
            Started.Reset();
            _thread = new Thread(() =>
            {
                while (!GemmWorkers.TryRun(new WaitingPlan()))
                {
                    Thread.Sleep(1);
                }
            });
            _thread.Start();
            Started.Wait();
        }

        public static PoolHolder Hold() => new();

        public void Dispose()
        {
            Release.Set();
            _thread.Join();
        }

        private struct WaitingPlan : IWorkPlan
        {
            public readonly int Items => 1;

            public readonly int Prerequisites(int item) => 0;

            public readonly void Run(int item, GemmScratch scratch)
            {
                Started.Set();
                Release.Wait();
            }
        }
    }
}
