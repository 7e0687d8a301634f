using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using AttentionGen.Core;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;

namespace AttentionGen.CodeFixes;

/// <summary>
/// AG0001: adds <c>partial</c> to the model class. AG0003: adds it to every containing type that lacks it.
/// The generator's part of the class can only be merged with partial declarations.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(MakePartialCodeFixProvider)), Shared]
public sealed class MakePartialCodeFixProvider : CodeFixProvider
{
    internal const string ModelKey = "AG0001.MakePartial";
    internal const string ContainingKey = "AG0003.MakeContainingTypesPartial";

    /// <inheritdoc />
    public override ImmutableArray<string> FixableDiagnosticIds { get; } =
        ImmutableArray.Create(DiagnosticCatalog.NotPartial.Id, DiagnosticCatalog.ContainingTypeNotPartial.Id);

    /// <inheritdoc />
    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    /// <inheritdoc />
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        var semanticModel = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null || semanticModel is null) return;

        foreach (var diagnostic in context.Diagnostics)
        {
            var declaration = root.FindToken(diagnostic.Location.SourceSpan.Start).Parent?.FirstAncestorOrSelf<ClassDeclarationSyntax>();
            if (declaration is null || semanticModel.GetDeclaredSymbol(declaration, context.CancellationToken) is not INamedTypeSymbol type) continue;

            var solution = context.Document.Project.Solution;
            if (diagnostic.Id == DiagnosticCatalog.NotPartial.Id)
            {
                context.RegisterCodeFix(
                    CodeAction.Create("Make '" + type.Name + "' partial",
                        ct => MakePartialAsync(solution, new[] { type }, ct), ModelKey),
                    diagnostic);
            }
            else
            {
                var outer = new List<INamedTypeSymbol>();
                for (var containing = type.ContainingType; containing is not null; containing = containing.ContainingType) outer.Add(containing);
                context.RegisterCodeFix(
                    CodeAction.Create(outer.Count == 1 ? "Make '" + outer[0].Name + "' partial" : "Make the containing types partial",
                        ct => MakePartialAsync(solution, outer, ct), ContainingKey),
                    diagnostic);
            }
        }
    }

    /// <summary>Adds <c>partial</c> to every source declaration of the types that lacks it, in whichever documents they are.</summary>
    private static async Task<Solution> MakePartialAsync(Solution solution, IEnumerable<INamedTypeSymbol> types, CancellationToken cancellationToken)
    {
        var byTree = types
            .SelectMany(t => t.DeclaringSyntaxReferences)
            .GroupBy(r => r.SyntaxTree);
        foreach (var group in byTree)
        {
            var document = solution.GetDocument(group.Key);
            if (document is null) continue;
            var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
            if (root is null) continue;

            var targets = new List<TypeDeclarationSyntax>();
            foreach (var reference in group)
            {
                if (root.FindNode(reference.Span) is TypeDeclarationSyntax declaration
                    && !declaration.Modifiers.Any(SyntaxKind.PartialKeyword))
                    targets.Add(declaration);
            }
            if (targets.Count == 0) continue;

            var generator = SyntaxGenerator.GetGenerator(document);
            // A containing type and its nested type may both need it: build on the rewritten node so neither edit is lost.
            var newRoot = root.ReplaceNodes(targets, (_, rewritten) =>
                generator.WithModifiers(rewritten, generator.GetModifiers(rewritten).WithPartial(true)));
            solution = solution.WithDocumentSyntaxRoot(document.Id, newRoot);
        }
        return solution;
    }
}
