extern alias codefixes;

using System.Threading.Tasks;
using HeadsCodeFixProvider = codefixes::AttentionGen.CodeFixes.HeadsCodeFixProvider;
using MakePartialCodeFixProvider = codefixes::AttentionGen.CodeFixes.MakePartialCodeFixProvider;
using PositionsLengthCodeFixProvider = codefixes::AttentionGen.CodeFixes.PositionsLengthCodeFixProvider;

namespace AttentionGen.Generator.Tests.Analyzers;

/// <summary>
/// Each code fix applied to a realistic declaration: the diagnostic marked where it is reported, the exact resulting
/// source, and nothing left for the analyzer to report.
/// </summary>
public sealed class CodeFixTests
{
    private const string CardModel = """
        [Model(Vocab = 1000, MaxSeq = 32)] [Embed(64)] [MultiHead(6)] [MeanPool, Dense(2)]
        public partial class ProbeClassifier;
        """;

    [Fact]
    public async Task AG0101_offers_the_nearest_divisors_the_message_names()
    {
        var titles = await CodeFixVerifier<HeadsCodeFixProvider>.TitlesAsync("AG0101", CardModel);
        Assert.Equal(new[] { "Use 4 heads (64 / 4 = 16 features per head)", "Use 8 heads (64 / 8 = 8 features per head)" }, titles);
    }

    [Fact]
    public Task AG0101_replaces_the_multi_head_argument() => CodeFixVerifier<HeadsCodeFixProvider>.VerifyFixAsync(
        HeadsCodeFixProvider.MoreHeadsKey, "Use 8 heads (64 / 8 = 8 features per head)",
        """
        [Model(Vocab = 1000, MaxSeq = 32)] [Embed(64)] [MultiHead({|AG0101:6|})] [MeanPool, Dense(2)]
        public partial class ProbeClassifier;
        """,
        """
        [Model(Vocab = 1000, MaxSeq = 32)] [Embed(64)] [MultiHead(8)] [MeanPool, Dense(2)]
        public partial class ProbeClassifier;
        """);

    [Fact]
    public Task AG0101_replaces_the_encoder_heads_property() => CodeFixVerifier<HeadsCodeFixProvider>.VerifyFixAsync(
        HeadsCodeFixProvider.FewerHeadsKey, "Use 4 heads (64 / 4 = 16 features per head)",
        """
        [Model(Vocab = 1000, MaxSeq = 32)]
        [Embed(64), SinusoidalPositions]
        [Encoder(2, Heads = {|AG0101:5|}, FeedForward = 256)]
        [MeanPool, Dense(2)]
        public partial class Sentiment;
        """,
        """
        [Model(Vocab = 1000, MaxSeq = 32)]
        [Embed(64), SinusoidalPositions]
        [Encoder(2, Heads = 4, FeedForward = 256)]
        [MeanPool, Dense(2)]
        public partial class Sentiment;
        """);

    [Fact]
    public Task AG0101_replaces_a_heads_argument_given_by_name() => CodeFixVerifier<HeadsCodeFixProvider>.VerifyFixAsync(
        HeadsCodeFixProvider.FewerHeadsKey, "Use 6 heads (96 / 6 = 16 features per head)",
        """
        [Model(Vocab = 1000, MaxSeq = 32)]
        [Embed(96), MultiHead(heads: {|AG0101:7|}, Causal = true), LmHead]
        public partial class TinyLm;
        """,
        """
        [Model(Vocab = 1000, MaxSeq = 32)]
        [Embed(96), MultiHead(heads: 6, Causal = true), LmHead]
        public partial class TinyLm;
        """);

    /// <summary>The width comes from the layer before the attention (a Dense here), not from the embedding.</summary>
    [Fact]
    public async Task AG0101_uses_the_width_reaching_the_attention()
    {
        var titles = await CodeFixVerifier<HeadsCodeFixProvider>.TitlesAsync("AG0101", """
            [Model(Vocab = 1000, MaxSeq = 32)]
            [Embed(64), Dense(48), MultiHead(5)]
            [MeanPool, Dense(2)]
            public partial class Projected;
            """);
        Assert.Equal(new[] { "Use 4 heads (48 / 4 = 12 features per head)", "Use 6 heads (48 / 6 = 8 features per head)" }, titles);
    }

    [Fact]
    public async Task AG0101_more_heads_than_features_offers_only_fewer()
    {
        var titles = await CodeFixVerifier<HeadsCodeFixProvider>.TitlesAsync("AG0101", """
            [Model(Vocab = 1000, MaxSeq = 32)]
            [Embed(6), MultiHead(7)]
            [MeanPool, Dense(2)]
            public partial class Narrow;
            """);
        Assert.Equal(new[] { "Use 6 heads (6 / 6 = 1 feature per head)" }, titles);
    }

    [Fact]
    public Task AG0101_fix_all_takes_the_nearest_lower_divisor_everywhere() => CodeFixVerifier<HeadsCodeFixProvider>.VerifyFixAllAsync(
        HeadsCodeFixProvider.FewerHeadsKey,
        new[]
        {
            """
            [Model(Vocab = 1000, MaxSeq = 32)] [Embed(64)] [MultiHead({|AG0101:6|})] [MeanPool, Dense(2)]
            public partial class First;
            """,
            """
            [Model(Vocab = 1000, MaxSeq = 32)]
            [Embed(96), Encoder(2, Heads = {|AG0101:5|}, FeedForward = 128)]
            [MeanPool, Dense(2)]
            public partial class Second;
            """,
        },
        new[]
        {
            """
            [Model(Vocab = 1000, MaxSeq = 32)] [Embed(64)] [MultiHead(4)] [MeanPool, Dense(2)]
            public partial class First;
            """,
            """
            [Model(Vocab = 1000, MaxSeq = 32)]
            [Embed(96), Encoder(2, Heads = 4, FeedForward = 128)]
            [MeanPool, Dense(2)]
            public partial class Second;
            """,
        });

    [Fact]
    public Task AG0001_adds_partial_after_the_other_modifiers() => CodeFixVerifier<MakePartialCodeFixProvider>.VerifyFixAsync(
        MakePartialCodeFixProvider.ModelKey, "Make 'Sentiment' partial",
        """
        namespace Reviews;

        [Model(Vocab = 1000, MaxSeq = 32)]
        [Embed(64), MultiHead(8)]
        [MeanPool, Dense(2)]
        public sealed class {|AG0001:Sentiment|};
        """,
        """
        namespace Reviews;

        [Model(Vocab = 1000, MaxSeq = 32)]
        [Embed(64), MultiHead(8)]
        [MeanPool, Dense(2)]
        public sealed partial class Sentiment;
        """);

    [Fact]
    public Task AG0001_adds_partial_to_a_class_without_modifiers() => CodeFixVerifier<MakePartialCodeFixProvider>.VerifyFixAsync(
        MakePartialCodeFixProvider.ModelKey, "Make 'Sentiment' partial",
        """
        [Model(Vocab = 1000, MaxSeq = 32)]
        [Embed(64), MultiHead(8)]
        [MeanPool, Dense(2)]
        class {|AG0001:Sentiment|}
        {
            public string Label(int index) => index == 0 ? "negative" : "positive";
        }
        """,
        """
        [Model(Vocab = 1000, MaxSeq = 32)]
        [Embed(64), MultiHead(8)]
        [MeanPool, Dense(2)]
        partial class Sentiment
        {
            public string Label(int index) => index == 0 ? "negative" : "positive";
        }
        """);

    [Fact]
    public Task AG0001_fix_all_in_every_file() => CodeFixVerifier<MakePartialCodeFixProvider>.VerifyFixAllAsync(
        MakePartialCodeFixProvider.ModelKey,
        new[]
        {
            """
            [Model(Vocab = 1000, MaxSeq = 32)] [Embed(64), MultiHead(8), MeanPool, Dense(2)]
            public class {|AG0001:First|};
            """,
            """
            [Model(Vocab = 1000, MaxSeq = 32)] [Embed(64), MultiHead(4), MeanPool, Dense(3)]
            internal class {|AG0001:Second|};
            """,
        },
        new[]
        {
            """
            [Model(Vocab = 1000, MaxSeq = 32)] [Embed(64), MultiHead(8), MeanPool, Dense(2)]
            public partial class First;
            """,
            """
            [Model(Vocab = 1000, MaxSeq = 32)] [Embed(64), MultiHead(4), MeanPool, Dense(3)]
            internal partial class Second;
            """,
        });

    [Fact]
    public Task AG0003_makes_every_containing_type_partial() => CodeFixVerifier<MakePartialCodeFixProvider>.VerifyFixAsync(
        MakePartialCodeFixProvider.ContainingKey, "Make the containing types partial",
        """
        public static class Models
        {
            public class Text
            {
                [Model(Vocab = 1000, MaxSeq = 32)]
                [Embed(64), MultiHead(8)]
                [MeanPool, Dense(2)]
                public partial class {|AG0003:Sentiment|};
            }
        }
        """,
        """
        public static partial class Models
        {
            public partial class Text
            {
                [Model(Vocab = 1000, MaxSeq = 32)]
                [Embed(64), MultiHead(8)]
                [MeanPool, Dense(2)]
                public partial class Sentiment;
            }
        }
        """);

    [Fact]
    public Task AG0105_adds_max_length_to_the_sinusoidal_table() => CodeFixVerifier<PositionsLengthCodeFixProvider>.VerifyFixAsync(
        PositionsLengthCodeFixProvider.Key, "Set SinusoidalPositions MaxLength = 8192 to cover MaxSeq",
        """
        [Model(Vocab = 1000, MaxSeq = {|AG0105:8192|})]
        [Embed(64), SinusoidalPositions, MultiHead(8)]
        [MeanPool, Dense(2)]
        public partial class LongReader;
        """,
        """
        [Model(Vocab = 1000, MaxSeq = 8192)]
        [Embed(64), SinusoidalPositions(MaxLength = 8192), MultiHead(8)]
        [MeanPool, Dense(2)]
        public partial class LongReader;
        """);

    [Fact]
    public Task AG0105_raises_a_written_max_length() => CodeFixVerifier<PositionsLengthCodeFixProvider>.VerifyFixAsync(
        PositionsLengthCodeFixProvider.Key, "Set LearnedPositions MaxLength = 256 to cover MaxSeq",
        """
        [Model(Vocab = 1000, MaxSeq = 256)]
        [Embed(64), LearnedPositions(MaxLength = {|AG0105:128|}, Name = "wpe")]
        [Encoder(2, Heads = 4, FeedForward = 256, Causal = true, NormFirst = true)]
        [LmHead(Tied = true)]
        public partial class TinyGpt;
        """,
        """
        [Model(Vocab = 1000, MaxSeq = 256)]
        [Embed(64), LearnedPositions(MaxLength = 256, Name = "wpe")]
        [Encoder(2, Heads = 4, FeedForward = 256, Causal = true, NormFirst = true)]
        [LmHead(Tied = true)]
        public partial class TinyGpt;
        """);

    /// <summary>TargetMaxSeq is marked; only the table on the target side grows.</summary>
    [Fact]
    public Task AG0105_target_side_table() => CodeFixVerifier<PositionsLengthCodeFixProvider>.VerifyFixAsync(
        PositionsLengthCodeFixProvider.Key, "Set SinusoidalPositions MaxLength = 6000 to cover TargetMaxSeq",
        """
        [Model(Vocab = 8000, MaxSeq = 64, TargetVocab = 6000, TargetMaxSeq = {|AG0105:6000|})]
        [Embed(64), SinusoidalPositions(), Encoder(1, Heads = 4, FeedForward = 128)]
        [TargetEmbed(64), SinusoidalPositions(), Decoder(1, Heads = 4, FeedForward = 128)]
        [LmHead]
        public partial class Translator;
        """,
        """
        [Model(Vocab = 8000, MaxSeq = 64, TargetVocab = 6000, TargetMaxSeq = 6000)]
        [Embed(64), SinusoidalPositions(), Encoder(1, Heads = 4, FeedForward = 128)]
        [TargetEmbed(64), SinusoidalPositions(MaxLength = 6000), Decoder(1, Heads = 4, FeedForward = 128)]
        [LmHead]
        public partial class Translator;
        """);

    /// <summary>[Model] and the layers may sit on different partial declarations: the edit goes to the layers' file.</summary>
    [Fact]
    public Task AG0105_edits_the_declaration_that_holds_the_table() => CodeFixVerifier<PositionsLengthCodeFixProvider>.VerifyFixAsync(
        PositionsLengthCodeFixProvider.Key, "Set SinusoidalPositions MaxLength = 8192 to cover MaxSeq",
        new[]
        {
            """
            [Model(Vocab = 1000, MaxSeq = {|AG0105:8192|})]
            public partial class LongReader;
            """,
            """
            [Embed(64), SinusoidalPositions, MultiHead(8), MeanPool, Dense(2)]
            public partial class LongReader;
            """,
        },
        new[]
        {
            """
            [Model(Vocab = 1000, MaxSeq = 8192)]
            public partial class LongReader;
            """,
            """
            [Embed(64), SinusoidalPositions(MaxLength = 8192), MultiHead(8), MeanPool, Dense(2)]
            public partial class LongReader;
            """,
        });
}
