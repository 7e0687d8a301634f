using System;

namespace AttentionGen.Runtime.Tests;

public class InputGuardTests
{
    [Fact]
    public void BatchOutsideRangeNamesValueAndLimit()
    {
        InputGuard.Batch(1, 8);
        InputGuard.Batch(8, 8);
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => InputGuard.Batch(9, 8));
        Assert.Contains("Batch size 9", ex.Message);
        Assert.Contains("[1, 8]", ex.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => InputGuard.Batch(0, 8));
    }

    [Fact]
    public void SequenceLengthNamesWhichSequence()
    {
        InputGuard.SequenceLength(64, 64, "source");
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => InputGuard.SequenceLength(80, 64, "source"));
        Assert.StartsWith("Source sequence length 80 is outside [1, 64]", ex.Message);
        ex = Assert.Throws<ArgumentOutOfRangeException>(() => InputGuard.SequenceLength(0, 64, "target"));
        Assert.StartsWith("Target sequence length 0", ex.Message);
    }

    [Fact]
    public void LengthsMustMatchTheBatchAndFitTheSequence()
    {
        InputGuard.Lengths(default, 4, 10);
        InputGuard.Lengths(new[] { 0, 10, 3 }, 3, 10);
        var ex = Assert.Throws<ArgumentException>(() => InputGuard.Lengths(new[] { 1, 2 }, 3, 10));
        Assert.Contains("2 entries", ex.Message);
        Assert.Contains("batch is 3", ex.Message);
        var ex2 = Assert.Throws<ArgumentOutOfRangeException>(() => InputGuard.Lengths(new[] { 1, 11, 2 }, 3, 10));
        Assert.Contains("lengths[1] is 11", ex2.Message);
        Assert.Contains("[0, 10]", ex2.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => InputGuard.Lengths(new[] { -1 }, 1, 10));
    }

    [Fact]
    public void TokensNameTheIdItsRowAndPosition()
    {
        var tokens = new int[2 * 20];
        InputGuard.Tokens(tokens, 2, 20, 1000, "input");
        tokens[20 + 17] = 1200;
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => InputGuard.Tokens(tokens, 2, 20, 1000, "input"));
        Assert.StartsWith("Input token id 1200 at batch row 1, position 17 is outside the vocabulary [0, 1000).", ex.Message);
        var ex2 = Assert.Throws<ArgumentException>(() => InputGuard.Tokens(new int[39], 2, 20, 1000, "source"));
        Assert.Contains("39", ex2.Message);
        Assert.Contains("40", ex2.Message);
    }

    [Fact]
    public void FloatsNameTheIndexOfANonFiniteValue()
    {
        var values = new float[100];
        InputGuard.Floats(values, 100, "input");
        values[57] = float.NaN;
        var ex = Assert.Throws<ArgumentException>(() => InputGuard.Floats(values, 100, "input"));
        Assert.StartsWith("Input value at index 57 is NaN", ex.Message);
        values[57] = 0;
        values[3] = float.NegativeInfinity;
        ex = Assert.Throws<ArgumentException>(() => InputGuard.Floats(values, 100, "source"));
        Assert.StartsWith("Source value at index 3 is -Infinity", ex.Message);
        values[3] = 0;
        values[99] = float.PositiveInfinity;
        ex = Assert.Throws<ArgumentException>(() => InputGuard.Floats(values, 100, "input"));
        Assert.Contains("index 99", ex.Message);
        ex = Assert.Throws<ArgumentException>(() => InputGuard.Floats(values, 64, "input"));
        Assert.Contains("100", ex.Message);
        Assert.Contains("64", ex.Message);
    }
}
