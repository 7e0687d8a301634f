using System;
using AttentionGen.Runtime;
using Xunit;

namespace AttentionGen.Runtime.Tests.Text;

/// <summary>
/// Temperature, top-k and top-p against distributions computed by hand. The logits ln 4, ln 3, ln 2, ln 1 give the
/// probabilities 0.4, 0.3, 0.2, 0.1 at temperature 1, so every cut and renormalization has a short exact answer.
/// </summary>
public class SamplingTests
{
    private static readonly float[] Logits = { MathF.Log(4), MathF.Log(3), MathF.Log(2), 0f };

    private static float[] Distribution(float[] logits, SamplingOptions options)
    {
        var probabilities = new float[logits.Length];
        TokenSampler.Distribution(logits, options, probabilities);
        return probabilities;
    }

    private static void AssertProbabilities(double[] expected, float[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(expected[i] - actual[i]) < 1e-6, $"token {i}: expected {expected[i]}, got {actual[i]}");
    }

    [Fact]
    public void Temperature_one_is_the_softmax() =>
        AssertProbabilities(new[] { 0.4, 0.3, 0.2, 0.1 }, Distribution(Logits, SamplingOptions.Default));

    [Fact]
    public void Temperature_two_takes_the_square_root_of_each_probability()
    {
        double total = 2 + Math.Sqrt(3) + Math.Sqrt(2) + 1;
        AssertProbabilities(new[] { 2 / total, Math.Sqrt(3) / total, Math.Sqrt(2) / total, 1 / total }, Distribution(Logits, new SamplingOptions(temperature: 2)));
    }

    [Fact]
    public void Temperature_zero_is_the_argmax_and_a_tie_goes_to_the_lower_id()
    {
        AssertProbabilities(new[] { 1.0, 0, 0, 0 }, Distribution(Logits, SamplingOptions.Greedy));
        AssertProbabilities(new[] { 0, 1.0, 0, 0 }, Distribution(new[] { 1f, 5f, 5f, 0f }, SamplingOptions.Greedy));
        Assert.Equal(1, TokenSampler.Sample(new[] { 1f, 5f, 5f, 0f }, SamplingOptions.Greedy, new Rng(1)));
    }

    [Theory]
    [InlineData(1, new[] { 1.0, 0, 0, 0 })]
    [InlineData(2, new[] { 4 / 7.0, 3 / 7.0, 0, 0 })]
    [InlineData(3, new[] { 4 / 9.0, 3 / 9.0, 2 / 9.0, 0 })]
    [InlineData(4, new[] { 0.4, 0.3, 0.2, 0.1 })]
    [InlineData(50, new[] { 0.4, 0.3, 0.2, 0.1 })]
    public void Top_k_keeps_exactly_the_k_most_likely(int k, double[] expected)
    {
        var probabilities = Distribution(Logits, new SamplingOptions(topK: k));
        AssertProbabilities(expected, probabilities);
        Assert.Equal(Math.Min(k, 4), Array.FindAll(probabilities, p => p > 0).Length);
    }

    [Fact]
    public void Top_k_breaks_a_tie_at_the_boundary_towards_the_lower_id() =>
        AssertProbabilities(new[] { 0, 1.0, 0, 0 }, Distribution(new[] { 1f, 5f, 5f, 0f }, new SamplingOptions(topK: 1)));

    [Theory]
    [InlineData(0.39f, new[] { 1.0, 0, 0, 0 })]                       // 0.4 ≥ 0.39: the top token alone
    [InlineData(0.65f, new[] { 4 / 7.0, 3 / 7.0, 0, 0 })]             // 0.4 < 0.65 ≤ 0.7
    [InlineData(0.85f, new[] { 4 / 9.0, 3 / 9.0, 2 / 9.0, 0 })]       // 0.7 < 0.85 ≤ 0.9
    [InlineData(0.95f, new[] { 0.4, 0.3, 0.2, 0.1 })]                 // 0.9 < 0.95: every token
    public void Top_p_keeps_the_smallest_prefix_whose_mass_reaches_p(float p, double[] expected) =>
        AssertProbabilities(expected, Distribution(Logits, new SamplingOptions(topP: p)));

    [Fact]
    public void Top_p_applies_after_temperature_and_top_k()
    {
        // Top-k 3 leaves 4/9, 3/9, 2/9: their first two hold 7/9 ≈ 0.778, so p = 0.75 keeps two and p = 0.8 three.
        AssertProbabilities(new[] { 4 / 7.0, 3 / 7.0, 0, 0 }, Distribution(Logits, new SamplingOptions(topK: 3, topP: 0.75f)));
        AssertProbabilities(new[] { 4 / 9.0, 3 / 9.0, 2 / 9.0, 0 }, Distribution(Logits, new SamplingOptions(topK: 3, topP: 0.8f)));
        // At temperature 0.5 the probabilities are ∝ 16, 9, 4, 1 (sum 30): 16/30 ≈ 0.533 < 0.6 ≤ 25/30, so two remain.
        AssertProbabilities(new[] { 16 / 25.0, 9 / 25.0, 0, 0 }, Distribution(Logits, new SamplingOptions(temperature: 0.5f, topP: 0.6f)));
    }

    [Fact]
    public void Samples_follow_the_cut_distribution_and_never_draw_a_removed_token()
    {
        var rng = new Rng(3);
        var options = new SamplingOptions(topK: 2);
        var counts = new int[4];
        for (int i = 0; i < 20_000; i++) counts[TokenSampler.Sample(Logits, options, rng)]++;
        Assert.Equal(0, counts[2] + counts[3]);
        Assert.InRange(counts[0] / 20_000.0, 4 / 7.0 - 0.015, 4 / 7.0 + 0.015);
    }

    [Fact]
    public void The_same_seed_draws_the_same_tokens()
    {
        var options = new SamplingOptions(temperature: 0.9f, topK: 3, topP: 0.9f);
        var first = new Rng(77);
        var second = new Rng(77);
        for (int i = 0; i < 100; i++)
            Assert.Equal(TokenSampler.Sample(Logits, options, first), TokenSampler.Sample(Logits, options, second));
    }

    [Fact]
    public void Sampling_allocates_nothing_after_warm_up()
    {
        var rng = new Rng(5);
        var options = new SamplingOptions(temperature: 0.8f, topK: 3, topP: 0.9f);
        TokenSampler.Sample(Logits, options, rng);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 100; i++) TokenSampler.Sample(Logits, options, rng);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Theory]
    [InlineData(-0.5f, 0, 1f, "temperature")]
    [InlineData(float.NaN, 0, 1f, "temperature")]
    [InlineData(float.PositiveInfinity, 0, 1f, "temperature")]
    [InlineData(1f, -1, 1f, "topK")]
    [InlineData(1f, 0, 0f, "topP")]
    [InlineData(1f, 0, 1.5f, "topP")]
    [InlineData(1f, 0, float.NaN, "topP")]
    public void Options_out_of_range_are_refused_by_name(float temperature, int topK, float topP, string name)
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new SamplingOptions(temperature, topK, topP));
        Assert.Equal(name, e.ParamName);
        Assert.Contains(name + " is ", e.Message);
    }

    [Fact]
    public void A_destination_of_the_wrong_length_is_refused() =>
        Assert.Equal("probabilities", Assert.Throws<ArgumentException>(() => TokenSampler.Distribution(Logits, SamplingOptions.Default, new float[3])).ParamName);
}
