using System.IO;
using System.Linq;
using AttentionGen.Generator.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace AttentionGen.Generator.Tests.Generator;

/// <summary>
/// Whether a compilation references TorchSharp enters the pipeline as a version string: without the reference nothing
/// TorchSharp is emitted; with it, each model's module is cached like its native code, and edits that keep the
/// references regenerate nothing.
/// </summary>
public sealed class TorchIncrementalTests
{
    private const string Classifier = """
        using AttentionGen;

        namespace Incremental;

        [Model(Vocab = 1000, MaxSeq = 32)]
        [Embed(64)]
        [MultiHead(8)]
        [MeanPool, Dense(2)]
        public partial class Classifier;
        """;

    private const string Generator = """
        using AttentionGen;

        namespace Incremental;

        [Model(Vocab = 65, MaxSeq = 16)]
        [Embed(32), LearnedPositions]
        [Encoder(1, Heads = 4, FeedForward = 64, NormFirst = true, Causal = true)]
        [LayerNorm]
        [LmHead(Tied = true)]
        public partial class Generator;
        """;

    private const string Helper = """
        namespace Incremental;

        public static class Helper
        {
            public static int Twice(int x) => 2 * x;
        }
        """;

    private static CSharpCompilation TwoModels() =>
        TestCompilation.Create((Classifier, "Classifier.cs"), (Generator, "Generator.cs"), (Helper, "Helper.cs"));

    [Fact]
    public void Without_TorchSharp_nothing_TorchSharp_is_emitted()
    {
        var run = GeneratorRunner.RunAndCheck(TwoModels());
        Assert.Equal(new[] { "Incremental.Classifier.g.cs", "Incremental.Generator.g.cs" }, run.Sources.Select(s => s.HintName).OrderBy(n => n, StringComparer.Ordinal));
        Assert.All(run.Sources, s => Assert.DoesNotContain("TorchSharp", s.SourceText.ToString(), StringComparison.Ordinal));
        Assert.Equal(new object?[] { null }, GeneratorRunner.Outputs(run.Result, TrackingNames.TorchSharpReference).Select(o => o.Value));
        Assert.Empty(run.OutputProblems);
    }

    [Fact]
    public void With_TorchSharp_every_model_also_gets_its_module()
    {
        var run = GeneratorRunner.RunAndCheck(TestCompilation.WithTorchSharp(TwoModels()));
        Assert.Equal(
            new[] { "Incremental.Classifier.Torch.g.cs", "Incremental.Classifier.g.cs", "Incremental.Generator.Torch.g.cs", "Incremental.Generator.g.cs" },
            run.Sources.Select(s => s.HintName).OrderBy(n => n, StringComparer.Ordinal));
        var reference = GeneratorRunner.Outputs(run.Result, TrackingNames.TorchSharpReference).Single().Value;
        Assert.Equal(typeof(global::TorchSharp.torch).Assembly.GetName().Version!.ToString(), reference);
        Assert.Empty(run.OutputProblems);
    }

    [Fact]
    public void Edits_that_keep_the_references_regenerate_no_module()
    {
        var compilation = TestCompilation.WithTorchSharp(TwoModels());
        var first = GeneratorRunner.Run(compilation);

        var edited = compilation.ReplaceSyntaxTree(
            compilation.SyntaxTrees.Single(t => t.FilePath == "Helper.cs"),
            TestCompilation.Parse(Helper.Replace("2 * x", "x + x"), "Helper.cs"))
            .AddSyntaxTrees(TestCompilation.Parse("namespace Elsewhere; public sealed class Unrelated { }", "Unrelated.cs"));
        var second = GeneratorRunner.Run(first.Driver, edited);
        GeneratorRunner.AssertNoExceptionOrDiagnostics(second);

        Assert.Equal(IncrementalStepRunReason.Unchanged, GeneratorRunner.Outputs(second.Result, TrackingNames.TorchSharpReference).Single().Reason);
        Assert.All(GeneratorRunner.Outputs(second.Result, TrackingNames.TorchSources), o => Assert.Equal(IncrementalStepRunReason.Cached, o.Reason));
        GeneratorRunner.AssertAllCached(second.Result);
    }

    [Fact]
    public void Changing_one_model_regenerates_only_its_module()
    {
        var compilation = TestCompilation.WithTorchSharp(TwoModels());
        var first = GeneratorRunner.Run(compilation);

        var edited = compilation.ReplaceSyntaxTree(
            compilation.SyntaxTrees.Single(t => t.FilePath == "Classifier.cs"),
            TestCompilation.Parse(Classifier.Replace("[Embed(64)]", "[Embed(32)]"), "Classifier.cs"));
        var second = GeneratorRunner.Run(first.Driver, edited);
        GeneratorRunner.AssertNoExceptionOrDiagnostics(second);

        var reasons = GeneratorRunner.Outputs(second.Result, TrackingNames.TorchSources)
            .ToDictionary(o => (string)o.Value.GetType().GetProperty("MetadataName")!.GetValue(o.Value)!, o => o.Reason);
        Assert.Equal(IncrementalStepRunReason.Modified, reasons["Incremental.Classifier"]);
        Assert.Equal(IncrementalStepRunReason.Cached, reasons["Incremental.Generator"]);
        Assert.Contains("global::TorchSharp.torch.nn.Embedding(Vocab, 32)", second.Sources.Single(s => s.HintName == "Incremental.Classifier.Torch.g.cs").SourceText.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Adding_the_TorchSharp_reference_adds_the_modules_and_keeps_the_native_code_cached()
    {
        var compilation = TwoModels();
        var first = GeneratorRunner.Run(compilation);
        Assert.Equal(2, first.Sources.Count);

        var second = GeneratorRunner.Run(first.Driver, TestCompilation.WithTorchSharp(compilation));
        GeneratorRunner.AssertNoExceptionOrDiagnostics(second);
        Assert.Equal(4, second.Sources.Count);
        Assert.Equal(IncrementalStepRunReason.Modified, GeneratorRunner.Outputs(second.Result, TrackingNames.TorchSharpReference).Single().Reason);
        Assert.All(GeneratorRunner.Outputs(second.Result, TrackingNames.Sources), o => Assert.Equal(IncrementalStepRunReason.Cached, o.Reason));

        var third = GeneratorRunner.Run(second.Driver, compilation);
        Assert.Equal(2, third.Sources.Count);
    }

    [Fact]
    public void A_TorchSharp_older_than_the_emitted_code_needs_gets_nothing()
    {
        var old = CompileFakeTorchSharp("0.106.0.0");
        var run = GeneratorRunner.Run(TwoModels().AddReferences(old));
        GeneratorRunner.AssertNoExceptionOrDiagnostics(run);
        Assert.Equal(2, run.Sources.Count);
        Assert.Null(GeneratorRunner.Outputs(run.Result, TrackingNames.TorchSharpReference).Single().Value);
    }

    /// <summary>An empty assembly named TorchSharp with the given version.</summary>
    private static MetadataReference CompileFakeTorchSharp(string version)
    {
        var compilation = CSharpCompilation.Create("TorchSharp",
            new[] { TestCompilation.Parse("[assembly: System.Reflection.AssemblyVersion(\"" + version + "\")]", "Version.cs") },
            TestCompilation.References,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        using var stream = new MemoryStream();
        var emitted = compilation.Emit(stream);
        Assert.True(emitted.Success, string.Join("\n", emitted.Diagnostics));
        return MetadataReference.CreateFromImage(stream.ToArray());
    }
}
