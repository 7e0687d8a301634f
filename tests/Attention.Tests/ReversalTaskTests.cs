using System.Linq;
using AttentionSample;

namespace Attention.Tests;

public class ReversalTaskTests
{
    [Fact]
    public void EveryTargetIsItsInputBackToFront()
    {
        var (inputs, targets) = ReversalTask.Sample(new Random(5), 50);
        Assert.Equal(50 * ReversalTask.Length, inputs.Length);
        Assert.All(inputs, digit => Assert.InRange(digit, 0, ReversalTask.Digits - 1));
        for (int s = 0; s < 50; s++)
        {
            int[] input = inputs.AsSpan(s * ReversalTask.Length, ReversalTask.Length).ToArray();
            Assert.Equal(Enumerable.Reverse(input).ToArray(), targets.AsSpan(s * ReversalTask.Length, ReversalTask.Length).ToArray());
        }
        Assert.True(inputs.Distinct().Count() == ReversalTask.Digits, "fifty sequences should use every digit");
    }

    [Fact]
    public void TheSameSeedGivesTheSameSequencesAndAnotherSeedOthers()
    {
        Assert.Equal(ReversalTask.Sample(new Random(2), 10).Inputs, ReversalTask.Sample(new Random(2), 10).Inputs);
        Assert.NotEqual(ReversalTask.Sample(new Random(1), 10).Inputs, ReversalTask.Sample(new Random(2), 10).Inputs);
    }

    [Fact]
    public void PerfectScoresAreOneAndOneWrongDigitSpoilsItsSequence()
    {
        var (_, targets) = ReversalTask.Sample(new Random(3), 4);
        float[] logits = OneHot(targets);
        Assert.Equal(new Accuracy(1, 1), ReversalTask.Score(logits, targets, 4));

        // Sequence 2, position 5: move the highest score to a wrong digit.
        int position = 2 * ReversalTask.Length + 5;
        logits[position * ReversalTask.Digits + targets[position]] = 0;
        logits[position * ReversalTask.Digits + (targets[position] + 1) % ReversalTask.Digits] = 1;
        Accuracy accuracy = ReversalTask.Score(logits, targets, 4);
        Assert.Equal((4.0 * ReversalTask.Length - 1) / (4 * ReversalTask.Length), accuracy.Digits, 12);
        Assert.Equal(0.75, accuracy.Sequences, 12);
    }

    [Fact]
    public void ScoresOfTheWrongSizeAreRefusedWithBothCounts()
    {
        var error = Assert.Throws<ArgumentException>(() => ReversalTask.Score(new float[10], new int[ReversalTask.Length], 1));
        Assert.Equal("logits", error.ParamName);
        Assert.Contains("10", error.Message);
        Assert.Contains("80", error.Message);
    }

    private static float[] OneHot(int[] targets)
    {
        var logits = new float[targets.Length * ReversalTask.Digits];
        for (int i = 0; i < targets.Length; i++)
            logits[i * ReversalTask.Digits + targets[i]] = 1;
        return logits;
    }
}
