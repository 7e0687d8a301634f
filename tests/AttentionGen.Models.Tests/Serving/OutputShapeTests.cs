using AttentionGen.Models.Tests.Models;
using AttentionGen.Models.Tests.Reference;

namespace AttentionGen.Models.Tests.Serving;

/// <summary>The output's shape in code: <c>OutputPerPosition</c> with <c>Outputs</c>, and <c>OutputLength</c> for a batch.</summary>
public class OutputShapeTests
{
    [Fact]
    public void Per_position_models_say_so_and_their_output_length_counts_every_position()
    {
        Assert.True(TinyGpt.OutputPerPosition);
        Assert.True(Translator.OutputPerPosition);
        Assert.True(SingleHeadAttention.OutputPerPosition);
        Assert.Equal(3 * 7 * TinyGpt.Vocab, TinyGpt.OutputLength(3, 7));
        Assert.Equal(2 * 5 * Translator.TargetVocab, Translator.OutputLength(2, 5));

        var model = new TinyGpt(seed: 1, maxBatch: 3);
        Assert.Equal(TinyGpt.OutputLength(3, 7), model.Forward(TestData.Tokens(new Random(1), 3 * 7, TinyGpt.Vocab), 3, 7).Length);
        var translator = new Translator(seed: 1, maxBatch: 2);
        var rng = new Random(2);
        Assert.Equal(Translator.OutputLength(2, 5), translator.Forward(
            TestData.Tokens(rng, 2 * 9, Translator.Vocab), TestData.Tokens(rng, 2 * 5, Translator.TargetVocab), 2, 9, 5).Length);
    }

    [Fact]
    public void Per_example_models_say_so_and_their_output_length_ignores_the_sequence_length()
    {
        Assert.False(ProbeClassifier.OutputPerPosition);
        Assert.False(Forecaster.OutputPerPosition);
        Assert.Equal(4 * 2, ProbeClassifier.OutputLength(4, 1));
        Assert.Equal(4 * 2, ProbeClassifier.OutputLength(4, ProbeClassifier.MaxSeq));

        var model = new Forecaster(seed: 1, maxBatch: 4);
        Assert.Equal(Forecaster.OutputLength(4, 10), model.Forward(TestData.Floats(new Random(1), 4 * 10 * Forecaster.Features), 4, 10).Length);
    }

    [Fact]
    public void Output_length_refuses_what_no_forward_pass_accepts()
    {
        var batch = Assert.Throws<ArgumentOutOfRangeException>(() => TinyGpt.OutputLength(0, 4));
        Assert.Contains("Batch size 0 must be at least 1", batch.Message);
        var length = Assert.Throws<ArgumentOutOfRangeException>(() => TinyGpt.OutputLength(1, 33));
        Assert.Contains("Input sequence length 33 is outside [1, 32]", length.Message);
        var target = Assert.Throws<ArgumentOutOfRangeException>(() => Translator.OutputLength(1, Translator.TargetMaxSeq + 1));
        Assert.Contains($"Target sequence length {Translator.TargetMaxSeq + 1}", target.Message);
        var huge = Assert.Throws<ArgumentOutOfRangeException>(() => TinyGpt.OutputLength(int.MaxValue, 32));
        Assert.Contains("more than one array can hold", huge.Message);
    }
}
