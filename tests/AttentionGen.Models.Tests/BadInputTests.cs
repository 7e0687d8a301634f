using AttentionGen.Models.Tests.Models;
using AttentionGen.Models.Tests.Reference;

namespace AttentionGen.Models.Tests;

/// <summary>
/// Input a model cannot run on is refused before any work, with an ArgumentException (or a subclass) whose
/// message carries the offending value and the limit, and a refused call leaves the model usable.
/// </summary>
public class BadInputTests
{
    private static void AssertMessageHas(Exception exception, params string[] parts)
    {
        foreach (string part in parts)
        {
            Assert.True(exception.Message.Contains(part, StringComparison.Ordinal), $"The message \"{exception.Message}\" does not mention {part}.");
        }
    }

    [Theory]
    [InlineData(1234)]
    [InlineData(-7)]
    public void TokenIdOutsideTheVocabularyIsRefused(int id)
    {
        var model = new ProbeClassifier(seed: 1);
        int[] tokens = TestData.Tokens(new Random(1), 2 * 5, ProbeClassifier.Vocab);
        tokens[7] = id;
        var exception = Assert.ThrowsAny<ArgumentException>(() => model.Forward(tokens, 2, 5).ToArray());
        AssertMessageHas(exception, id.ToString(System.Globalization.CultureInfo.InvariantCulture), "1000");
    }

    [Fact]
    public void TargetTokenIdOutsideTheTargetVocabularyIsRefused()
    {
        // 190 is a valid source id (Vocab = 200) but not a valid target id (TargetVocab = 180).
        var model = new Translator(seed: 1);
        int[] source = TestData.Tokens(new Random(2), 4, Translator.Vocab);
        int[] target = TestData.Tokens(new Random(3), 3, Translator.TargetVocab);
        target[2] = 190;
        var exception = Assert.ThrowsAny<ArgumentException>(() => model.Forward(source, target, 1, 4, 3).ToArray());
        AssertMessageHas(exception, "190", "180");

        source[0] = 205;
        target[2] = 0;
        exception = Assert.ThrowsAny<ArgumentException>(() => model.Forward(source, target, 1, 4, 3).ToArray());
        AssertMessageHas(exception, "205", "200");
    }

    [Fact]
    public void SequenceLongerThanMaxSeqIsRefused()
    {
        var model = new ProbeClassifier(seed: 1);
        var exception = Assert.ThrowsAny<ArgumentException>(() => model.Forward(new int[33], 1, 33).ToArray());
        AssertMessageHas(exception, "33", "32");

        var translator = new Translator(seed: 1);
        exception = Assert.ThrowsAny<ArgumentException>(() => translator.Forward(new int[4], new int[15], 1, 4, 15).ToArray());
        AssertMessageHas(exception, "15", "14");

        var forecaster = new Forecaster(seed: 1);
        exception = Assert.ThrowsAny<ArgumentException>(() => forecaster.Forward(new float[25 * Forecaster.Features], 1, 25, default).ToArray());
        AssertMessageHas(exception, "25", "24");
    }

    [Fact]
    public void BatchLargerThanMaxBatchIsRefused()
    {
        var model = new TinyGpt(seed: 1, maxBatch: 4);
        var exception = Assert.ThrowsAny<ArgumentException>(() => model.Forward(new int[5 * 3], 5, 3).ToArray());
        AssertMessageHas(exception, "5", "4");

        exception = Assert.ThrowsAny<ArgumentException>(() => model.Forward(Array.Empty<int>(), 0, 3).ToArray());
        AssertMessageHas(exception, "0");
    }

    [Fact]
    public void LengthLongerThanSeqLenIsRefused()
    {
        var model = new ProbeClassifier(seed: 1);
        int[] tokens = TestData.Tokens(new Random(4), 2 * 8, ProbeClassifier.Vocab);
        var exception = Assert.ThrowsAny<ArgumentException>(() => model.Forward(tokens, 2, 8, new[] { 3, 9 }).ToArray());
        AssertMessageHas(exception, "9", "8");

        exception = Assert.ThrowsAny<ArgumentException>(() => model.Forward(tokens, 2, 8, new[] { -2, 4 }).ToArray());
        AssertMessageHas(exception, "-2");

        exception = Assert.ThrowsAny<ArgumentException>(() => model.Forward(tokens, 2, 8, new[] { 8 }).ToArray());
        AssertMessageHas(exception, "1", "2");

        var translator = new Translator(seed: 1);
        exception = Assert.ThrowsAny<ArgumentException>(
            () => translator.Forward(new int[2 * 4], new int[2 * 3], 2, 4, 3, new[] { 4, 4 }, new[] { 3, 6 }).ToArray());
        AssertMessageHas(exception, "6", "3");
    }

    [Theory]
    [InlineData(float.NaN, "NaN")]
    [InlineData(float.PositiveInfinity, "Infinity")]
    public void NonFiniteFloatInputIsRefused(float bad, string kind)
    {
        var model = new Forecaster(seed: 1);
        float[] inputs = TestData.Floats(new Random(5), 2 * 6 * Forecaster.Features);
        inputs[29] = bad;
        var exception = Assert.ThrowsAny<ArgumentException>(() => model.Forward(inputs, 2, 6, default).ToArray());
        AssertMessageHas(exception, kind, "29");

        var attention = new SingleHeadAttention(seed: 1);
        float[] vectors = TestData.Floats(new Random(6), 3 * SingleHeadAttention.Features);
        vectors[40] = bad;
        exception = Assert.ThrowsAny<ArgumentException>(() => attention.Forward(vectors, 1, 3, default).ToArray());
        AssertMessageHas(exception, kind, "40");
    }

    [Fact]
    public void WrongNumberOfTokensIsRefused()
    {
        var model = new ProbeClassifier(seed: 1);
        var exception = Assert.ThrowsAny<ArgumentException>(() => model.Forward(new int[11], 2, 6).ToArray());
        AssertMessageHas(exception, "11", "12");
    }

    [Fact]
    public void RefusedCallLeavesTheModelUsable()
    {
        var model = new ProbeClassifier(seed: 1);
        int[] tokens = TestData.Tokens(new Random(7), 3 * 4, ProbeClassifier.Vocab);
        float[] before = model.Forward(tokens, 3, 4).ToArray();
        int[] bad = (int[])tokens.Clone();
        bad[11] = ProbeClassifier.Vocab;
        Assert.ThrowsAny<ArgumentException>(() => model.Forward(bad, 3, 4).ToArray());
        Assert.Equal(before, model.Forward(tokens, 3, 4).ToArray());
    }
}
