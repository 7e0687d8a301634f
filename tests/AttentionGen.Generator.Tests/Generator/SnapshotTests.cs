using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Runtime.CompilerServices;
using AttentionGen.Generator.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Xunit.Sdk;

namespace AttentionGen.Generator.Tests.Generator;

/// <summary>
/// The generated code of every model, as approved snapshots (one per generated file, named by its hint name), and
/// proof that it compiles. The model declarations are the files AttentionGen.Models.Tests compiles and runs, read
/// from disk, so the code checked here is the code that runs there. Each case also runs the generator twice to show
/// the second run is served from the cache.
/// </summary>
public sealed class SnapshotTests
{
    /// <summary>Generated doc comments are compiled in Diagnose mode: a user with GenerateDocumentationFile sees their warnings.</summary>
    private static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Latest, DocumentationMode.Diagnose);

    public static IEnumerable<object[]> ModelFiles() =>
        Directory.GetFiles(ModelsDirectory(), "*.cs").OrderBy(f => f, StringComparer.Ordinal).Select(f => new object[] { Path.GetFileName(f) });

    [Theory]
    [MemberData(nameof(ModelFiles))]
    public void Model_file(string fileName)
    {
        string source = File.ReadAllText(Path.Combine(ModelsDirectory(), fileName));
        VerifyCase(source, fileName);
    }

    [Fact]
    public void Model_files_cover_every_kind_of_model()
    {
        var layers = Directory.GetFiles(ModelsDirectory(), "*.cs")
            .SelectMany(f => ModelClasses(CSharpSyntaxTree.ParseText(File.ReadAllText(f))))
            .SelectMany(c => c.AttributeLists.SelectMany(l => l.Attributes).Select(a => a.Name.ToString()))
            .ToHashSet(StringComparer.Ordinal);
        foreach (var kind in new[] { "SelfAttention", "MultiHead", "MeanPool", "FirstTokenPool", "LastTokenPool", "Sigmoid", "Softmax",
                     "Encoder", "SinusoidalPositions", "LearnedPositions", "LmHead", "TargetEmbed", "Decoder", "InputProjection" })
            Assert.Contains(kind, layers);
    }

    private const string GlobalNamespaceModel = """
        using AttentionGen;

        /// <summary>A model outside any namespace.</summary>
        [Model(Vocab = 50, MaxSeq = 8)]
        [Embed(8)]
        [MultiHead(2)]
        [MeanPool, Dense(2), Softmax]
        public partial class GlobalModel;
        """;

    [Fact]
    public void Model_in_the_global_namespace() => VerifyCase(GlobalNamespaceModel);

    private const string NestedModel = """
        using AttentionGen;

        namespace Snapshots.Nesting;

        /// <summary>Holds a model two levels down.</summary>
        public static partial class Outer
        {
            /// <summary>A struct between the class and the model.</summary>
            public partial struct Middle
            {
                /// <summary>A float-sequence model nested in partial types.</summary>
                [Model(Features = 4, MaxSeq = 6)]
                [InputProjection(8)]
                [SelfAttention]
                [LastTokenPool, Dense(1)]
                public sealed partial class Inner;
            }
        }
        """;

    [Fact]
    public void Model_nested_in_partial_types() => VerifyCase(NestedModel);

    private const string InternalModel = """
        using AttentionGen;

        namespace Snapshots.Visibility;

        [Model(Vocab = 30, MaxSeq = 5)]
        [Embed(4)]
        [SelfAttention(Causal = true)]
        [LmHead(Tied = true)]
        internal sealed partial class InternalModel;
        """;

    [Fact]
    public void Internal_model() => VerifyCase(InternalModel);

    private const string CustomNamesModel = """
        using AttentionGen;

        namespace Snapshots.Naming;

        /// <summary>GPT-2 style state-dict names chosen by the user.</summary>
        [Model(Vocab = 40, MaxSeq = 8)]
        [Embed(16, Name = "wte"), LearnedPositions(Name = "wpe")]
        [Encoder(2, Heads = 2, FeedForward = 32, NormFirst = true, Causal = true, Name = "transformer.h")]
        [LayerNorm(Name = "ln_f")]
        [LmHead(Name = "head")]
        public partial class CustomNames;
        """;

    [Fact]
    public void Layers_with_custom_names() => VerifyCase(CustomNamesModel);

    private const string RepeatedLayersModel = """
        using AttentionGen;

        namespace Snapshots.Naming;

        /// <summary>Two attention layers and two dense layers: default names are numbered.</summary>
        [Model(Vocab = 100, MaxSeq = 10, Classes = 3)]
        [Embed(16)]
        [MultiHead(4)]
        [MultiHead(2, Causal = true)]
        [MeanPool]
        [Dense(8, Activation = Activation.Gelu)]
        [Dense(3), Softmax]
        public partial class RepeatedLayers;
        """;

    [Fact]
    public void Repeated_layers_get_numbered_names() => VerifyCase(RepeatedLayersModel);

    /// <summary>Every verified file belongs to a case that still exists: a renamed model leaves no stale snapshot behind.</summary>
    [Fact]
    public void Every_snapshot_has_a_case()
    {
        var sources = Directory.GetFiles(ModelsDirectory(), "*.cs").Select(File.ReadAllText)
            .Concat(new[] { GlobalNamespaceModel, NestedModel, InternalModel, CustomNamesModel, RepeatedLayersModel });
        var expected = sources
            .SelectMany(s => GeneratorRunner.Run(Compile(s, "Model.cs")).Sources)
            .Select(s => SnapshotName(s.HintName))
            .ToHashSet(StringComparer.Ordinal);
        var orphans = Snapshot.VerifiedFiles().Select(f => Snapshot.NameOf(f)).Where(n => !expected.Contains(n)).ToList();
        Assert.True(orphans.Count == 0, "Snapshots without a case (delete them): " + string.Join(", ", orphans));
    }

    private static void VerifyCase(string source, string path = "Model.cs")
    {
        var compilation = Compile(source, path);
        var inputProblems = compilation.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning).ToList();
        Assert.True(inputProblems.Count == 0, "The declaration itself does not compile cleanly:\n" + GeneratorRunner.Describe(inputProblems));

        var run = GeneratorRunner.RunAndCheck(compilation);

        int models = ModelClasses(compilation.SyntaxTrees.Single()).Count();
        Assert.True(models > 0, "No [Model] class in " + path);
        Assert.Equal(models, run.Sources.Count);

        var problems = run.OutputProblems;
        if (problems.Length > 0)
            throw new XunitException("The generated code does not compile cleanly:\n" + GeneratorRunner.Describe(problems));

        foreach (var generated in run.Sources)
            Snapshot.Verify(generated.SourceText.ToString(), SnapshotName(generated.HintName));
    }

    /// <summary>"Namespace.Outer.Inner.g.cs" is snapshot "Namespace.Outer.Inner".</summary>
    private static string SnapshotName(string hintName) =>
        hintName.EndsWith(".g.cs", StringComparison.Ordinal) ? hintName.Substring(0, hintName.Length - ".g.cs".Length) : hintName;

    private static CSharpCompilation Compile(string source, string path)
    {
        var compilation = TestCompilation.Create((source, path));
        var tree = compilation.SyntaxTrees.Single();
        return compilation.ReplaceSyntaxTree(tree, CSharpSyntaxTree.ParseText(source, ParseOptions, path));
    }

    private static IEnumerable<ClassDeclarationSyntax> ModelClasses(SyntaxTree tree) =>
        tree.GetRoot().DescendantNodes().OfType<ClassDeclarationSyntax>()
            .Where(c => c.AttributeLists.SelectMany(l => l.Attributes).Any(a => a.Name.ToString() is "Model" or "ModelAttribute"));

    private static string ModelsDirectory([CallerFilePath] string thisFile = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(Snapshot.ResolveSourcePath(thisFile))!, "..", "..", "AttentionGen.Models.Tests", "Models"));
}
