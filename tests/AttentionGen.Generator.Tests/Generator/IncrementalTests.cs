using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Runtime.CompilerServices;
using AttentionGen.Core;
using AttentionGen.Generator.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace AttentionGen.Generator.Tests.Generator;

/// <summary>
/// The pipeline caches: a second run on an equal compilation recomputes nothing, an edit that does not touch a model
/// regenerates nothing, and a dimension edit regenerates exactly the model it changes. And the values it caches are
/// plain values, never compilation objects.
/// </summary>
public sealed class IncrementalTests
{
    private const string Classifier = """
        using AttentionGen;

        namespace Incremental;

        [Model(Vocab = 1000, MaxSeq = 32)]
        [Embed(64)]
        [MultiHead(8)]
        [MeanPool, Dense(2)]
        public partial class Classifier
        {
            public int Answer() => 42;
        }
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
    public void Second_run_on_a_cloned_compilation_is_all_cached()
    {
        var compilation = TwoModels();
        var first = GeneratorRunner.Run(compilation);
        GeneratorRunner.AssertNoExceptionOrDiagnostics(first);
        Assert.Equal(2, first.Sources.Count);

        var second = GeneratorRunner.Run(first.Driver, compilation.Clone());

        // Each named step ran, once per model, and each answered from the cache.
        foreach (var name in GeneratorRunner.TrackedStepNames)
        {
            var outputs = GeneratorRunner.Outputs(second.Result, name);
            Assert.True(outputs.Count == 2, name + " has " + outputs.Count + " outputs, expected one per model");
            Assert.All(outputs, o => Assert.True(o.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, name + ": " + o.Reason));
        }
        GeneratorRunner.AssertAllCached(second.Result);
        Assert.All(GeneratorRunner.Outputs(second.Result, TrackingNames.Sources), o => Assert.Equal(IncrementalStepRunReason.Cached, o.Reason));
    }

    [Fact]
    public void Adding_an_unrelated_file_regenerates_nothing()
    {
        var compilation = TwoModels();
        var first = GeneratorRunner.Run(compilation);

        var edited = compilation.AddSyntaxTrees(TestCompilation.Parse("namespace Elsewhere; public sealed class Unrelated { public int X { get; set; } }", "Unrelated.cs"));
        var second = GeneratorRunner.Run(first.Driver, edited);

        AssertNothingRegenerated(second.Result);
    }

    [Fact]
    public void Editing_a_method_body_in_another_file_regenerates_nothing()
    {
        var compilation = TwoModels();
        var first = GeneratorRunner.Run(compilation);

        var edited = ReplaceText(compilation, "Helper.cs", "2 * x", "x + x");
        var second = GeneratorRunner.Run(first.Driver, edited);

        AssertNothingRegenerated(second.Result);
    }

    [Fact]
    public void Editing_the_body_of_a_model_class_regenerates_nothing()
    {
        var compilation = TwoModels();
        var first = GeneratorRunner.Run(compilation);

        // The class is re-read (its syntax changed), but it reads to an equal declaration, so nothing downstream runs.
        var edited = ReplaceText(compilation, "Classifier.cs", "=> 42;", "=> 43;\n    public int Other() => 1;");
        var second = GeneratorRunner.Run(first.Driver, edited);

        AssertNothingRegenerated(second.Result);
    }

    [Fact]
    public void Changing_one_dimension_regenerates_that_model_only()
    {
        var compilation = TwoModels();
        var first = GeneratorRunner.Run(compilation);

        var edited = ReplaceText(compilation, "Classifier.cs", "[Embed(64)]", "[Embed(32)]");
        var second = GeneratorRunner.Run(first.Driver, edited);
        GeneratorRunner.AssertNoExceptionOrDiagnostics(second);

        foreach (var name in GeneratorRunner.TrackedStepNames)
        {
            var reasons = GeneratorRunner.Outputs(second.Result, name).ToDictionary(o => ModelName(o.Value), o => o.Reason);
            Assert.Equal(IncrementalStepRunReason.Modified, reasons["Classifier"]);
            Assert.True(reasons["Generator"] is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged,
                name + ": the untouched model was " + reasons["Generator"]);
        }
        Assert.Equal(IncrementalStepRunReason.Cached, GeneratorRunner.Outputs(second.Result, TrackingNames.Sources).Single(o => ModelName(o.Value) == "Generator").Reason);

        var classifier = second.Sources.Single(s => s.HintName == "Incremental.Classifier.g.cs").SourceText.ToString();
        Assert.Contains("new(\"embed.weight\", new[] { 1000, 32 }, 0)", classifier, StringComparison.Ordinal);
    }

    [Fact]
    public void Breaking_one_model_removes_its_source_and_keeps_the_other()
    {
        var compilation = TwoModels();
        var first = GeneratorRunner.Run(compilation);

        var edited = ReplaceText(compilation, "Classifier.cs", "[MultiHead(8)]", "[MultiHead(6)]");
        var second = GeneratorRunner.Run(first.Driver, edited);
        GeneratorRunner.AssertNoExceptionOrDiagnostics(second);

        Assert.Equal(new[] { "Incremental.Generator.g.cs" }, second.Sources.Select(s => s.HintName));
        var sources = GeneratorRunner.Outputs(second.Result, TrackingNames.Sources);
        Assert.Equal(IncrementalStepRunReason.Cached, sources.Single(o => ModelName(o.Value) == "Generator").Reason);
        Assert.DoesNotContain(sources, o => o.Reason is IncrementalStepRunReason.New or IncrementalStepRunReason.Modified);
    }

    /// <summary>Every model file of the models project and the two models here: their pipeline values hold no compilation objects.</summary>
    [Fact]
    public void Pipeline_values_hold_no_compilation_objects()
    {
        var sources = Directory.GetFiles(ModelsDirectory(), "*.cs").Select(f => (File.ReadAllText(f), Path.GetFileName(f)))
            .Append((Classifier, "Classifier.cs")).Append((Generator, "Generator.cs"))
            .ToArray();
        var run = GeneratorRunner.Run(TestCompilation.Create(sources));
        GeneratorRunner.AssertNoExceptionOrDiagnostics(run);

        int audited = 0;
        foreach (var name in GeneratorRunner.TrackedStepNames)
        {
            foreach (var (value, _) in GeneratorRunner.Outputs(run.Result, name))
            {
                Assert.Empty(GeneratorRunner.FindCompilationObjects(value, name));
                audited++;
            }
        }
        Assert.True(audited >= 4 * 10, "Only " + audited + " pipeline values were audited");
        GeneratorRunner.AssertPipelineHoldsNoCompilationObjects(run.Result);
    }

    /// <summary>The audit itself finds what it looks for, however deep, and through arrays and value types.</summary>
    [Fact]
    public void Audit_finds_compilation_objects()
    {
        var tree = TestCompilation.Parse("class C { }");
        var compilation = TestCompilation.Create("class D { }");
        var type = compilation.GetTypeByMetadataName("D")!;

        Assert.Empty(GeneratorRunner.FindCompilationObjects(new Holder(new object[] { "text", 1, new EquatableArray<string>(new[] { "a" }) })));
        Assert.Single(GeneratorRunner.FindCompilationObjects(new Holder(tree)));
        Assert.Single(GeneratorRunner.FindCompilationObjects(new Holder(new Holder(tree.GetRoot()))));
        Assert.Single(GeneratorRunner.FindCompilationObjects(new Holder(new object[] { 1, Location.None })));
        Assert.Single(GeneratorRunner.FindCompilationObjects(new Holder(new KeyValuePair<string, object>("k", type))));
        Assert.Single(GeneratorRunner.FindCompilationObjects(new Holder(compilation)));
        Assert.Single(GeneratorRunner.FindCompilationObjects(new Holder(compilation.GetSemanticModel(compilation.SyntaxTrees[0]))));
        Assert.Single(GeneratorRunner.FindCompilationObjects(new Holder(System.Collections.Immutable.ImmutableArray.Create(1, 2))));
        Assert.Single(GeneratorRunner.FindCompilationObjects(new TypedHolder(null)));

        var cycle = new Holder(null);
        cycle.Value = new Holder(cycle);
        Assert.Empty(GeneratorRunner.FindCompilationObjects(cycle));
    }

    private sealed class Holder(object? value)
    {
        public object? Value { get; set; } = value;
    }

    /// <summary>A field declared as a Location is flagged even while it is null.</summary>
    private sealed record TypedHolder(Location? Location);

    private static void AssertNothingRegenerated(GeneratorRunResult result)
    {
        Assert.Null(result.Exception);
        foreach (var name in GeneratorRunner.TrackedStepNames)
        {
            foreach (var (value, reason) in GeneratorRunner.Outputs(result, name))
            {
                Assert.True(reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged,
                    name + " output for " + ModelName(value) + " was " + reason);
            }
        }
        var sources = GeneratorRunner.Outputs(result, TrackingNames.Sources);
        Assert.Equal(2, sources.Count);
        Assert.All(sources, o => Assert.Equal(IncrementalStepRunReason.Cached, o.Reason));
    }

    private static CSharpCompilation ReplaceText(CSharpCompilation compilation, string path, string oldText, string newText)
    {
        var tree = compilation.SyntaxTrees.Single(t => t.FilePath == path);
        string text = tree.GetText().ToString();
        Assert.Contains(oldText, text, StringComparison.Ordinal);
        return compilation.ReplaceSyntaxTree(tree, tree.WithChangedText(Microsoft.CodeAnalysis.Text.SourceText.From(text.Replace(oldText, newText, StringComparison.Ordinal))));
    }

    /// <summary>Which model a pipeline value belongs to, whatever the step.</summary>
    private static string ModelName(object? value) => value switch
    {
        _ when value?.GetType().GetProperty("MetadataName")?.GetValue(value) is string metadataName => metadataName.Split('.', '+')[^1],
        _ => value?.ToString() ?? "null",
    };

    private static string ModelsDirectory([CallerFilePath] string thisFile = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(Snapshot.ResolveSourcePath(thisFile))!, "..", "..", "AttentionGen.Models.Tests", "Models"));
}
