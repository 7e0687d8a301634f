using System;

namespace AttentionGen.Runtime.Tests;

public class EmbeddingTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(17)]
    public void CopiesTheRowOfEachId(int width)
    {
        const int vocab = 11;
        float[] table = Reference.Random(new Random(width), vocab * width);
        int[] ids = [3, 0, 10, 3, 7];
        var y = new float[ids.Length * width];
        Embedding.Forward(ids, table, y, vocab, width);
        for (int r = 0; r < ids.Length; r++)
        {
            Assert.Equal(table.AsSpan(ids[r] * width, width).ToArray(), y.AsSpan(r * width, width).ToArray());
        }
    }

    [Fact]
    public void OutOfRangeIdNamesTheIdItsPositionAndTheVocabulary()
    {
        var ids = new int[20];
        ids[17] = 1200;
        var y = new float[20 * 4];
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => Embedding.Forward(ids, new float[1000 * 4], y, 1000, 4));
        Assert.StartsWith("Token id 1200 at position 17 is outside the vocabulary [0, 1000).", ex.Message);
        Assert.Equal(1200, ex.ActualValue);
        Assert.All(y, v => Assert.Equal(0f, v)); // nothing written

        ids[17] = -1;
        ex = Assert.Throws<ArgumentOutOfRangeException>(() => Embedding.Forward(ids, new float[1000 * 4], y, 1000, 4));
        Assert.StartsWith("Token id -1 at position 17", ex.Message);
    }

    [Fact]
    public void ShortTableIsRejected()
    {
        var ex = Assert.Throws<ArgumentException>(() => Embedding.Forward(new int[1], new float[7], new float[4], 2, 4));
        Assert.Equal("table", ex.ParamName);
        Assert.Contains("vocab × width = 2 × 4", ex.Message);
    }
}
