using System;

namespace AttentionGen.Runtime.Tests;

/// <summary>
/// The attention layers' overloads compiled for a head size carried by a type (what generated models call): the same
/// bits as the general path, forward and backward, and a type that does not fit width / heads is refused.
/// </summary>
public class AttentionLayerSpecializationTests
{
    private readonly struct Size1 : IDimension { public int Value => 1; }

    private readonly struct Size7 : IDimension { public int Value => 7; }

    private readonly struct Size16 : IDimension { public int Value => 16; }

    private readonly struct Size33 : IDimension { public int Value => 33; }

    [Fact]
    public void TypedHeadSizesGiveTheGeneralPathsBits()
    {
        Check<Size1>(heads: 3, batch: 2, seqLen: 5, causal: false);
        Check<Size7>(heads: 2, batch: 3, seqLen: 9, causal: true);
        Check<Size16>(heads: 8, batch: 4, seqLen: 130, causal: false); // W1's heads, several key blocks, on the pool
        Check<Size33>(heads: 1, batch: 1, seqLen: 70, causal: true);   // a head past one vector
    }

    [Fact]
    public void AHeadSizeTypeThatDoesNotFitIsRefusedNamingBoth()
    {
        const int Width = 32, Heads = 4, Rows = 3;
        var ex = Assert.Throws<ArgumentException>(() => SelfAttentionLayer.Forward<Size16>(
            new float[Rows * Width], new float[Rows * 3 * Width], new float[Rows * Width], new float[Rows * Heads], new float[Rows * Width],
            new float[3 * Width * Width], new float[3 * Width], new float[Width * Width], new float[Width],
            1, Rows, Width, Heads, causal: false, default, 0f, 0));
        Assert.Contains("16", ex.Message);
        Assert.Contains("32 / 4", ex.Message);
    }

    private static void Check<THead>(int heads, int batch, int seqLen, bool causal)
        where THead : struct, IDimension
    {
        int width = heads * default(THead).Value;
        int rows = batch * seqLen;
        var rng = new Random(width + rows);
        float[] x = Reference.Random(rng, rows * width);
        float[] inW = Reference.Random(rng, 3 * width * width, 0.5f);
        float[] inB = Reference.Random(rng, 3 * width);
        float[] outW = Reference.Random(rng, width * width, 0.5f);
        float[] outB = Reference.Random(rng, width);
        float[] dy = Reference.Random(rng, rows * width);
        int[] lengths = new int[batch];
        for (int b = 0; b < batch; b++) lengths[b] = 1 + rng.Next(seqLen);

        (float[] Y, float[] Dx, float[] DInW, float[] DOutW) Run(bool typed)
        {
            var qkv = new float[rows * 3 * width];
            var context = new float[rows * width];
            var lse = new float[rows * heads];
            var y = new float[rows * width];
            var dx = new float[rows * width];
            var dQkv = new float[rows * 3 * width];
            var dContext = new float[rows * width];
            var dInW = new float[3 * width * width];
            var dInB = new float[3 * width];
            var dOutW = new float[width * width];
            var dOutB = new float[width];
            if (typed)
            {
                SelfAttentionLayer.Forward<THead>(x, qkv, context, lse, y, inW, inB, outW, outB, batch, seqLen, width, heads, causal, lengths, 0f, 0);
                SelfAttentionLayer.Backward<THead>(x, qkv, context, lse, dy, dx, dQkv, dContext, inW, outW, dInW, dInB, dOutW, dOutB,
                    batch, seqLen, width, heads, causal, lengths, 0f, 0);
            }
            else
            {
                SelfAttentionLayer.Forward(x, qkv, context, lse, y, inW, inB, outW, outB, batch, seqLen, width, heads, causal, lengths, 0f, 0);
                SelfAttentionLayer.Backward(x, qkv, context, lse, dy, dx, dQkv, dContext, inW, outW, dInW, dInB, dOutW, dOutB,
                    batch, seqLen, width, heads, causal, lengths, 0f, 0);
            }

            return (y, dx, dInW, dOutW);
        }

        var general = Run(typed: false);
        var specialized = Run(typed: true);
        Assert.Equal(general.Y, specialized.Y);
        Assert.Equal(general.Dx, specialized.Dx);
        Assert.Equal(general.DInW, specialized.DInW);
        Assert.Equal(general.DOutW, specialized.DOutW);
    }
}
