extern alias analyzers;

using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using System.Threading.Tasks;
using AttentionGen.Core;
using AttentionGen.Generator.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using ModelAnalyzer = analyzers::AttentionGen.Analyzers.ModelAnalyzer;

namespace AttentionGen.Generator.Tests.Analyzers;

/// <summary>
/// Runs <see cref="ModelAnalyzer"/> on marked-up sources and checks every diagnostic it reports: ID, exact span and
/// full message, nothing missing and nothing extra. On the same sources it runs the generator and checks that it
/// stays silent on an invalid model: no source, no diagnostic, no exception.
/// </summary>
public static class AnalyzerVerifier
{
    /// <summary>Every test source sees the attribute language the way a user's project with a global using does.</summary>
    private const string GlobalUsings = "global using AttentionGen;\n";

    public static Task VerifyAsync(string markup, params (string Id, string Message)[] expected) =>
        VerifyAsync(new[] { markup }, expected);

    /// <summary>
    /// Expects exactly one diagnostic per marked span, in source order (by file, then position), with the given IDs
    /// and messages. AG0900 (the model summary) is only compared when a test expects it.
    /// </summary>
    public static async Task VerifyAsync(string[] markups, params (string Id, string Message)[] expected)
    {
        var run = await RunAsync(markups);
        Assert.Empty(run.CompilerErrors);
        CheckDiagnostics(run, expected);
        CheckGenerator(run, expectSource: !expected.Any(e => DiagnosticCatalog.Get(e.Id).DefaultSeverity >= DiagnosticSeverity.Warning));
    }

    /// <summary>The model is valid: no error or warning, exactly one summary, and the generator emits its source.</summary>
    public static async Task<AnalyzerRun> VerifyValidAsync(string markup, string summary)
    {
        var run = await RunAsync(new[] { markup });
        Assert.Empty(run.CompilerErrors);
        CheckDiagnostics(run, new[] { ("AG0900", summary) });
        CheckGenerator(run, expectSource: true);
        return run;
    }

    public static async Task<AnalyzerRun> RunAsync(string[] markups)
    {
        var parsed = markups.Select(Markup.Parse).ToArray();
        var sources = parsed.Select((m, i) => (m.Source, "Model" + i.ToString(CultureInfo.InvariantCulture) + ".cs"))
            .Append((GlobalUsings, "GlobalUsings.cs"))
            .ToArray();
        var compilation = TestCompilation.Create(sources);

        var exceptions = new List<System.Exception>();
        var options = new CompilationWithAnalyzersOptions(
            new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty),
            onAnalyzerException: (exception, _, _) => exceptions.Add(exception),
            concurrentAnalysis: true,
            logAnalyzerExecutionTime: false);
        var diagnostics = await compilation
            .WithAnalyzers(ImmutableArray.Create<DiagnosticAnalyzer>(new ModelAnalyzer()), options)
            .GetAnalyzerDiagnosticsAsync();
        Assert.Empty(exceptions);

        var driver = CSharpGeneratorDriver.Create(new[] { new ModelGenerator().AsSourceGenerator() },
            parseOptions: (CSharpParseOptions)compilation.SyntaxTrees.First().Options);
        var generatorRun = driver.RunGeneratorsAndUpdateCompilation(compilation, out var generated, out _).GetRunResult();

        return new AnalyzerRun(parsed, compilation,
            compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToImmutableArray(),
            diagnostics.OrderBy(d => d.Location.SourceTree?.FilePath, System.StringComparer.Ordinal)
                .ThenBy(d => d.Location.SourceSpan.Start).ThenBy(d => d.Id, System.StringComparer.Ordinal).ToImmutableArray(),
            generatorRun, generated);
    }

    private static void CheckDiagnostics(AnalyzerRun run, IReadOnlyList<(string Id, string Message)> expected)
    {
        bool summaries = expected.Any(e => e.Id == "AG0900");
        var actual = run.Diagnostics.Where(d => summaries || d.Id != "AG0900").ToList();
        var marked = run.Sources
            .SelectMany((m, file) => m.Spans.Select(s => (File: file, s.Id, s.Span)))
            .ToList();

        string report = "Reported:\n" + string.Join("\n", actual.Select(Describe));
        Assert.True(marked.Count == expected.Count, "The test marks " + marked.Count + " span(s) but expects " + expected.Count + " diagnostic(s).");
        Assert.True(actual.Count == expected.Count, "Expected " + expected.Count + " diagnostic(s), got " + actual.Count + ".\n" + report);

        for (int i = 0; i < expected.Count; i++)
        {
            var (file, markedId, span) = marked[i];
            var diagnostic = actual[i];
            if (markedId is not null) Assert.Equal(markedId, expected[i].Id);
            Assert.True(expected[i].Id == diagnostic.Id, "Diagnostic " + i + ": expected " + expected[i].Id + ".\n" + report);
            Assert.Equal("Model" + file.ToString(CultureInfo.InvariantCulture) + ".cs", diagnostic.Location.SourceTree?.FilePath);
            var source = run.Sources[file].Source;
            Assert.True(span == diagnostic.Location.SourceSpan,
                "Diagnostic " + i + " (" + diagnostic.Id + ") is on '" + Text(source, diagnostic.Location.SourceSpan) + "' " + diagnostic.Location.SourceSpan
                + ", expected '" + Text(source, span) + "' " + span + ".\n" + report);
            Assert.Equal(expected[i].Message, diagnostic.GetMessage(CultureInfo.InvariantCulture));
            Assert.Equal(DiagnosticCatalog.Get(diagnostic.Id).DefaultSeverity, diagnostic.Severity);
        }
    }

    /// <summary>The generator must never throw or report; it emits a model's source only when the model is valid.</summary>
    private static void CheckGenerator(AnalyzerRun run, bool expectSource)
    {
        var result = Assert.Single(run.Generator.Results);
        Assert.Null(result.Exception);
        Assert.Empty(result.Diagnostics);
        if (expectSource) Assert.NotEmpty(result.GeneratedSources);
        else Assert.Empty(result.GeneratedSources);
    }

    private static string Describe(Diagnostic d) =>
        d.Id + " " + d.Location.SourceTree?.FilePath + d.Location.SourceSpan + ": " + d.GetMessage(CultureInfo.InvariantCulture);

    private static string Text(string source, Microsoft.CodeAnalysis.Text.TextSpan span) =>
        span.End <= source.Length ? source.Substring(span.Start, span.Length) : "?";
}

/// <summary>Everything one run produced, for tests that look further.</summary>
public sealed record AnalyzerRun(
    IReadOnlyList<Markup> Sources,
    Compilation Compilation,
    ImmutableArray<Diagnostic> CompilerErrors,
    ImmutableArray<Diagnostic> Diagnostics,
    GeneratorDriverRunResult Generator,
    Compilation GeneratedCompilation);
