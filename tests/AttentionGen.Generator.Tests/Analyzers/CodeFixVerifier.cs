extern alias analyzers;

using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using AttentionGen.Generator.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using ModelAnalyzer = analyzers::AttentionGen.Analyzers.ModelAnalyzer;

namespace AttentionGen.Generator.Tests.Analyzers;

/// <summary>
/// Applies code fixes the way the IDE does: a workspace holding the user's documents, the analyzer's diagnostics,
/// the provider's actions, and the solution the chosen action produces; then re-runs the analyzer on it.
/// </summary>
public static class CodeFixVerifier
{
    private const string GlobalUsings = "global using AttentionGen;\n";

    /// <summary>The titles the provider offers for the one <paramref name="id"/> diagnostic in the sources.</summary>
    public static async Task<IReadOnlyList<string>> TitlesAsync(CodeFixProvider provider, string id, params string[] sources)
    {
        var solution = CreateSolution(sources);
        var (document, diagnostic) = await SingleDiagnosticAsync(solution, id);
        var actions = await ActionsAsync(provider, document, diagnostic);
        return actions.Select(a => a.Title).ToArray();
    }

    /// <summary>
    /// Applies the action titled <paramref name="title"/> to the one <paramref name="id"/> diagnostic, checks the
    /// resulting sources and that the diagnostic is gone. With <paramref name="expectValid"/>, nothing but the
    /// summary may remain.
    /// </summary>
    public static async Task VerifyFixAsync(CodeFixProvider provider, string id, string title, string[] sources, string[] expected, bool expectValid = true)
    {
        var solution = CreateSolution(sources);
        var (document, diagnostic) = await SingleDiagnosticAsync(solution, id);
        var actions = await ActionsAsync(provider, document, diagnostic);
        var action = actions.FirstOrDefault(a => a.Title == title);
        Assert.True(action is not null, "No action titled '" + title + "'. Offered: " + string.Join(" | ", actions.Select(a => a.Title)));
        await CheckResultAsync(await ApplyAsync(action!), id, expected, expectValid);
    }

    public static Task VerifyFixAsync(CodeFixProvider provider, string id, string title, string source, string expected, bool expectValid = true) =>
        VerifyFixAsync(provider, id, title, new[] { source }, new[] { expected }, expectValid);

    /// <summary>Fixes every <paramref name="id"/> diagnostic in the solution at once with the provider's fix-all provider.</summary>
    public static async Task VerifyFixAllAsync(CodeFixProvider provider, string id, string equivalenceKey, string[] sources, string[] expected)
    {
        var solution = CreateSolution(sources);
        var all = await DiagnosticsAsync(solution.Projects.Single());
        var first = all.First(d => d.Id == id);
        var document = solution.GetDocument(first.Location.SourceTree)!;
        var fixAll = provider.GetFixAllProvider();
        Assert.NotNull(fixAll);
        var context = new FixAllContext(document, provider, FixAllScope.Solution, equivalenceKey, new[] { id },
            new AnalyzerDiagnostics(), CancellationToken.None);
        var action = await fixAll!.GetFixAsync(context);
        Assert.NotNull(action);
        await CheckResultAsync(await ApplyAsync(action!), id, expected, expectValid: true);
    }

    private static async Task CheckResultAsync(Solution changed, string id, string[] expected, bool expectValid)
    {
        var documents = changed.Projects.Single().Documents.Where(d => d.Name != "GlobalUsings.cs").OrderBy(d => d.Name, System.StringComparer.Ordinal).ToArray();
        Assert.Equal(expected.Length, documents.Length);
        for (int i = 0; i < expected.Length; i++)
            Assert.Equal(expected[i], (await documents[i].GetTextAsync()).ToString());

        var compilation = (await changed.Projects.Single().GetCompilationAsync())!;
        Assert.Empty(compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
        var remaining = await DiagnosticsAsync(changed.Projects.Single());
        Assert.DoesNotContain(remaining, d => d.Id == id);
        if (expectValid)
            Assert.All(remaining, d => Assert.Equal("AG0900", d.Id));
    }

    private static Solution CreateSolution(string[] sources)
    {
        var workspace = new AdhocWorkspace();
        var projectId = ProjectId.CreateNewId();
        var solution = workspace.CurrentSolution.AddProject(ProjectInfo.Create(
            projectId, VersionStamp.Create(), "UserAssembly", "UserAssembly", LanguageNames.CSharp,
            compilationOptions: new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary,
                nullableContextOptions: NullableContextOptions.Enable, allowUnsafe: true),
            parseOptions: new CSharpParseOptions(LanguageVersion.Latest),
            metadataReferences: TestCompilation.References));
        for (int i = 0; i < sources.Length; i++)
        {
            var name = "Model" + i.ToString(System.Globalization.CultureInfo.InvariantCulture) + ".cs";
            solution = solution.AddDocument(DocumentId.CreateNewId(projectId, name), name, sources[i], filePath: name);
        }
        return solution.AddDocument(DocumentId.CreateNewId(projectId, "GlobalUsings.cs"), "GlobalUsings.cs", GlobalUsings, filePath: "GlobalUsings.cs");
    }

    private static async Task<(Document Document, Diagnostic Diagnostic)> SingleDiagnosticAsync(Solution solution, string id)
    {
        var diagnostics = await DiagnosticsAsync(solution.Projects.Single());
        var diagnostic = Assert.Single(diagnostics, d => d.Id == id);
        return (solution.GetDocument(diagnostic.Location.SourceTree)!, diagnostic);
    }

    private static async Task<ImmutableArray<Diagnostic>> DiagnosticsAsync(Project project)
    {
        var compilation = (await project.GetCompilationAsync())!;
        return await compilation
            .WithAnalyzers(ImmutableArray.Create<DiagnosticAnalyzer>(new ModelAnalyzer()))
            .GetAnalyzerDiagnosticsAsync();
    }

    private static async Task<List<CodeAction>> ActionsAsync(CodeFixProvider provider, Document document, Diagnostic diagnostic)
    {
        Assert.Contains(diagnostic.Id, provider.FixableDiagnosticIds);
        var actions = new List<CodeAction>();
        var context = new CodeFixContext(document, diagnostic, (action, _) => actions.Add(action), CancellationToken.None);
        await provider.RegisterCodeFixesAsync(context);
        return actions;
    }

    private static async Task<Solution> ApplyAsync(CodeAction action)
    {
        var operations = await action.GetOperationsAsync(CancellationToken.None);
        return Assert.Single(operations.OfType<ApplyChangesOperation>()).ChangedSolution;
    }

    /// <summary>What the IDE's fix-all asks for: the analyzer's diagnostics per document and per project.</summary>
    private sealed class AnalyzerDiagnostics : FixAllContext.DiagnosticProvider
    {
        public override async Task<IEnumerable<Diagnostic>> GetDocumentDiagnosticsAsync(Document document, CancellationToken cancellationToken)
        {
            var tree = await document.GetSyntaxTreeAsync(cancellationToken);
            return (await DiagnosticsAsync(document.Project)).Where(d => d.Location.SourceTree == tree);
        }

        public override async Task<IEnumerable<Diagnostic>> GetProjectDiagnosticsAsync(Project project, CancellationToken cancellationToken) =>
            (await DiagnosticsAsync(project)).Where(d => !d.Location.IsInSource);

        public override async Task<IEnumerable<Diagnostic>> GetAllDiagnosticsAsync(Project project, CancellationToken cancellationToken) =>
            await DiagnosticsAsync(project);
    }
}
