using AttentionGen.Models.Tests.Models;
using AttentionGen.Models.Tests.Reference;

namespace AttentionGen.Models.Tests.Serving;

/// <summary>
/// A session's forward pass allocates nothing after warm-up, as the model's does: a server pays for its sessions once.
/// Sizes keep every kernel on the calling thread (Parallel.For allocates by design; see AllocationTests).
/// </summary>
public class SessionAllocationTests
{
    [Fact]
    public void A_token_session_forward_allocates_nothing()
    {
        var model = new TinyGpt(seed: 1, maxBatch: 1, inferenceOnly: true);
        using var session = model.CreateInferenceSession(maxBatch: 4);
        int[] tokens = TestData.Tokens(new Random(2), 2 * 16, TinyGpt.Vocab);
        int[] lengths = { 16, 5 };
        Assert.Equal(0, AllocationTests.AllocatedBySecondCall(() => session.Forward(tokens, 2, 16, lengths)));
    }

    [Fact]
    public void A_sequence_to_sequence_session_forward_allocates_nothing()
    {
        var model = new Translator(seed: 1, maxBatch: 1, inferenceOnly: true);
        using var session = model.CreateInferenceSession(maxBatch: 4);
        var rng = new Random(3);
        int[] source = TestData.Tokens(rng, 2 * 12, Translator.Vocab);
        int[] target = TestData.Tokens(rng, 2 * 10, Translator.TargetVocab);
        int[] sourceLengths = { 12, 7 };
        int[] targetLengths = { 4, 10 };
        Assert.Equal(0, AllocationTests.AllocatedBySecondCall(() => session.Forward(source, target, 2, 12, 10, sourceLengths, targetLengths)));
    }

    [Fact]
    public void A_float_session_predict_allocates_nothing()
    {
        var model = new DenseHeadRegressor(seed: 1, maxBatch: 1, inferenceOnly: true);
        using var session = model.CreateInferenceSession(maxBatch: 4);
        float[] inputs = TestData.Floats(new Random(4), 3 * 9 * DenseHeadRegressor.Features);
        int[] lengths = { 9, 2, 5 };
        Assert.Equal(0, AllocationTests.AllocatedBySecondCall(() => session.Predict(inputs, 3, 9, lengths)));
    }
}
