using System;

namespace AttentionGen.Runtime.Tests;

/// <summary>
/// The backward kernels' writing forms, which the layers use for their own working gradients: whatever the output
/// held before (here NaN), they leave exactly what the accumulating form adds to zeros.
/// </summary>
public class OverwritingBackwardTests
{
    private static float[] Garbage(int n)
    {
        var values = new float[n];
        Array.Fill(values, float.NaN);
        return values;
    }

    [Theory]
    [InlineData(1, 1, 1)]
    [InlineData(7, 33, 65)]
    [InlineData(300, 64, 96)] // on the worker pool
    [InlineData(4, 5, 0)]     // no outputs: dx is zero
    public void LinearWritesTheInputGradient(int rows, int inFeatures, int outFeatures)
    {
        var rng = new Random(rows * inFeatures + outFeatures);
        float[] x = Reference.Random(rng, rows * inFeatures);
        float[] w = Reference.Random(rng, outFeatures * inFeatures);
        float[] dy = Reference.Random(rng, rows * outFeatures);
        var expected = new float[rows * inFeatures];
        Linear.Backward(x, w, dy, expected, new float[outFeatures * inFeatures], default, rows, inFeatures, outFeatures);

        float[] dx = Garbage(rows * inFeatures);
        var dw = new float[outFeatures * inFeatures];
        var db = new float[outFeatures];
        Linear.BackwardCore(x, w, dy, dx, dw, db, rows, inFeatures, outFeatures, accumulateInputGradient: false);
        Assert.Equal(expected, dx);
    }

    [Theory]
    [InlineData(Activation.None)]
    [InlineData(Activation.Relu)]
    [InlineData(Activation.Gelu)]
    [InlineData(Activation.GeluTanh)]
    public void ActivationWritesTheGradient(Activation kind)
    {
        foreach (int n in new[] { 1, 33, 100_003 })
        {
            var rng = new Random(n);
            float[] x = Reference.Random(rng, n, 3f);
            float[] dy = Reference.Random(rng, n);
            var expected = new float[n];
            Activations.Backward(x, dy, expected, kind);
            float[] dx = Garbage(n);
            Activations.BackwardCore(x, dy, dx, kind, accumulate: false);
            Assert.Equal(expected, dx);
        }

        var same = new float[4];
        Assert.ThrowsAny<ArgumentException>(() => Activations.BackwardCore(new float[4], same, same, kind, accumulate: false));
    }

    [Theory]
    [InlineData(2, 5, 7, 2, 8, false, false)]
    [InlineData(2, 70, 70, 3, 16, true, false)]
    [InlineData(3, 9, 130, 2, 32, false, true)] // padded keys: their rows of dK and dV are zero
    [InlineData(8, 64, 64, 4, 16, true, true)]  // on the worker pool
    public void AttentionWritesDqDkDv(int batch, int queryLen, int keyLen, int heads, int headDim, bool causal, bool padded)
    {
        if (causal) keyLen = queryLen;
        var rng = new Random(batch + queryLen + keyLen + heads + headDim);
        int width = heads * headDim;
        float[] q = Reference.Random(rng, batch * queryLen * width);
        float[] k = Reference.Random(rng, batch * keyLen * width);
        float[] v = Reference.Random(rng, batch * keyLen * width);
        int[] lengths = padded ? [.. new[] { keyLen, 0, keyLen / 2, 1, keyLen - 1, keyLen, 2, 3 }[..batch]] : [];
        var output = new float[batch * queryLen * width];
        var lse = new float[batch * queryLen * heads];
        Attention.Forward(q, width, k, width, v, width, output, lse, batch, queryLen, keyLen, heads, headDim, causal, lengths);
        float[] dOutput = Reference.Random(rng, output.Length);

        var eq = new float[q.Length];
        var ek = new float[k.Length];
        var ev = new float[v.Length];
        Attention.Backward(q, width, k, width, v, width, output, dOutput, lse, eq, width, ek, width, ev, width,
            batch, queryLen, keyLen, heads, headDim, causal, lengths, 0f, 0);

        float[] dq = Garbage(q.Length), dk = Garbage(k.Length), dv = Garbage(v.Length);
        Attention.BackwardCore(q, width, k, width, v, width, output, dOutput, lse, dq, width, dk, width, dv, width,
            batch, queryLen, keyLen, heads, headDim, causal, lengths, 0f, 0, accumulate: false);
        Assert.Equal(eq, dq);
        Assert.Equal(ek, dk);
        Assert.Equal(ev, dv);
    }
}
