extern alias analyzers;

using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using AttentionGen.Generator.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;
using ModelAnalyzer = analyzers::AttentionGen.Analyzers.ModelAnalyzer;

namespace AttentionGen.Generator.Tests.Analyzers;

/// <summary>
/// Code fixes through Roslyn's test framework: the sources mark the diagnostics they expect (<c>{|AG0101:6|}</c>), the
/// action is chosen by its equivalence key and must carry the expected title, the fixed sources must be exactly the
/// expected text, and on them the analyzer must report nothing (AG0900, the summary every valid model gets, aside).
/// </summary>
public static class CodeFixVerifier<TCodeFix>
    where TCodeFix : CodeFixProvider, new()
{
    public static Task VerifyFixAsync(string equivalenceKey, string title, string source, string fixedSource) =>
        VerifyFixAsync(equivalenceKey, title, new[] { source }, new[] { fixedSource });

    public static async Task VerifyFixAsync(string equivalenceKey, string title, string[] sources, string[] fixedSources)
    {
        var test = CodeFixProject.Create<TCodeFix>(sources, fixedSources);
        test.CodeActionEquivalenceKey = equivalenceKey;
        test.CodeActionVerifier = (action, verifier) => verifier.Equal(title, action.Title);
        // One fix, one step: fix-all is its own test.
        test.CodeFixTestBehaviors |= CodeFixTestBehaviors.SkipFixAllCheck;
        await test.RunAsync();
    }

    /// <summary>Every diagnostic of the sources fixed at once, by the provider's fix-all in the solution.</summary>
    public static async Task VerifyFixAllAsync(string equivalenceKey, string[] sources, string[] fixedSources)
    {
        var test = CodeFixProject.Create<TCodeFix>(sources, fixedSources);
        test.CodeActionEquivalenceKey = equivalenceKey;
        test.CodeFixTestBehaviors |= CodeFixTestBehaviors.SkipFixAllInDocumentCheck | CodeFixTestBehaviors.SkipFixAllInProjectCheck;
        test.NumberOfFixAllIterations = 1;
        test.NumberOfIncrementalIterations = sources.Length;
        await test.RunAsync();
    }

    /// <summary>The titles the provider offers for the one <paramref name="id"/> diagnostic, in order, as a light bulb lists them.</summary>
    public static async Task<IReadOnlyList<string>> TitlesAsync(string id, string source)
    {
        var workspace = new AdhocWorkspace();
        var project = workspace.CurrentSolution
            .AddProject("UserAssembly", "UserAssembly", LanguageNames.CSharp)
            .WithCompilationOptions(new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable))
            .WithMetadataReferences(TestCompilation.References);
        var document = project.AddDocument("Model0.cs", source).Project.AddDocument("GlobalUsings.cs", CodeFixProject.GlobalUsings).Project.Documents.First(d => d.Name == "Model0.cs");
        var compilation = (await document.Project.GetCompilationAsync())!;
        var diagnostics = await compilation.WithAnalyzers(ImmutableArray.Create<DiagnosticAnalyzer>(new ModelAnalyzer())).GetAnalyzerDiagnosticsAsync();
        var diagnostic = Assert.Single(diagnostics, d => d.Id == id);
        var actions = new List<CodeAction>();
        await new TCodeFix().RegisterCodeFixesAsync(new CodeFixContext(document, diagnostic, (action, _) => actions.Add(action), CancellationToken.None));
        return actions.Select(a => a.Title).ToArray();
    }
}

/// <summary>The test project every code-fix test runs in: a user's project with the runtime and a global using.</summary>
public static class CodeFixProject
{
    /// <summary>Every test source sees the attribute language the way a user's project with a global using does.</summary>
    internal const string GlobalUsings = "global using AttentionGen;\n";

    /// <summary>
    /// The running .NET's own reference set: the framework cannot download reference packs here, so it gets no package
    /// and the references every other test compiles against.
    /// </summary>
    private static readonly ReferenceAssemblies Offline = new("net10.0");

    internal static CSharpCodeFixTest<ModelAnalyzer, TCodeFix, DefaultVerifier> Create<TCodeFix>(string[] sources, string[] fixedSources)
        where TCodeFix : CodeFixProvider, new()
    {
        var test = new CSharpCodeFixTest<ModelAnalyzer, TCodeFix, DefaultVerifier> { ReferenceAssemblies = Offline };
        test.TestState.AdditionalReferences.AddRange(TestCompilation.References);
        test.FixedState.AdditionalReferences.AddRange(TestCompilation.References);
        for (int i = 0; i < sources.Length; i++) test.TestState.Sources.Add(("Model" + i.ToString(CultureInfo.InvariantCulture) + ".cs", sources[i]));
        for (int i = 0; i < fixedSources.Length; i++) test.FixedState.Sources.Add(("Model" + i.ToString(CultureInfo.InvariantCulture) + ".cs", fixedSources[i]));
        test.TestState.Sources.Add(("GlobalUsings.cs", GlobalUsings));
        test.FixedState.Sources.Add(("GlobalUsings.cs", GlobalUsings));
        test.DisabledDiagnostics.Add("AG0900");
        return test;
    }
}
