using AttentionGen.Models.Tests.Models;
using AttentionGen.Models.Tests.Reference;
using AttentionGen.Runtime;

namespace AttentionGen.Models.Tests.Serving;

/// <summary>What a session refuses, and how it says so: the message names the problem and the value.</summary>
public class SessionContractTests
{
    [Theory]
    [MemberData(nameof(ServingCase.Names), MemberType = typeof(ServingCase))]
    public void A_batch_over_the_sessions_max_batch_is_refused_naming_both(string name)
    {
        var serving = ServingCase.Named(name);
        // The model itself takes batches of 32: the session's own maximum is the one that counts.
        var model = serving.Create(seed: 1, maxBatch: 32);
        using var session = ServingCase.CreateSession(model, maxBatch: 3);
        var request = serving.Draw(new Random(2), maxBatch: 4, minBatch: 4);

        var e = Assert.Throws<ArgumentOutOfRangeException>(() => ServingCase.Run(session, request));
        Assert.Equal("batch", e.ParamName);
        Assert.Equal(4, e.ActualValue);
        Assert.Contains("Batch size 4 is outside [1, 3]", e.Message);
        Assert.Contains("session was created with maxBatch 3", e.Message);
    }

    [Fact]
    public void A_session_checks_its_inputs_as_the_model_does()
    {
        var model = new TinyGpt(seed: 1, maxBatch: 2);
        using var session = model.CreateInferenceSession(maxBatch: 2);
        int[] tokens = TestData.Tokens(new Random(1), 2 * 4, TinyGpt.Vocab);

        var zero = Assert.Throws<ArgumentOutOfRangeException>(() => session.Forward(tokens, 0, 4));
        Assert.Contains("Batch size 0", zero.Message);

        var tooLong = Assert.Throws<ArgumentOutOfRangeException>(() => session.Forward(new int[2 * 33], 2, 33));
        Assert.Contains("Input sequence length 33 is outside [1, 32]", tooLong.Message);

        tokens[5] = TinyGpt.Vocab;
        var badId = Assert.Throws<ArgumentOutOfRangeException>(() => session.Forward(tokens, 2, 4));
        Assert.Contains($"token id {TinyGpt.Vocab} at batch row 1, position 1", badId.Message);

        tokens[5] = 0;
        var badLength = Assert.ThrowsAny<ArgumentException>(() => session.Forward(tokens, 2, 4, new[] { 4, 5 }));
        Assert.Contains("5", badLength.Message);
    }

    [Fact]
    public void A_float_session_refuses_non_finite_inputs()
    {
        var model = new Forecaster(seed: 1, maxBatch: 2);
        using var session = model.CreateInferenceSession(maxBatch: 2);
        float[] inputs = TestData.Floats(new Random(1), 2 * 5 * Forecaster.Features);
        inputs[7] = float.NaN;

        var e = Assert.Throws<ArgumentException>(() => session.Forward(inputs, 2, 5));
        Assert.Contains("index 7 is NaN", e.Message);
    }

    [Fact]
    public void A_session_needs_a_positive_max_batch()
    {
        var model = new Translator(seed: 1, maxBatch: 2);
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => model.CreateInferenceSession(maxBatch: 0));
        Assert.Equal("maxBatch", e.ParamName);
        Assert.Contains("maxBatch must be at least 1, but it is 0", e.Message);
    }

    [Fact]
    public void A_disposed_session_refuses_calls()
    {
        var model = new EncoderClassifier(seed: 1, maxBatch: 2);
        var session = model.CreateInferenceSession(maxBatch: 2);
        int[] tokens = TestData.Tokens(new Random(1), 3, EncoderClassifier.Vocab);
        Assert.Equal(EncoderClassifier.OutputLength(1, 3), session.Forward(tokens, 1, 3).Length);

        session.Dispose();
        var e = Assert.Throws<ObjectDisposedException>(() => session.Forward(tokens, 1, 3));
        Assert.Contains("disposed", e.Message);
        Assert.Throws<ObjectDisposedException>(() => session.Predict(tokens, 1, 3));
        session.Dispose(); // a second Dispose is harmless
    }

    [Fact]
    public void Predict_on_a_session_is_the_softmax_or_sigmoid_of_its_forward()
    {
        var classifier = new EncoderClassifier(seed: 4, maxBatch: 3);
        var regressor = new DenseHeadRegressor(seed: 4, maxBatch: 3);
        var rng = new Random(4);
        int[] tokens = TestData.Tokens(rng, 3 * 7, EncoderClassifier.Vocab);
        float[] inputs = TestData.Floats(rng, 3 * 6 * DenseHeadRegressor.Features);
        int[] tokenLengths = { 7, 2, 5 };
        int[] inputLengths = { 6, 1, 4 };

        using var classifierSession = classifier.CreateInferenceSession(maxBatch: 3);
        using var regressorSession = regressor.CreateInferenceSession(maxBatch: 3);
        Bits.AssertIdentical(classifier.Predict(tokens, 3, 7, tokenLengths).ToArray(), classifierSession.Predict(tokens, 3, 7, tokenLengths), "softmax");
        Bits.AssertIdentical(regressor.Predict(inputs, 3, 6, inputLengths).ToArray(), regressorSession.Predict(inputs, 3, 6, inputLengths), "sigmoid");
    }

    [Fact]
    public void A_sessions_output_is_its_own_until_its_next_call()
    {
        // Two sessions of one model: a call on one leaves the other's last output as it was.
        var model = new TinyGpt(seed: 5, maxBatch: 2);
        using var first = model.CreateInferenceSession(maxBatch: 2);
        using var second = model.CreateInferenceSession(maxBatch: 2);
        var rng = new Random(5);
        int[] a = TestData.Tokens(rng, 2 * 9, TinyGpt.Vocab);
        int[] b = TestData.Tokens(rng, 2 * 9, TinyGpt.Vocab);

        var fromFirst = first.Forward(a, 2, 9);
        float[] kept = fromFirst.ToArray();
        second.Forward(b, 2, 9);
        model.Forward(b, 2, 9);
        Bits.AssertIdentical(kept, fromFirst, "the first session's output after calls elsewhere");
    }
}
