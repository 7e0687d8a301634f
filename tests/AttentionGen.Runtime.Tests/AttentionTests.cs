using System;

namespace AttentionGen.Runtime.Tests;

public class AttentionTests
{
    /// <summary>Rows of one operand: the buffer, where row 0 starts, and the stride between rows.</summary>
    private readonly record struct View(float[] Buffer, int Offset, int Stride)
    {
        public float At(int row, int feature) => Buffer[Offset + (row * Stride) + feature];
    }

    private static (double[] Expected, double[] Magnitude, double[] LogSumExp) ReferenceAttention(
        View q, View k, View v, int batch, int queryLen, int keyLen, int heads, int headDim, bool causal, int[] lengths)
    {
        int width = heads * headDim;
        var output = new double[batch * queryLen * width];
        var magnitude = new double[output.Length];
        var logSumExp = new double[batch * queryLen * heads];
        var p = new double[keyLen];
        for (int b = 0; b < batch; b++)
        {
            int valid = lengths.Length == 0 ? keyLen : lengths[b];
            for (int h = 0; h < heads; h++)
            {
                for (int i = 0; i < queryLen; i++)
                {
                    double max = double.NegativeInfinity;
                    for (int j = 0; j < keyLen; j++)
                    {
                        bool visible = j < valid && (!causal || j <= i);
                        if (!visible)
                        {
                            p[j] = double.NegativeInfinity;
                            continue;
                        }

                        double s = 0;
                        for (int d = 0; d < headDim; d++)
                        {
                            s += (double)q.At((b * queryLen) + i, (h * headDim) + d) * k.At((b * keyLen) + j, (h * headDim) + d);
                        }

                        p[j] = s / Math.Sqrt(headDim);
                        max = Math.Max(max, p[j]);
                    }

                    int row = (((b * queryLen) + i) * heads) + h;
                    if (double.IsNegativeInfinity(max))
                    {
                        logSumExp[row] = double.NegativeInfinity;
                        continue; // no visible key: zeros
                    }

                    double sum = 0;
                    for (int j = 0; j < keyLen; j++)
                    {
                        p[j] = Math.Exp(p[j] - max);
                        sum += p[j];
                    }

                    logSumExp[row] = max + Math.Log(sum);

                    for (int d = 0; d < headDim; d++)
                    {
                        double o = 0, m = 0;
                        for (int j = 0; j < keyLen; j++)
                        {
                            double x = p[j] / sum * v.At((b * keyLen) + j, (h * headDim) + d);
                            o += x;
                            m += Math.Abs(x);
                        }

                        int index = (((b * queryLen) + i) * width) + (h * headDim) + d;
                        output[index] = o;
                        magnitude[index] = m;
                    }
                }
            }
        }

        return (output, magnitude, logSumExp);
    }

    /// <summary>Runs the kernel on random inputs and checks its output and log-sum-exp against the double-precision reference.</summary>
    private static float[] RunAndCompare(
        int batch, int queryLen, int keyLen, int heads, int headDim, bool causal, int[] lengths, bool packed = false, int seed = 1)
    {
        var rng = new Random(seed + (batch * 7) + (queryLen * 31) + (keyLen * 131) + (heads * 17) + headDim);
        int width = heads * headDim;
        View q, k, v;
        if (packed)
        {
            // One (rows, 3·width) buffer as nn.MultiheadAttention's in_proj produces for self-attention.
            float[] qkv = Reference.Random(rng, batch * queryLen * 3 * width, 2f);
            q = new View(qkv, 0, 3 * width);
            k = new View(qkv, width, 3 * width);
            v = new View(qkv, 2 * width, 3 * width);
        }
        else
        {
            // Strides wider than the used features, as views into larger rows would have.
            q = new View(Reference.Random(rng, batch * queryLen * (width + 3), 2f), 0, width + 3);
            k = new View(Reference.Random(rng, batch * keyLen * (width + 1), 2f), 0, width + 1);
            v = new View(Reference.Random(rng, batch * keyLen * width, 2f), 0, width);
        }

        (double[] expected, double[] magnitude, double[] expectedLse) = ReferenceAttention(q, k, v, batch, queryLen, keyLen, heads, headDim, causal, lengths);
        var output = new float[batch * queryLen * width];
        output.AsSpan().Fill(float.NaN);
        var lse = new float[batch * queryLen * heads];
        lse.AsSpan().Fill(float.NaN);
        Attention.Forward(
            q.Buffer.AsSpan(q.Offset), q.Stride, k.Buffer.AsSpan(k.Offset), k.Stride, v.Buffer.AsSpan(v.Offset), v.Stride,
            output, lse, batch, queryLen, keyLen, heads, headDim, causal, lengths);
        string context = $"b={batch} lq={queryLen} lk={keyLen} h={heads} d={headDim} causal={causal} lengths=[{string.Join(",", lengths)}] packed={packed}";
        Reference.AssertClose(expected, output, 2e-6, context, magnitude);
        for (int row = 0; row < lse.Length; row++)
        {
            if (double.IsNegativeInfinity(expectedLse[row]))
            {
                Assert.Equal(float.NegativeInfinity, lse[row]);
            }
            else
            {
                Assert.True(Math.Abs(lse[row] - expectedLse[row]) <= 1e-5 * (1 + Math.Abs(expectedLse[row])), $"log-sum-exp[{row}] = {lse[row]}, expected {expectedLse[row]}; {context}");
            }
        }

        // Without a log-sum-exp buffer the output is the same.
        var bare = new float[output.Length];
        Attention.Forward(
            q.Buffer.AsSpan(q.Offset), q.Stride, k.Buffer.AsSpan(k.Offset), k.Stride, v.Buffer.AsSpan(v.Offset), v.Stride,
            bare, default, batch, queryLen, keyLen, heads, headDim, causal, lengths);
        Assert.Equal(output, bare);
        return output;
    }

    [Theory]
    [InlineData(1, 1, 1, 1, 1)]
    [InlineData(2, 5, 5, 2, 3)]
    [InlineData(2, 7, 7, 1, 17)]
    [InlineData(1, 9, 9, 2, 64)]
    [InlineData(2, 4, 4, 1, 100)]
    [InlineData(3, 6, 6, 4, 8)]
    [InlineData(1, 33, 33, 3, 16)]
    [InlineData(1, 65, 65, 2, 65)]
    [InlineData(2, 7, 33, 1, 7)]
    [InlineData(1, 1, 65, 2, 33)]
    public void MatchesReferenceUnmasked(int batch, int queryLen, int keyLen, int heads, int headDim)
        => RunAndCompare(batch, queryLen, keyLen, heads, headDim, causal: false, []);

    [Theory]
    [InlineData(2, 6, 2, 3)]
    [InlineData(1, 13, 2, 17)]
    [InlineData(2, 9, 1, 64)]
    public void CausalMatchesReference(int batch, int seqLen, int heads, int headDim)
    {
        float[] output = RunAndCompare(batch, seqLen, seqLen, heads, headDim, causal: true, []);

        // The first query sees only the first key, so its output is exactly that value row (softmax of one entry is 1).
        Assert.True(output[0] != 0);
    }

    [Fact]
    public void PaddingWithAnEmptyRowGivesZerosNotNaN()
    {
        int[] lengths = [3, 0, 7];
        float[] output = RunAndCompare(3, 7, 7, 2, 5, causal: false, lengths);
        int width = 10;
        for (int i = 7 * width; i < 14 * width; i++)
        {
            Assert.Equal(0f, output[i]);
        }

        Assert.DoesNotContain(output, float.IsNaN);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void CausalAndPaddingTogether(bool packed)
    {
        int[] lengths = [4, 0, 1, 9];
        float[] output = RunAndCompare(4, 9, 9, 3, 7, causal: true, lengths, packed);
        Assert.DoesNotContain(output, float.IsNaN);
    }

    [Theory]
    [InlineData(3, 7, false)]
    [InlineData(7, 3, false)]
    [InlineData(7, 3, true)]
    [InlineData(2, 40, true)]
    [InlineData(5, 1, false)]
    public void CrossAttentionShapes(int queryLen, int keyLen, bool causal)
    {
        RunAndCompare(2, queryLen, keyLen, 2, 19, causal, []);
        RunAndCompare(2, queryLen, keyLen, 2, 19, causal, [keyLen, keyLen / 2]);
    }

    [Theory]
    [InlineData(2, 6, 2, 3)]
    [InlineData(2, 11, 4, 16)]
    [InlineData(1, 5, 1, 100)]
    public void StridedViewsIntoAPackedQkvBuffer(int batch, int seqLen, int heads, int headDim)
    {
        RunAndCompare(batch, seqLen, seqLen, heads, headDim, causal: false, [], packed: true);
        RunAndCompare(batch, seqLen, seqLen, heads, headDim, causal: true, [], packed: true);
    }

    [SkippableFact]
    public void LargeShapesRunOnTheWorkerPool()
    {
        Skip.If(GemmWorkers.Count == 0, $"This machine has {Environment.ProcessorCount} logical processor(s): there is no worker pool.");

        // 3·4·37·45·40 multiply-adds is above the threading threshold, so the pool shares the work. The caller starts
        // at once, so on a busy machine a worker may wake too late to claim an item: try a few times, checking each.
        long before = GemmWorkers.WorkerItems;
        for (int attempt = 0; attempt < 50 && GemmWorkers.WorkerItems == before; attempt++)
        {
            RunAndCompare(3, 37, 45, 4, 40, causal: false, [45, 20, 0], seed: attempt);
            RunAndCompare(3, 37, 37, 4, 40, causal: true, [], seed: attempt);
        }

        Assert.True(GemmWorkers.WorkerItems > before, "no worker thread ran any attention item in 50 attempts");
    }

    [Theory]
    [InlineData(201, 201, 16, true)]
    [InlineData(201, 150, 16, false)]
    [InlineData(130, 200, 64, false)]
    [InlineData(65, 65, 33, true)]
    [InlineData(30, 30, 300, true)]
    public void LongSequencesCrossSeveralBlocks(int queryLen, int keyLen, int headDim, bool causal)
    {
        // Several blocks of 64 queries and 96 keys, with partial last blocks and a padded batch row that ends mid-block.
        RunAndCompare(1, queryLen, keyLen, 1, headDim, causal, []);
        RunAndCompare(2, queryLen, keyLen, 2, headDim, causal, [keyLen - 7, Math.Min(keyLen, 97)]);
    }

    [Fact]
    public void NoKeysGivesZerosAndNoQueriesIsANoOp()
    {
        var q = new float[2 * 3 * 4];
        var output = new float[2 * 3 * 4];
        output.AsSpan().Fill(float.NaN);
        var lse = new float[2 * 3];
        Attention.Forward(q, 4, default, 4, default, 4, output, lse, 2, 3, 0, 1, 4, false, default);
        Assert.All(output, x => Assert.Equal(0f, x));
        Assert.All(lse, x => Assert.Equal(float.NegativeInfinity, x));
        Attention.Forward(default, 4, q, 4, q, 4, default, default, 2, 0, 3, 1, 4, true, default);
    }

    [Fact]
    public void BadArgumentsAreReported()
    {
        var q = new float[2 * 3 * 8];
        var output = new float[2 * 3 * 8];
        var ex = Assert.Throws<ArgumentException>(() => Attention.Forward(
            q, 8, q.AsSpan(0, 40), 8, q, 8, output, default, 2, 3, 3, 2, 4, false, default));
        Assert.Equal("k", ex.ParamName);
        Assert.Contains("40", ex.Message);
        Assert.Contains("48", ex.Message);

        var ex2 = Assert.Throws<ArgumentOutOfRangeException>(() => Attention.Forward(
            q, 7, q, 8, q, 8, output, default, 2, 3, 3, 2, 4, false, default));
        Assert.Equal("qStride", ex2.ParamName);

        var ex3 = Assert.Throws<ArgumentOutOfRangeException>(() => Attention.Forward(
            q, 8, q, 8, q, 8, output, default, 2, 3, 3, 2, 4, false, new[] { 3, 4 }));
        Assert.Contains("keyLengths[1] is 4", ex3.Message);

        Assert.Throws<ArgumentException>(() => Attention.Forward(
            q, 8, q, 8, q, 8, q, default, 2, 3, 3, 2, 4, false, default));

        var ex4 = Assert.Throws<ArgumentException>(() => Attention.Forward(
            q, 8, q, 8, q, 8, output, new float[11], 2, 3, 3, 2, 4, false, default));
        Assert.Equal("logSumExp", ex4.ParamName);
        Assert.Contains("12", ex4.Message);
    }

    [Theory]
    [InlineData(16)]
    [InlineData(300)] // above the threading threshold: the worker pool runs it
    public void CallsAllocateNothing(int len)
    {
        const int batch = 2, heads = 2, headDim = 16, width = heads * headDim;
        var q = new float[batch * len * 3 * width];
        var output = new float[batch * len * width];
        var lse = new float[batch * len * heads];
        int[] lengths = [len, 9];
        Assert.Equal(0, Reference.Allocated(() => Attention.Forward(
            q, 3 * width, q.AsSpan(width), 3 * width, q.AsSpan(2 * width), 3 * width,
            output, lse, batch, len, len, heads, headDim, true, lengths)));
    }
}
