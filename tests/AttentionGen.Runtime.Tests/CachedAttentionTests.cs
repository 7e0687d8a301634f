using System;

namespace AttentionGen.Runtime.Tests;

/// <summary>
/// Attention over a key/value cache gives, for queries at positions start … start + count − 1, the rows that causal
/// attention over the whole sequence gives there; and the decoding linear equals the packed one.
/// </summary>
public class CachedAttentionTests
{
    [Theory]
    [InlineData(1, 9, 0, 9, 2, 4)]   // a prompt from position 0
    [InlineData(2, 9, 6, 1, 3, 5)]   // one decoding step at position 6
    [InlineData(3, 12, 4, 5, 1, 16)] // a second chunk of a prompt
    public void Matches_causal_attention_over_the_whole_sequence(int batch, int capacity, int start, int count, int heads, int headDim)
    {
        int width = heads * headDim, seqLen = start + count;
        var rng = new Random(batch * 100 + start);
        float[] qkv = Reference.Random(rng, batch * seqLen * 3 * width); // (batch, seqLen, 3·width)
        var full = new float[batch * seqLen * width];
        Attention.Forward(qkv, 3 * width, qkv.AsSpan(width), 3 * width, qkv.AsSpan(2 * width), 3 * width, full,
            new float[batch * seqLen * heads], batch, seqLen, seqLen, heads, headDim, causal: true, default);

        // Fill the cache with the earlier positions, then store the new ones from their own (batch, count) rows.
        var keys = new float[batch * capacity * width];
        var values = new float[batch * capacity * width];
        float[] earlier = Rows(qkv, batch, seqLen, 0, start, 3 * width);
        if (start > 0) CachedAttention.Store(earlier, keys, values, batch, start, 0, capacity, width);
        float[] fresh = Rows(qkv, batch, seqLen, start, count, 3 * width);
        CachedAttention.Store(fresh, keys, values, batch, count, start, capacity, width);
        var output = new float[batch * count * width];
        CachedAttention.Forward(fresh, 3 * width, keys, values, output, batch, count, start, capacity, heads, headDim, new float[capacity]);

        float[] expected = Rows(full, batch, seqLen, start, count, width);
        for (int i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(expected[i] - output[i]) < 1e-5f, $"element {i}: cached {output[i]}, full {expected[i]}");
    }

    [Fact]
    public void A_query_past_the_capacity_is_refused()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => CachedAttention.Forward(
            new float[3 * 8], 24, new float[4 * 8], new float[4 * 8], new float[8], 1, 1, 4, 4, 2, 4, new float[4]));
        Assert.Contains("start + count = 4 + 1 exceeds the cache's capacity of 4 positions", e.Message);
    }

    [Theory]
    [InlineData(1, 32, 96)]
    [InlineData(3, 17, 5)]
    [InlineData(4, 64, 65)]
    [InlineData(9, 16, 8)] // more rows than a decoding step: the packed product
    public void The_decoding_linear_equals_the_packed_one(int rows, int inFeatures, int outFeatures)
    {
        var rng = new Random(rows + inFeatures);
        float[] x = Reference.Random(rng, rows * inFeatures), w = Reference.Random(rng, outFeatures * inFeatures), b = Reference.Random(rng, outFeatures);
        var packed = new float[rows * outFeatures];
        var decode = new float[rows * outFeatures];
        Linear.Forward(x, w, b, packed, rows, inFeatures, outFeatures);
        Linear.ForwardDecode(x, w, b, decode, rows, inFeatures, outFeatures);
        for (int i = 0; i < packed.Length; i++) Assert.True(Math.Abs(packed[i] - decode[i]) < 1e-5f, $"element {i}: {decode[i]} vs {packed[i]}");
    }

    /// <summary>Positions [from, from + count) of (batch, seqLen, width) rows, as (batch, count, width).</summary>
    private static float[] Rows(float[] source, int batch, int seqLen, int from, int count, int width)
    {
        var rows = new float[batch * count * width];
        for (int b = 0; b < batch; b++) Array.Copy(source, (b * seqLen + from) * width, rows, b * count * width, count * width);
        return rows;
    }
}
