using System;

namespace AttentionGen.Runtime.Tests;

/// <summary>
/// Weights kept packed between calls (<see cref="WeightPanels"/>): the same bits as packing at every call, packed once
/// per parameter version, and only for weights inside the model's parameter array.
/// </summary>
public class WeightPanelsTests
{
    [Theory]
    [InlineData(1, 1, 1)]
    [InlineData(7, 33, 65)]       // partial rows and a partial last panel
    [InlineData(130, 300, 49)]    // several K blocks, one column past a panel
    [InlineData(2048, 192, 768)]  // W2's linear1, on the worker pool
    public void PackedOnceGivesTheSameBitsAsPackingEveryCall(int rows, int inFeatures, int outFeatures)
    {
        var rng = new Random(rows + inFeatures + outFeatures);
        // A "model" whose parameters hold a bias and then the weight, so the weight starts past the array's start.
        float[] parameters = Reference.Random(rng, outFeatures + (outFeatures * inFeatures));
        var bias = new ReadOnlySpan<float>(parameters, 0, outFeatures);
        var weight = new ReadOnlySpan<float>(parameters, outFeatures, outFeatures * inFeatures);
        float[] x = Reference.Random(rng, rows * inFeatures, 2f);

        var expected = new float[rows * outFeatures];
        Linear.Forward(x, weight, bias, expected, rows, inFeatures, outFeatures);

        var cache = new WeightPanels(parameters);
        var y = new float[rows * outFeatures];
        for (int call = 0; call < 2; call++)
        {
            using (WeightPanels.Use(cache, parameterVersion: 0))
            {
                Linear.Forward(x, weight, bias, y, rows, inFeatures, outFeatures);
            }

            Assert.Equal(expected, y);
            Assert.True(cache.PackedFloats >= (long)outFeatures * inFeatures, $"packed {cache.PackedFloats} floats");
        }
    }

    [Fact]
    public void PanelsAreReusedUntilTheVersionMoves()
    {
        const int Rows = 9, In = 20, Out = 35;
        var rng = new Random(3);
        float[] parameters = Reference.Random(rng, Out * In);
        float[] x = Reference.Random(rng, Rows * In);
        var cache = new WeightPanels(parameters);
        var first = new float[Rows * Out];
        using (WeightPanels.Use(cache, parameterVersion: 1))
        {
            Linear.Forward(x, parameters, default, first, Rows, In, Out);
        }

        long packed = cache.PackedFloats;
        parameters[0] += 1f; // a write the version does not record

        var stale = new float[Rows * Out];
        using (WeightPanels.Use(cache, parameterVersion: 1))
        {
            Linear.Forward(x, parameters, default, stale, Rows, In, Out);
        }

        Assert.Equal(first, stale); // the panels packed at version 1 were read, not the array
        Assert.Equal(packed, cache.PackedFloats); // and nothing was allocated for them again

        var fresh = new float[Rows * Out];
        var expected = new float[Rows * Out];
        Linear.Forward(x, parameters, default, expected, Rows, In, Out);
        using (WeightPanels.Use(cache, parameterVersion: 2))
        {
            Linear.Forward(x, parameters, default, fresh, Rows, In, Out);
        }

        Assert.Equal(expected, fresh);
        Assert.NotEqual(first, fresh);
        Assert.Equal(packed, cache.PackedFloats); // repacked in place
    }

    [Fact]
    public void ThreadsSharingOneCacheGetTheBitsOfPackingEveryCall()
    {
        const int Rows = 70, In = 96, Out = 144;
        var rng = new Random(5);
        float[] parameters = Reference.Random(rng, 2 * Out * In);
        float[] x = Reference.Random(rng, Rows * In);
        var first = new ReadOnlyMemory<float>(parameters, 0, Out * In);
        var second = new ReadOnlyMemory<float>(parameters, Out * In, Out * In);
        var expected = new float[2][];
        for (int w = 0; w < 2; w++)
        {
            expected[w] = new float[Rows * Out];
            Linear.Forward(x, (w == 0 ? first : second).Span, default, expected[w], Rows, In, Out);
        }

        var cache = new WeightPanels(parameters);
        var failures = new System.Collections.Concurrent.ConcurrentQueue<string>();
        var threads = new System.Threading.Thread[4];
        for (int t = 0; t < threads.Length; t++)
        {
            int thread = t;
            threads[t] = new System.Threading.Thread(() =>
            {
                var y = new float[Rows * Out];
                for (int call = 0; call < 20; call++)
                {
                    int w = (thread + call) % 2;
                    using (WeightPanels.Use(cache, parameterVersion: 7))
                    {
                        Linear.Forward(x, (w == 0 ? first : second).Span, default, y, Rows, In, Out);
                    }

                    if (!y.AsSpan().SequenceEqual(expected[w]))
                    {
                        failures.Enqueue($"thread {thread}, call {call}, weight {w}");
                    }
                }
            });
            threads[t].Start();
        }

        foreach (var thread in threads) thread.Join();
        Assert.Empty(failures);
        Assert.Equal(2 * GemmPlan.PackedWeightLength(Out, In, GemmOptions.Default.Vector512), cache.PackedFloats); // one copy per weight
    }

    [Fact]
    public void WeightsOutsideTheParametersAndCallsOutsideAScopePackAsUsual()
    {
        const int Rows = 5, In = 8, Out = 16;
        var rng = new Random(4);
        float[] parameters = Reference.Random(rng, Out * In);
        float[] elsewhere = Reference.Random(rng, Out * In);
        float[] x = Reference.Random(rng, Rows * In);
        var cache = new WeightPanels(parameters);
        var y = new float[Rows * Out];
        using (WeightPanels.Use(cache, parameterVersion: 0))
        {
            Linear.Forward(x, elsewhere, default, y, Rows, In, Out);
        }

        Assert.Equal(0, cache.PackedFloats);

        // After the scope, a change to the parameters is seen: nothing reads the cache.
        using (WeightPanels.Use(cache, parameterVersion: 0))
        {
            Linear.Forward(x, parameters, default, y, Rows, In, Out);
        }

        parameters[5] += 100f; // weight (0, 5): output column 0 moves by 100 · x[r, 5]
        var after = new float[Rows * Out];
        Linear.Forward(x, parameters, default, after, Rows, In, Out);
        Assert.Equal(y[0] + (100f * x[5]), after[0], 3);
        Assert.Throws<ArgumentNullException>(() => new WeightPanels(null!));
    }
}
