using System;

namespace AttentionGen.Runtime.Tests;

public class EmbeddingBackwardTests
{
    [Theory]
    [InlineData(1, 1, new[] { 0 })]
    [InlineData(5, 3, new[] { 4, 0, 4, 2 })]
    [InlineData(7, 17, new[] { 6, 6, 6 })]
    [InlineData(40, 33, new[] { 1, 39, 0, 1, 20, 1, 38 })]
    public void RepeatedIdsCollectEveryRow(int vocab, int width, int[] ids)
    {
        var rng = new Random(vocab + width);
        float[] dy = Reference.Random(rng, ids.Length * width);
        var expected = new double[vocab * width];
        for (int r = 0; r < ids.Length; r++)
        {
            for (int c = 0; c < width; c++)
            {
                expected[(ids[r] * width) + c] += dy[(r * width) + c];
            }
        }

        float[] t0 = Reference.Random(rng, vocab * width);
        float[] dTable = (float[])t0.Clone();
        for (int call = 1; call <= 2; call++)
        {
            Embedding.Backward(ids, dy, dTable, vocab, width);
            GradientCheck.AssertClose(GradientCheck.Accumulated(t0, expected, call), dTable, 1e-6, $"vocab={vocab} width={width} after {call} call(s)");
        }
    }

    [Fact]
    public void GradientMatchesFiniteDifferencesOfTheLookup()
    {
        const int vocab = 6, width = 3;
        int[] ids = [2, 5, 2, 0];
        var rng = new Random(11);
        double[] table = GradientCheck.ToDouble(Reference.Random(rng, vocab * width));
        float[] r = Reference.Random(rng, ids.Length * width);
        double Loss(double[] t)
        {
            double s = 0;
            for (int i = 0; i < ids.Length; i++)
            {
                for (int c = 0; c < width; c++)
                {
                    s += t[(ids[i] * width) + c] * r[(i * width) + c];
                }
            }

            return s;
        }

        var dTable = new float[vocab * width];
        Embedding.Backward(ids, r, dTable, vocab, width);
        GradientCheck.AssertClose(GradientCheck.Numerical(Loss, table), dTable, 1e-6, "dTable");
    }

    [Fact]
    public void ABadIdIsReportedBeforeAnythingIsAdded()
    {
        var dTable = new float[4 * 2];
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => Embedding.Backward([1, 3, 4], new float[6], dTable, 4, 2));
        Assert.Equal("ids", ex.ParamName);
        Assert.Contains("Token id 4 at position 2", ex.Message);
        Assert.Contains("[0, 4)", ex.Message);
        Assert.All(dTable, x => Assert.Equal(0f, x));

        var ex2 = Assert.Throws<ArgumentException>(() => Embedding.Backward([1, 3], new float[3], dTable, 4, 2));
        Assert.Equal("dy", ex2.ParamName);
        ex2 = Assert.Throws<ArgumentException>(() => Embedding.Backward([1, 3], new float[4], new float[7], 4, 2));
        Assert.Equal("dTable", ex2.ParamName);
    }

    [Fact]
    public void SmallCallsAllocateNothing()
    {
        int[] ids = [1, 2, 3, 1];
        var dy = new float[4 * 32];
        var dTable = new float[10 * 32];
        Assert.Equal(0, Reference.Allocated(() => Embedding.Backward(ids, dy, dTable, 10, 32)));
    }
}
