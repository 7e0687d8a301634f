using AttentionGen.Models.Tests.Models;
using AttentionGen.Models.Tests.Reference;
using AttentionGen.Runtime;

namespace AttentionGen.Models.Tests.Generation;

/// <summary>
/// A generation session gives, at every position, the logits the model's full forward pass gives there: after a
/// prefill, after each appended token, after a second prefill that continues a sequence, after Reset; for learned and
/// sinusoidal positions, pre- and post-norm blocks, a dropout layer, one or two stacks, tied and untied heads, batch 1
/// and 3. Its mistakes are clear errors, and a step allocates nothing.
/// </summary>
public class GenerationSessionTests
{
    public static TheoryData<string, int> Cases => new()
    {
        { nameof(TinyGpt), 1 }, { nameof(TinyGpt), 3 },
        { nameof(SinusoidalGpt), 1 }, { nameof(SinusoidalGpt), 3 },
        { nameof(PostNormGpt), 2 },
    };

    private static ICausalLanguageModel Create(string name) => name switch
    {
        nameof(TinyGpt) => new TinyGpt(seed: 3, maxBatch: 3),
        nameof(SinusoidalGpt) => new SinusoidalGpt(seed: 4, maxBatch: 3),
        _ => new PostNormGpt(seed: 5, maxBatch: 3),
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Logits_equal_the_full_forward_at_every_position(string name, int batch)
    {
        var model = Create(name);
        using var session = model.CreateGenerationSession(batch);
        int seqLen = session.Capacity, vocab = session.Vocab;
        int[] tokens = TestData.Tokens(new Random(batch * 7 + name.Length), batch * seqLen, vocab);
        float[] full = model.Forward(tokens, batch, seqLen).ToArray(); // (batch, seqLen, vocab)

        const int promptLength = 5;
        AssertPosition(full, session.Prefill(Columns(tokens, batch, seqLen, 0, promptLength)), batch, seqLen, vocab, promptLength - 1, "prefill");
        Assert.Equal(promptLength, session.Position);
        for (int t = promptLength; t < seqLen; t++)
        {
            AssertPosition(full, session.Append(Columns(tokens, batch, seqLen, t, 1)), batch, seqLen, vocab, t, "append");
            Assert.Equal(t + 1, session.Position);
        }

        // Reset starts over; a prefill may continue a sequence at a later position, as a chunked prompt does.
        session.Reset();
        Assert.Equal(0, session.Position);
        AssertPosition(full, session.Prefill(Columns(tokens, batch, seqLen, 0, 3)), batch, seqLen, vocab, 2, "prefill after Reset");
        AssertPosition(full, session.Prefill(Columns(tokens, batch, seqLen, 3, seqLen - 3)), batch, seqLen, vocab, seqLen - 1, "second prefill");
    }

    [Fact]
    public void Append_of_one_token_matches_the_forward_for_a_single_sequence()
    {
        var model = new TinyGpt(seed: 9, maxBatch: 1);
        int[] tokens = TestData.Tokens(new Random(11), 10, TinyGpt.Vocab);
        float[] full = model.Forward(tokens, 1, 10).ToArray();
        using var session = model.CreateGenerationSession();
        session.Prefill(tokens.AsSpan(0, 1));
        for (int t = 1; t < 10; t++)
            AssertPosition(full, session.Append(tokens[t]), 1, 10, TinyGpt.Vocab, t, "Append(int)");
    }

    [Fact]
    public void A_full_cache_names_MaxSeq_and_Reset_recovers()
    {
        var model = new PostNormGpt(seed: 1, maxBatch: 1);
        using var session = model.CreateGenerationSession();
        session.Prefill(new int[PostNormGpt.MaxSeq]);
        var full = Assert.Throws<InvalidOperationException>(() => session.Append(1));
        Assert.Contains("MaxSeq = 12", full.Message);
        Assert.Contains("full", full.Message);
        Assert.Equal(PostNormGpt.MaxSeq, session.Position);

        session.Reset();
        session.Prefill(new int[PostNormGpt.MaxSeq - 2]);
        var tooLong = Assert.Throws<InvalidOperationException>(() => session.Prefill(new int[3]));
        Assert.Contains("MaxSeq = 12", tooLong.Message);
        Assert.Contains("2 remain", tooLong.Message);
        Assert.Equal(PostNormGpt.MaxSeq - 2, session.Position); // a refused call changes nothing
    }

    [Fact]
    public void Bad_tokens_and_shapes_are_refused_with_the_value()
    {
        var model = new TinyGpt(seed: 1, maxBatch: 1);
        using var session = model.CreateGenerationSession(batch: 2);
        var outOfRange = Assert.Throws<ArgumentOutOfRangeException>(() => session.Prefill(new[] { 1, 2, 3, TinyGpt.Vocab }));
        Assert.Contains("Token id 65 (sequence 1, position 1", outOfRange.Message);
        Assert.Contains("[0, 65)", outOfRange.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => session.Append(new[] { 0, -1 }));
        Assert.Contains("not a multiple of the session's batch of 2", Assert.Throws<ArgumentException>(() => session.Prefill(new[] { 1, 2, 3 })).Message);
        Assert.Contains("empty", Assert.Throws<ArgumentException>(() => session.Prefill(ReadOnlySpan<int>.Empty)).Message);
        Assert.Contains("one token per sequence: 3 given", Assert.Throws<ArgumentException>(() => session.Append(new[] { 1, 2, 3 })).Message);
        Assert.Contains("batch is 2", Assert.Throws<InvalidOperationException>(() => session.Append(1)).Message);
        Assert.Equal(0, session.Position);
        Assert.Contains("batch is 0", Assert.Throws<ArgumentOutOfRangeException>(() => model.CreateGenerationSession(0)).Message);
    }

    [Fact]
    public void A_disposed_session_says_so()
    {
        var session = new TinyGpt(seed: 1, maxBatch: 1).CreateGenerationSession();
        session.Dispose();
        Assert.Throws<ObjectDisposedException>(() => session.Append(1));
        Assert.Throws<ObjectDisposedException>(() => session.Prefill(new[] { 1 }));
        Assert.Throws<ObjectDisposedException>(() => session.Reset());
    }

    [Fact]
    public void A_step_allocates_nothing()
    {
        var model = new TinyGpt(seed: 1, maxBatch: 1, inferenceOnly: true);
        using var session = model.CreateGenerationSession(batch: 2);
        int[] prompt = { 1, 2, 3, 4 };
        int[] next = { 5, 6 };
        session.Prefill(prompt);
        session.Append(next); // warm-up: the JIT and first-call paths
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 10; i++) session.Append(next);
        session.Reset();
        session.Prefill(prompt); // the prompt array is made before the count starts: only the session's own work is counted
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void Only_decoder_only_causal_models_get_a_session()
    {
        Assert.IsAssignableFrom<ICausalLanguageModel>(new TinyGpt(maxBatch: 1));
        Assert.IsNotAssignableFrom<ICausalLanguageModel>(new EncoderClassifier(maxBatch: 1));
        Assert.IsNotAssignableFrom<ICausalLanguageModel>(new Translator(maxBatch: 1));
        Assert.Null(typeof(CausalSelfAttentionClassifier).GetMethod("CreateGenerationSession"));
    }

    /// <summary>Columns [from, from + count) of (batch, seqLen) tokens, as (batch, count) row-major.</summary>
    private static int[] Columns(int[] tokens, int batch, int seqLen, int from, int count)
    {
        var columns = new int[batch * count];
        for (int b = 0; b < batch; b++) Array.Copy(tokens, b * seqLen + from, columns, b * count, count);
        return columns;
    }

    private static void AssertPosition(float[] full, ReadOnlySpan<float> logits, int batch, int seqLen, int vocab, int position, string what)
    {
        Assert.Equal(batch * vocab, logits.Length);
        for (int b = 0; b < batch; b++)
        {
            for (int v = 0; v < vocab; v++)
            {
                float expected = full[(b * seqLen + position) * vocab + v], actual = logits[b * vocab + v];
                if (Math.Abs(expected - actual) > 1e-4f * Math.Max(1f, Math.Abs(expected)))
                    Assert.Fail($"{what}: sequence {b}, position {position}, logit {v}: session {actual}, forward {expected}");
            }
        }
    }
}
