extern alias analyzers;

using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using AttentionGen.Generator.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Xunit.Sdk;
using ModelAnalyzer = analyzers::AttentionGen.Analyzers.ModelAnalyzer;

namespace AttentionGen.Generator.Tests.Generator;

/// <summary>
/// Malformed and edge-case declarations, one file each in <c>Corpus/</c>. On every one the generator must not throw
/// or report anything, must generate exactly when the file's <c>// expect: generated</c> header says so, and what it
/// generates must compile without a warning; the analyzer must not throw either. A file splits into several source
/// files at lines <c>// ---- file: Name.cs</c>.
/// </summary>
public sealed partial class CorpusTests
{
    private const int MinimumCases = 50;

    public static IEnumerable<object[]> Files() =>
        Directory.GetFiles(CorpusDirectory(), "*.cs").Select(Path.GetFileName).OrderBy(f => f, StringComparer.Ordinal).Select(f => new object[] { f! });

    [Theory]
    [MemberData(nameof(Files))]
    public async Task Declaration(string fileName)
    {
        var (expectGenerated, sources) = Load(fileName);
        var compilation = TestCompilation.Create(sources);
        var inputProblems = Problems(compilation);

        var run = GeneratorRunner.RunAndCheck(compilation);
        var analyzerDiagnostics = await RunAnalyzerAsync(compilation);

        if (expectGenerated)
        {
            int models = CountModelClasses(compilation);
            Assert.True(run.Sources.Count == models, "Expected " + models + " generated source(s), got " + run.Sources.Count);
            // Generated code adds no error or warning. A few cases carry a compiler error of their own (a syntax
            // error, a conversion the compiler rejects but still binds): that one may stay, nothing may join it.
            var before = inputProblems.Select(Key).ToHashSet(StringComparer.Ordinal);
            var added = run.OutputProblems.Where(d => !before.Contains(Key(d))).ToList();
            if (added.Count > 0)
                throw new XunitException("The generated code adds problems:\n" + GeneratorRunner.Describe(added) + "\n" + Listing(run));
            Assert.DoesNotContain(analyzerDiagnostics, d => d.Severity >= DiagnosticSeverity.Warning);
        }
        else
        {
            Assert.True(run.Sources.Count == 0, "Expected no source, got: " + string.Join(", ", run.Sources.Select(s => s.HintName)));
            // Silence from the generator is only right when something tells the user why.
            bool explained = inputProblems.Any(d => d.Severity == DiagnosticSeverity.Error)
                             || analyzerDiagnostics.Any(d => d.Severity >= DiagnosticSeverity.Warning);
            Assert.True(explained, "Nothing was generated and neither the compiler nor the analyzer said why");
        }
    }

    [Fact]
    public void Corpus_is_large_and_every_case_states_its_expectation()
    {
        var files = Directory.GetFiles(CorpusDirectory(), "*.cs");
        Assert.True(files.Length >= MinimumCases, "Only " + files.Length + " corpus files");
        foreach (var file in files)
        {
            string first = File.ReadLines(file).First();
            Assert.True(first is "// expect: generated" or "// expect: none", Path.GetFileName(file) + " starts with '" + first + "'");
        }
        Assert.Contains(files, f => File.ReadLines(f).First() == "// expect: generated");
    }

    /// <summary>Runs the analyzer; any exception it throws fails the test.</summary>
    private static async Task<ImmutableArray<Diagnostic>> RunAnalyzerAsync(Compilation compilation)
    {
        var exceptions = new List<Exception>();
        var options = new CompilationWithAnalyzersOptions(
            new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty),
            onAnalyzerException: (exception, _, _) =>
            {
                lock (exceptions) exceptions.Add(exception);
            },
            concurrentAnalysis: false,
            logAnalyzerExecutionTime: false);
        var diagnostics = await compilation
            .WithAnalyzers(ImmutableArray.Create<DiagnosticAnalyzer>(new ModelAnalyzer()), options)
            .GetAnalyzerDiagnosticsAsync();
        if (exceptions.Count > 0)
            throw new XunitException("The analyzer threw:\n" + string.Join("\n", exceptions));
        Assert.DoesNotContain(diagnostics, d => d.Id == "AD0001");
        return diagnostics;
    }

    /// <summary>The header's expectation and the file's sources, split at <c>// ---- file: Name.cs</c> lines.</summary>
    private static (bool ExpectGenerated, (string Source, string Path)[] Sources) Load(string fileName)
    {
        string text = File.ReadAllText(Path.Combine(CorpusDirectory(), fileName)).Replace("\r\n", "\n", StringComparison.Ordinal);
        string header = text.Substring(0, Math.Max(0, text.IndexOf('\n', StringComparison.Ordinal)));
        bool expectGenerated = header switch
        {
            "// expect: generated" => true,
            "// expect: none" => false,
            _ => throw new XunitException(fileName + " has no '// expect: generated' or '// expect: none' header"),
        };

        var sources = new List<(string, string)>();
        string path = fileName;
        int start = 0;
        foreach (Match separator in FileSeparator().Matches(text))
        {
            sources.Add((text.Substring(start, separator.Index - start), path));
            path = separator.Groups[1].Value;
            start = separator.Index + separator.Length;
        }
        sources.Add((text.Substring(start), path));
        return (expectGenerated, sources.ToArray());
    }

    [GeneratedRegex(@"^// ---- file: (\S+)\n", RegexOptions.Multiline)]
    private static partial Regex FileSeparator();

    private static string Key(Diagnostic diagnostic) => diagnostic.Id + " " + diagnostic.Location.GetLineSpan() + " " + diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture);

    private static List<Diagnostic> Problems(Compilation compilation) =>
        compilation.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning).ToList();

    /// <summary>Distinct classes that carry AttentionGen's [Model], however it is spelled.</summary>
    private static int CountModelClasses(Compilation compilation)
    {
        var modelAttribute = compilation.GetTypeByMetadataName("AttentionGen.ModelAttribute");
        var models = new HashSet<ISymbol>(SymbolEqualityComparer.Default);
        foreach (var tree in compilation.SyntaxTrees)
        {
            var semanticModel = compilation.GetSemanticModel(tree);
            foreach (var declaration in tree.GetRoot().DescendantNodes().OfType<ClassDeclarationSyntax>())
            {
                if (semanticModel.GetDeclaredSymbol(declaration) is { } type
                    && type.GetAttributes().Any(a => SymbolEqualityComparer.Default.Equals(a.AttributeClass, modelAttribute)))
                    models.Add(type);
            }
        }
        return models.Count;
    }

    private static string Listing(GeneratorRun run) =>
        string.Join("\n", run.Sources.Select(s => "// ==== " + s.HintName + "\n" + s.SourceText));

    private static string CorpusDirectory([CallerFilePath] string thisFile = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(Snapshot.ResolveSourcePath(thisFile))!, "..", "Corpus"));
}
