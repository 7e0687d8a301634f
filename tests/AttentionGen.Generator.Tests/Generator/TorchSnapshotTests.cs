using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Runtime.CompilerServices;
using AttentionGen.Generator.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit.Sdk;

namespace AttentionGen.Generator.Tests.Generator;

/// <summary>
/// The TorchSharp module emitted for each kind of model, as approved snapshots, compiled against TorchSharp 0.107 with
/// the model's native code and the runtime. The declarations are AttentionGen.Torch.Tests' models (read from disk, so
/// the code checked here is the code those tests run), plus names with dots, nesting and the global namespace.
/// </summary>
public sealed class TorchSnapshotTests
{
    private static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Latest, DocumentationMode.Diagnose);

    [Fact]
    public void Models_of_every_kind() => VerifyCase(File.ReadAllText(TorchModelsFile()), "Models.cs", expectedModels: 9);

    private const string DottedNamesModel = """
        using AttentionGen;

        namespace Snapshots.Naming;

        /// <summary>GPT-2 style state-dict names chosen by the user, one of them two levels deep.</summary>
        [Model(Vocab = 40, MaxSeq = 8)]
        [Embed(16, Name = "wte"), LearnedPositions(Name = "wpe")]
        [Encoder(2, Heads = 2, FeedForward = 32, NormFirst = true, Causal = true, Name = "transformer.h")]
        [LayerNorm(Name = "transformer.ln_f")]
        [LmHead(Name = "head")]
        public partial class DottedNames;
        """;

    [Fact]
    public void Layers_with_dotted_names() => VerifyCase(DottedNamesModel, "DottedNames.cs", expectedModels: 1);

    private const string NestedModel = """
        using AttentionGen;

        /// <summary>Holds a model, outside any namespace.</summary>
        public static partial class Outer
        {
            /// <summary>Two attention layers, a dropout layer and a hidden dense layer on float input.</summary>
            [Model(Features = 4, MaxSeq = 6, Classes = 2)]
            [InputProjection(8)]
            [MultiHead(2, Dropout = 0.1)]
            [SelfAttention(Causal = true)]
            [Dropout(0.25)]
            [MeanPool, Dense(8, Activation = Activation.GeluTanh), Dense(2), Softmax]
            internal sealed partial class Inner;
        }
        """;

    [Fact]
    public void Model_nested_in_the_global_namespace() => VerifyCase(NestedModel, "Nested.cs", expectedModels: 1);

    [Fact]
    public void Every_torch_snapshot_has_a_case()
    {
        var expected = new[] { File.ReadAllText(TorchModelsFile()), DottedNamesModel, NestedModel }
            .SelectMany(s => GeneratorRunner.Run(Compile(s, "Model.cs")).Sources)
            .Where(s => s.HintName.EndsWith(".Torch.g.cs", StringComparison.Ordinal))
            .Select(s => SnapshotName(s.HintName))
            .ToHashSet(StringComparer.Ordinal);
        var orphans = Snapshot.VerifiedFiles().Select(f => Snapshot.NameOf(f)).Where(n => !expected.Contains(n)).ToList();
        Assert.True(orphans.Count == 0, "Snapshots without a case (delete them): " + string.Join(", ", orphans));
    }

    private static void VerifyCase(string source, string path, int expectedModels)
    {
        var compilation = Compile(source, path);
        var inputProblems = compilation.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning).ToList();
        Assert.True(inputProblems.Count == 0, "The declaration itself does not compile cleanly:\n" + GeneratorRunner.Describe(inputProblems));

        var run = GeneratorRunner.RunAndCheck(compilation);
        var torch = run.Sources.Where(s => s.HintName.EndsWith(".Torch.g.cs", StringComparison.Ordinal)).ToList();
        Assert.Equal(expectedModels, torch.Count);
        Assert.Equal(2 * expectedModels, run.Sources.Count);

        var problems = run.OutputProblems;
        if (problems.Length > 0)
            throw new XunitException("The generated code does not compile cleanly against TorchSharp:\n" + GeneratorRunner.Describe(problems));

        foreach (var generated in torch)
            Snapshot.Verify(generated.SourceText.ToString(), SnapshotName(generated.HintName));
    }

    /// <summary>"Namespace.Model.Torch.g.cs" is snapshot "Namespace.Model.Torch".</summary>
    private static string SnapshotName(string hintName) => hintName.Substring(0, hintName.Length - ".g.cs".Length);

    private static CSharpCompilation Compile(string source, string path)
    {
        var compilation = TestCompilation.WithTorchSharp(TestCompilation.Create((source, path)));
        var tree = compilation.SyntaxTrees.Single();
        return compilation.ReplaceSyntaxTree(tree, CSharpSyntaxTree.ParseText(source, ParseOptions, path));
    }

    private static string TorchModelsFile([CallerFilePath] string thisFile = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(Snapshot.ResolveSourcePath(thisFile))!, "..", "..", "AttentionGen.Torch.Tests", "Models.cs"));
}
