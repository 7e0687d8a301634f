using System.Collections.Immutable;
using System.Composition;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using AttentionGen.Core;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace AttentionGen.CodeFixes;

/// <summary>
/// AG0105: gives the positional table as many rows as the longest sequence, by setting (or raising) its
/// <c>MaxLength</c>. The diagnostic sits on <c>MaxLength</c> when it is written, else on the model's
/// <c>MaxSeq</c>/<c>TargetMaxSeq</c>; either way the edit goes to the positions attribute, which may be in
/// another partial declaration.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(PositionsLengthCodeFixProvider)), Shared]
public sealed class PositionsLengthCodeFixProvider : CodeFixProvider
{
    internal const string Key = "AG0105.SetMaxLength";

    /// <inheritdoc />
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticCatalog.SequenceOverPositions.Id);

    /// <inheritdoc />
    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    /// <inheritdoc />
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        foreach (var diagnostic in context.Diagnostics)
        {
            var site = await AttributeSite.FindAsync(context.Document, diagnostic.Location.SourceSpan, context.CancellationToken).ConfigureAwait(false);
            if (site is null) continue;
            var layer = PositionsLayer(site);
            if (layer is null) continue;
            bool target = IsOnTargetStream(site.Spec, layer);
            int rows = target ? site.Spec.Constants.TargetMaxSeq : site.Spec.Constants.MaxSeq;
            if (rows <= 0 || site.Attributes[layer.AttributeIndex].ApplicationSyntaxReference is not { } reference) continue;

            string title = string.Format(CultureInfo.InvariantCulture, "Set {0} MaxLength = {1} to cover {2}",
                LayerText.Describe(layer), rows, target ? ArgumentNames.TargetMaxSeq : ArgumentNames.MaxSeq);
            var solution = context.Document.Project.Solution;
            context.RegisterCodeFix(CodeAction.Create(title, ct => SetMaxLengthAsync(solution, reference, rows, ct), Key), diagnostic);
        }
    }

    /// <summary>The positions layer the diagnostic is about: the marked attribute itself, or the table that follows the marked sequence length.</summary>
    private static LayerSpec? PositionsLayer(AttributeSite site)
    {
        var layers = site.Spec.Layers;
        var marked = layers.FirstOrDefault(l => l.AttributeIndex == site.AttributeIndex);
        if (marked is not null)
            return marked.Kind is LayerKind.SinusoidalPositions or LayerKind.LearnedPositions ? marked : null;

        if (site.AttributeIndex != site.Spec.Constants.AttributeIndex) return null;
        bool target;
        if (site.ArgumentName == ArgumentNames.MaxSeq) target = false;
        else if (site.ArgumentName == ArgumentNames.TargetMaxSeq) target = true;
        else return null;
        return layers.FirstOrDefault(l =>
            l.Kind is LayerKind.SinusoidalPositions or LayerKind.LearnedPositions
            && !l.Gave(ArgumentNames.MaxLength)
            && IsOnTargetStream(site.Spec, l) == target);
    }

    /// <summary>Layers after [TargetEmbed] read the target stream, whose length is TargetMaxSeq.</summary>
    private static bool IsOnTargetStream(ModelSpec spec, LayerSpec layer) =>
        spec.Layers.TakeWhile(l => l != layer).Any(l => l.Kind == LayerKind.TargetEmbed);

    private static async Task<Solution> SetMaxLengthAsync(Solution solution, SyntaxReference reference, int rows, CancellationToken cancellationToken)
    {
        var document = solution.GetDocument(reference.SyntaxTree);
        var root = document is null ? null : await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        if (document is null || root is null || root.FindNode(reference.Span) is not AttributeSyntax attribute) return solution;

        var literal = SyntaxFactory.LiteralExpression(SyntaxKind.NumericLiteralExpression, SyntaxFactory.Literal(rows));
        var existing = attribute.ArgumentList?.Arguments.FirstOrDefault(a => a.NameEquals?.Name.Identifier.ValueText == ArgumentNames.MaxLength);
        AttributeSyntax updated;
        if (existing is not null)
        {
            updated = attribute.ReplaceNode(existing.Expression, literal.WithTriviaFrom(existing.Expression));
        }
        else
        {
            var argument = SyntaxFactory.AttributeArgument(
                SyntaxFactory.NameEquals(
                    SyntaxFactory.IdentifierName(ArgumentNames.MaxLength),
                    SyntaxFactory.Token(SyntaxKind.EqualsToken).WithLeadingTrivia(SyntaxFactory.Space).WithTrailingTrivia(SyntaxFactory.Space)),
                null,
                literal);
            var list = attribute.ArgumentList ?? SyntaxFactory.AttributeArgumentList();
            var arguments = list.Arguments;
            var separators = arguments.GetSeparators().ToList();
            if (arguments.Count > 0) separators.Add(SyntaxFactory.Token(SyntaxKind.CommaToken).WithTrailingTrivia(SyntaxFactory.Space));
            var nodes = arguments.Add(argument).ToList();
            list = list.WithArguments(SyntaxFactory.SeparatedList(nodes, separators));
            // The name keeps its trailing trivia after the new argument list, e.g. the space before a following ", ".
            updated = attribute.ArgumentList is null
                ? attribute.WithName(attribute.Name.WithoutTrailingTrivia()).WithArgumentList(list.WithTrailingTrivia(attribute.Name.GetTrailingTrivia()))
                : attribute.WithArgumentList(list);
        }
        return solution.WithDocumentSyntaxRoot(document.Id, root.ReplaceNode(attribute, updated));
    }
}
