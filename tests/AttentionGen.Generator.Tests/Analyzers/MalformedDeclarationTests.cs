using System.Diagnostics;
using System.Linq;
using System.Threading.Tasks;

namespace AttentionGen.Generator.Tests.Analyzers;

/// <summary>
/// Declarations as they look mid-edit or at the extremes: the analyzer and the generator must neither throw nor
/// hang, must say nothing where the compiler already reports an error in an attribute, and the generator emits
/// nothing for any of them.
/// </summary>
public sealed class MalformedDeclarationTests
{
    public static TheoryData<string> Sources() => new()
    {
        // The compiler cannot bind these attributes: its own error is the message.
        """
        [Model(Vocab = 1000, MaxSeq = 32)]
        [Embed(64), MultiHead("eight")]
        public partial class WrongType;
        """,
        """
        [Model(Vocab = 1000, MaxSeq = 32)]
        [Embed, MultiHead(8)]
        public partial class MissingArgument;
        """,
        """
        [Model(Vocab = 1000, MaxSeq = 32, Depth = 4)]
        [Embed(64), MultiHead(8)]
        public partial class UnknownProperty;
        """,
        """
        [Model(Vocab = 1000, MaxSeq = )]
        [Embed(64), MultiHead(8,)]
        public partial class Unfinished;
        """,
        """
        [Model(Vocab = 1000, MaxSeq = 32)]
        [Embed(64), MultiHeads(8)]
        public partial class Misspelled;
        """,
        """
        [Model(Vocab = 1000, MaxSeq = 32)]
        [Embed(64)]
        public partial struct NotAClass;
        """,
    };

    public static TheoryData<string> ExtremeSources() => new()
    {
        """
        [Model(Vocab = 1, MaxSeq = int.MaxValue)]
        [Embed(int.MaxValue), MultiHead(3)]
        [MeanPool, Dense(2)]
        public partial class PrimeWidth;
        """,
        """
        [Model(Vocab = int.MaxValue, MaxSeq = int.MaxValue, Classes = int.MinValue)]
        [Embed(int.MinValue), SinusoidalPositions(MaxLength = int.MinValue)]
        [Encoder(int.MaxValue, Heads = int.MaxValue, FeedForward = int.MaxValue, Dropout = double.NaN, LayerNormEps = double.PositiveInfinity)]
        [LmHead(Tied = true)]
        public partial class Extremes;
        """,
        """
        [Model(Vocab = 50_000, MaxSeq = 1024)]
        [Embed(1 << 20), LearnedPositions(MaxLength = -1)]
        [Encoder(1 << 10, Heads = 1 << 10, FeedForward = 1 << 20)]
        [LmHead]
        public partial class Overflowing;
        """,
        """
        [Model(Features = -3, MaxSeq = 16, TargetVocab = 10, TargetMaxSeq = -1)]
        [InputProjection(0), TargetEmbed(8), Decoder(0, Heads = 0), Decoder(2, Heads = 3)]
        [Softmax, Sigmoid, Dense(-1), MeanPool, FirstTokenPool]
        public partial class Nonsense;
        """,
        // Absurd counts: refused before any per-block work, not after a minute of analysis or a generated file the
        // compiler cannot take (CS8103).
        """
        [Model(Vocab = 1000, MaxSeq = 32)]
        [Embed(64), Encoder(300_000, Heads = 8, FeedForward = 256)]
        [MeanPool, Dense(2)]
        public partial class ThreeHundredThousandBlocks;
        """,
        """
        [Model(Vocab = 100, MaxSeq = 8, TargetVocab = 100, TargetMaxSeq = 8)]
        [Embed(16), TargetEmbed(16), Decoder(65536, Heads = 1, FeedForward = 128)]
        [LmHead]
        public partial class SixtyFiveThousandDecoderBlocks;
        """,
        """
        [Model(Vocab = 100, MaxSeq = 8)]
        [Embed(1), Encoder(20000, Heads = 1, FeedForward = 1)]
        [MeanPool, Dense(2)]
        public partial class TwentyThousandTinyBlocks;
        """,
        """
        [Model(Vocab = 100, MaxSeq = 8)]
        [Embed(16), LayerNorm(Name = ""), Dense(16, Name = "a..b"), Dense(16, Name = null), Dropout(-0.0)]
        [MultiHead(16, Name = "dense_0"), MultiHead(16, Width = -1, Causal = true), LastTokenPool, LmHead]
        public partial class Names;
        """,
    };

    [Theory]
    [MemberData(nameof(Sources))]
    public async Task Unbindable_attributes_leave_the_message_to_the_compiler(string source)
    {
        var run = await AnalyzerVerifier.RunAsync(new[] { source });
        Assert.NotEmpty(run.CompilerErrors);
        Assert.DoesNotContain(run.Diagnostics, d => d.Id.StartsWith("AG", System.StringComparison.Ordinal) && d.Id != "AG0004");
        var result = Assert.Single(run.Generator.Results);
        Assert.Null(result.Exception);
        Assert.Empty(result.Diagnostics);
        Assert.Empty(result.GeneratedSources);
    }

    [Theory]
    [MemberData(nameof(ExtremeSources))]
    public async Task Extreme_values_are_reported_quickly_without_exceptions(string source)
    {
        var clock = Stopwatch.StartNew();
        var run = await AnalyzerVerifier.RunAsync(new[] { source });
        Assert.True(clock.Elapsed.TotalSeconds < 20, "Analysis took " + clock.Elapsed);
        Assert.Empty(run.CompilerErrors);
        Assert.Contains(run.Diagnostics, d => d.Severity == Microsoft.CodeAnalysis.DiagnosticSeverity.Error);
        Assert.All(run.Diagnostics, d => Assert.True(d.Location.IsInSource, d.Id + " has no source location"));
        var result = Assert.Single(run.Generator.Results);
        Assert.Null(result.Exception);
        Assert.Empty(result.Diagnostics);
        Assert.Empty(result.GeneratedSources);
    }

    [Fact]
    public async Task Generated_code_is_not_analyzed()
    {
        var run = await AnalyzerVerifier.RunAsync(new[]
        {
            """
            // <auto-generated/>
            [Model(Vocab = 1000, MaxSeq = 32)] [Embed(64)] [MultiHead(6)] [MeanPool, Dense(2)]
            public partial class FromATool;
            """,
        });
        Assert.Empty(run.Diagnostics);
    }

    /// <summary>A misspelled [Model] leaves the layers without a model: the compiler names the typo, AG0004 names the consequence.</summary>
    [Fact]
    public async Task Misspelled_model_attribute_reports_the_layers()
    {
        var run = await AnalyzerVerifier.RunAsync(new[]
        {
            """
            [Modle(Vocab = 1000, MaxSeq = 32)]
            [Embed(64)]
            public partial class Typo;
            """,
        });
        Assert.NotEmpty(run.CompilerErrors);
        Assert.Equal(new[] { "AG0004" }, run.Diagnostics.Select(d => d.Id));
    }
}
