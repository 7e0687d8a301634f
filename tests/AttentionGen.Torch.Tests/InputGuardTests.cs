using TorchSharp;
using static TorchSharp.torch;

namespace AttentionGen.Torch.Tests;

/// <summary>Every input of a module is checked before use, and a bad one names itself, what it is and what was expected.</summary>
public sealed class InputGuardTests
{
    private static Tensor Ids(long[] values, params long[] shape) => tensor(values, shape);

    private static Tensor Ids(long rows, long seq, long value = 1) => full(rows, seq, value, ScalarType.Int64);

    private static T Throws<T>(Action action, params string[] fragments) where T : Exception
    {
        var exception = Assert.Throws<T>(action);
        foreach (string fragment in fragments) Assert.Contains(fragment, exception.Message);
        return exception;
    }

    [Fact]
    public void TokensOfTheWrongRankAreRejected()
    {
        using var module = new PostNormClassifier.Torch();
        Throws<ArgumentException>(() => module.Run(Ids(new long[] { 1, 2, 3 }, 3)),
            "Input 'tokens' has rank 1, shape [3]; expected rank 2: (batch, seq) with batch ≥ 1 and seq in [1, 12]");
        Throws<ArgumentException>(() => module.Run(zeros(2, 3, 4, ScalarType.Int64)), "rank 3, shape [2, 3, 4]");
    }

    [Fact]
    public void ASequenceLongerThanMaxSeqIsRejected()
    {
        using var module = new PostNormClassifier.Torch();
        Throws<ArgumentException>(() => module.Run(Ids(2, 13)),
            "Input 'tokens' has shape [2, 13]; expected (batch, seq) with batch ≥ 1 and seq in [1, 12] (the model's longest sequence is 12)");
        Throws<ArgumentException>(() => module.Run(Ids(0, 5)), "shape [0, 5]");
    }

    [Fact]
    public void TokensOfAnotherDtypeAreRejected()
    {
        using var module = new PostNormClassifier.Torch();
        Throws<ArgumentException>(() => module.Run(ones(2, 5, ScalarType.Int32)), "Input 'tokens' has dtype Int32; expected Int64 token ids");
        Throws<ArgumentException>(() => module.Run(ones(2, 5)), "dtype Float32");
    }

    [Fact]
    public void InputsOnAnotherDeviceAreRejected()
    {
        // No GPU here: the meta device stands for "not where the parameters are", and holds no data to read.
        using var module = new PostNormClassifier.Torch();
        var meta = torch.device("meta");
        Throws<ArgumentException>(() => module.Run(zeros(2, 5, ScalarType.Int64, meta)), "Input 'tokens' is on meta, but the module's parameters are on cpu");
        Throws<ArgumentException>(() => module.Run(Ids(2, 5), zeros(2, ScalarType.Int64, meta)), "Input 'lengths' is on meta");
        using var forecaster = new Forecaster.Torch();
        Throws<ArgumentException>(() => forecaster.Run(zeros(2, 5, 3, ScalarType.Float32, meta)), "Input 'features' is on meta");
    }

    [Fact]
    public void ATokenOutsideTheVocabularyIsNamedWithItsPosition()
    {
        using var module = new PostNormClassifier.Torch();
        var tokens = Ids(2, 5);
        tokens[1, 3] = tensor(50L);
        var error = Throws<ArgumentOutOfRangeException>(() => module.Run(tokens), "id 50 at batch row 1, position 3 is outside the vocabulary [0, 50)");
        Assert.Equal("tokens", error.ParamName);
        tokens[1, 3] = tensor(-1L);
        Throws<ArgumentOutOfRangeException>(() => module.Run(tokens), "id -1 at batch row 1, position 3");
    }

    [Fact]
    public void BadLengthsAreRejected()
    {
        using var module = new PostNormClassifier.Torch();
        Throws<ArgumentException>(() => module.Run(Ids(2, 5), Ids(new long[] { 5, 5, 5 }, 3)),
            "Input 'lengths' has rank 1, shape [3]; expected rank 1: (batch) = (2), one length per sequence");
        Throws<ArgumentException>(() => module.Run(Ids(2, 5), tensor(new[] { 5, 5 })), "Input 'lengths' has dtype Int32; expected Int64");
        var error = Throws<ArgumentOutOfRangeException>(() => module.Run(Ids(2, 5), Ids(new long[] { 5, 6 }, 2)), "lengths[1] is 6, outside the valid range [0, 5]");
        Assert.Equal(6L, error.ActualValue);
        Throws<ArgumentOutOfRangeException>(() => module.Run(Ids(2, 5), Ids(new long[] { -1, 5 }, 2)), "lengths[0] is -1");
    }

    [Fact]
    public void FloatInputsAreCheckedForRankWidthDtypeAndFiniteness()
    {
        using var module = new Forecaster.Torch();
        Throws<ArgumentException>(() => module.Run(zeros(2, 5)), "Input 'features' has rank 2, shape [2, 5]; expected rank 3: (batch, seq, 3) with batch ≥ 1 and seq in [1, 10]");
        Throws<ArgumentException>(() => module.Run(zeros(2, 5, 4)), "Input 'features' has shape [2, 5, 4]; expected (batch, seq, 3)", "the model's Features is 3");
        Throws<ArgumentException>(() => module.Run(zeros(2, 5, 3, ScalarType.Float64)), "Input 'features' has dtype Float64; expected Float32");
        var features = zeros(2, 5, 3);
        features[1, 2, 0] = tensor(float.NaN);
        Throws<ArgumentException>(() => module.Run(features), "the value at batch row 1, position 2, feature 0 is NaN; every value must be finite");
    }

    [Fact]
    public void SourceAndTargetAreCheckedSeparately()
    {
        using var module = new Translator.Torch();
        Throws<ArgumentException>(() => module.Run(Ids(2, 5), Ids(3, 4)), "Input 'target' has shape [3, 4]; expected (batch, seq) with batch = 2 and seq in [1, 8]");
        Throws<ArgumentOutOfRangeException>(() => module.Run(Ids(2, 5), Ids(2, 4, 25)), "Input 'target': id 25 at batch row 0, position 0 is outside the vocabulary [0, 25)");
        Throws<ArgumentOutOfRangeException>(() => module.Run(Ids(2, 5), Ids(2, 4), targetLengths: Ids(new long[] { 4, 5 }, 2)), "targetLengths[1] is 5, outside the valid range [0, 4]");
    }

    [Fact]
    public void ARejectedCallLeavesTheModuleUsable()
    {
        using var module = new PostNormClassifier.Torch();
        Assert.ThrowsAny<ArgumentException>(() => module.Run(Ids(2, 13)));
        using var logits = module.Run(Ids(2, 5), Ids(new long[] { 5, 2 }, 2));
        Assert.Equal(new long[] { 2, 3 }, logits.shape);
    }
}
