using System;

namespace AttentionGen.Runtime.Tests;

public class AttentionTests
{
    /// <summary>Rows of one operand: the buffer, where row 0 starts, and the stride between rows.</summary>
    private readonly record struct View(float[] Buffer, int Offset, int Stride)
    {
        public float At(int row, int feature) => Buffer[Offset + (row * Stride) + feature];
    }

    private static (double[] Expected, double[] Magnitude) ReferenceAttention(
        View q, View k, View v, int batch, int queryLen, int keyLen, int heads, int headDim, bool causal, int[] lengths)
    {
        int width = heads * headDim;
        var output = new double[batch * queryLen * width];
        var magnitude = new double[output.Length];
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

                    if (double.IsNegativeInfinity(max))
                    {
                        continue; // no visible key: zeros
                    }

                    double sum = 0;
                    for (int j = 0; j < keyLen; j++)
                    {
                        p[j] = Math.Exp(p[j] - max);
                        sum += p[j];
                    }

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

        return (output, magnitude);
    }

    private static float[] RunAndCompare(
        int batch, int queryLen, int keyLen, int heads, int headDim, bool causal, int[] lengths, bool packed = false, int seed = 1)
        => RunAndCompare(batch, queryLen, keyLen, heads, headDim, causal, lengths, out _, packed, seed);

    /// <param name="workerSlicesUsed">
    /// How many of the scratch's per-worker slices the call wrote to: each worker owns one slice, so more than one
    /// written slice proves the work was split over several workers.
    /// </param>
    private static float[] RunAndCompare(
        int batch, int queryLen, int keyLen, int heads, int headDim, bool causal, int[] lengths, out int workerSlicesUsed,
        bool packed = false, int seed = 1)
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

        (double[] expected, double[] magnitude) = ReferenceAttention(q, k, v, batch, queryLen, keyLen, heads, headDim, causal, lengths);
        var output = new float[batch * queryLen * width];
        output.AsSpan().Fill(float.NaN);
        var scratch = new float[Attention.ScratchLength(queryLen, keyLen)];
        scratch.AsSpan().Fill(float.NaN); // whatever scratch held before must not leak into the result
        Attention.Forward(
            q.Buffer.AsSpan(q.Offset), q.Stride, k.Buffer.AsSpan(k.Offset), k.Stride, v.Buffer.AsSpan(v.Offset), v.Stride,
            output, batch, queryLen, keyLen, heads, headDim, causal, lengths, scratch);
        Reference.AssertClose(
            expected, output, 2e-6,
            $"b={batch} lq={queryLen} lk={keyLen} h={heads} d={headDim} causal={causal} lengths=[{string.Join(",", lengths)}] packed={packed}",
            magnitude);

        int slice = scratch.Length / Attention.MaxWorkers;
        workerSlicesUsed = 0;
        for (int worker = 0; worker < Attention.MaxWorkers; worker++)
        {
            if (scratch.AsSpan(worker * slice, slice).ContainsAnyExcept(float.NaN)) workerSlicesUsed++;
        }

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
    public void LargeShapesRunOnSeveralWorkers()
    {
        Skip.If(Attention.MaxWorkers < 2, $"This machine has {Environment.ProcessorCount} logical processor(s): attention runs on one worker.");

        // 3·4·37·45·40 multiply-adds is above the threading threshold, so every worker gets a share.
        RunAndCompare(3, 37, 45, 4, 40, causal: false, [45, 20, 0], out int unmaskedWorkers);
        RunAndCompare(3, 37, 37, 4, 40, causal: true, [], out int causalWorkers);
        Assert.True(unmaskedWorkers > 1, $"Unmasked attention used {unmaskedWorkers} of {Attention.MaxWorkers} workers.");
        Assert.True(causalWorkers > 1, $"Causal attention used {causalWorkers} of {Attention.MaxWorkers} workers.");

        // And below the threshold one worker does everything.
        RunAndCompare(1, 5, 5, 1, 8, causal: false, [], out int smallWorkers);
        Assert.Equal(1, smallWorkers);
    }

    [Theory]
    [InlineData(201, 201, 16, true)]
    [InlineData(201, 150, 16, false)]
    [InlineData(30, 30, 300, true)]
    public void OneLongSequenceIsSplitByQueryBlocks(int queryLen, int keyLen, int headDim, bool causal)
    {
        // A single (batch, head) above the threading threshold: the workers share its queries.
        RunAndCompare(1, queryLen, keyLen, 1, headDim, causal, []);
        RunAndCompare(1, queryLen, keyLen, 1, headDim, causal, [keyLen - 7]);
    }

    [Fact]
    public void NoKeysGivesZerosAndNoQueriesIsANoOp()
    {
        var q = new float[2 * 3 * 4];
        var output = new float[2 * 3 * 4];
        output.AsSpan().Fill(float.NaN);
        Attention.Forward(q, 4, default, 4, default, 4, output, 2, 3, 0, 1, 4, false, default, new float[Attention.ScratchLength(3, 0)]);
        Assert.All(output, x => Assert.Equal(0f, x));
        Attention.Forward(default, 4, q, 4, q, 4, default, 2, 0, 3, 1, 4, true, default, new float[Attention.ScratchLength(0, 3)]);
    }

    [Fact]
    public void ScratchOfOneWorkerSuffices()
    {
        var rng = new Random(3);
        const int batch = 4, len = 40, heads = 4, headDim = 32, width = heads * headDim;
        float[] q = Reference.Random(rng, batch * len * width);
        float[] k = Reference.Random(rng, batch * len * width);
        float[] v = Reference.Random(rng, batch * len * width);
        var full = new float[batch * len * width];
        var small = new float[batch * len * width];
        Attention.Forward(q, width, k, width, v, width, full, batch, len, len, heads, headDim, true, default, new float[Attention.ScratchLength(len, len)]);
        Attention.Forward(q, width, k, width, v, width, small, batch, len, len, heads, headDim, true, default, new float[20 * 48]);
        Assert.Equal(full, small);

        var ex = Assert.Throws<ArgumentException>(() => Attention.Forward(
            q, width, k, width, v, width, small, batch, len, len, heads, headDim, true, default, new float[(20 * 48) - 1]));
        Assert.Equal("scratch", ex.ParamName);
        Assert.Contains("959", ex.Message);
    }

    [Fact]
    public void BadArgumentsAreReported()
    {
        var q = new float[2 * 3 * 8];
        var scratch = new float[Attention.ScratchLength(3, 3)];
        var output = new float[2 * 3 * 8];
        var ex = Assert.Throws<ArgumentException>(() => Attention.Forward(
            q, 8, q.AsSpan(0, 40), 8, q, 8, output, 2, 3, 3, 2, 4, false, default, scratch));
        Assert.Equal("k", ex.ParamName);
        Assert.Contains("40", ex.Message);
        Assert.Contains("48", ex.Message);

        var ex2 = Assert.Throws<ArgumentOutOfRangeException>(() => Attention.Forward(
            q, 7, q, 8, q, 8, output, 2, 3, 3, 2, 4, false, default, scratch));
        Assert.Equal("qStride", ex2.ParamName);

        var ex3 = Assert.Throws<ArgumentOutOfRangeException>(() => Attention.Forward(
            q, 8, q, 8, q, 8, output, 2, 3, 3, 2, 4, false, new[] { 3, 4 }, scratch));
        Assert.Contains("keyLengths[1] is 4", ex3.Message);

        Assert.Throws<ArgumentException>(() => Attention.Forward(
            q, 8, q, 8, q, 8, q, 2, 3, 3, 2, 4, false, default, scratch));
    }

    [Fact]
    public void SmallCallsAllocateNothing()
    {
        const int batch = 2, len = 16, heads = 2, headDim = 16, width = heads * headDim;
        var q = new float[batch * len * 3 * width];
        var output = new float[batch * len * width];
        var scratch = new float[Attention.ScratchLength(len, len)];
        int[] lengths = [16, 9];
        Assert.Equal(0, Reference.Allocated(() => Attention.Forward(
            q, 3 * width, q.AsSpan(width), 3 * width, q.AsSpan(2 * width), 3 * width,
            output, batch, len, len, heads, headDim, true, lengths, scratch)));
    }
}
