using System.Linq;
using AttentionGen.Core;
using AttentionGen.Generator.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace AttentionGen.Generator.Tests.Generator;

/// <summary>
/// An exception escaping a generator costs every model of the compilation its code (CS8785). The generator catches
/// what one model's steps throw: that model gets no code and an AG0999 error on its class, every other model its code.
/// An emitter that throws on one chosen model stands in for the next bug.
/// </summary>
public sealed class GeneratorFailureTests
{
    private const string Models = """
        using AttentionGen;

        namespace Failures;

        [Model(Vocab = 100, MaxSeq = 8)]
        [Embed(16), MultiHead(4)]
        [MeanPool, Dense(2), Softmax]
        public partial class Classifier;

        [Model(Vocab = 50, MaxSeq = 8)]
        [Embed(16), LearnedPositions]
        [Encoder(1, Heads = 2, FeedForward = 32, Causal = true)]
        [LmHead(Tied = true)]
        public partial class Broken;

        public static partial class Outer
        {
            [Model(Features = 4, MaxSeq = 8)]
            [InputProjection(8), Encoder(1, Heads = 2, FeedForward = 16)]
            [Dense(1)]
            public partial class Regressor;
        }

        public static class Uses
        {
            public static int Count() => Classifier.ParameterCount + Outer.Regressor.ParameterCount;
        }
        """;

    [Fact]
    public void One_model_that_throws_costs_only_that_model_its_code()
    {
        var compilation = TestCompilation.Create((Models, "Models.cs"));
        var generator = new ModelGenerator(graph => graph.Spec.ClassName == "Broken"
            ? throw new System.InvalidOperationException("an emitter bug")
            : ModelEmitter.Emit(graph));
        GeneratorDriver driver = CSharpGeneratorDriver.Create(new[] { generator.AsSourceGenerator() },
            parseOptions: (CSharpParseOptions)compilation.SyntaxTrees[0].Options);
        driver = driver.RunGeneratorsAndUpdateCompilation(compilation, out var output, out _);
        var result = driver.GetRunResult().Results.Single();

        Assert.Null(result.Exception);
        Assert.Equal(new[] { "Failures.Classifier.g.cs", "Failures.Outer.Regressor.g.cs" },
            result.GeneratedSources.Select(s => s.HintName).OrderBy(n => n, System.StringComparer.Ordinal));

        var failure = Assert.Single(result.Diagnostics);
        Assert.Equal(DiagnosticCatalog.GeneratorFailed.Id, failure.Id);
        Assert.Equal(DiagnosticSeverity.Error, failure.Severity);
        Assert.Equal("Broken", failure.Location.SourceTree!.GetText().ToString(failure.Location.SourceSpan));
        string message = failure.GetMessage(System.Globalization.CultureInfo.InvariantCulture);
        Assert.StartsWith("AttentionGen could not generate 'Broken': InvalidOperationException in ", message, System.StringComparison.Ordinal);
        Assert.EndsWith(": an emitter bug; 'Broken' has no generated code. This is a bug in AttentionGen: please report it with the model's attributes.",
            message, System.StringComparison.Ordinal);

        // The good models compile, and code that uses them too.
        Assert.Empty(output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning));
    }

    /// <summary>A second run on an equal compilation repeats the diagnostic from the cache, and still generates the others.</summary>
    [Fact]
    public void The_failure_is_reported_again_on_a_cached_run()
    {
        var compilation = TestCompilation.Create((Models, "Models.cs"));
        var generator = new ModelGenerator(graph => graph.Spec.ClassName == "Broken" ? throw new System.InvalidOperationException("an emitter bug") : ModelEmitter.Emit(graph));
        GeneratorDriver driver = CSharpGeneratorDriver.Create(new[] { generator.AsSourceGenerator() },
            parseOptions: (CSharpParseOptions)compilation.SyntaxTrees[0].Options);
        driver = driver.RunGenerators(compilation).RunGenerators(compilation.Clone());
        var result = driver.GetRunResult().Results.Single();
        Assert.Equal(2, result.GeneratedSources.Length);
        Assert.Equal(DiagnosticCatalog.GeneratorFailed.Id, Assert.Single(result.Diagnostics).Id);
    }
}
