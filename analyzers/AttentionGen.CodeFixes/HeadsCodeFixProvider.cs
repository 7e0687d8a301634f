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
/// AG0101: offers the nearest head counts that divide the width, one action each (the same divisors the
/// message lists), replacing the marked heads argument of MultiHead(heads) or Encoder/Decoder(Heads = …).
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(HeadsCodeFixProvider)), Shared]
public sealed class HeadsCodeFixProvider : CodeFixProvider
{
    /// <summary>Fix-all key for "the nearest divisor below": applied everywhere, it keeps every model's head size at least as large.</summary>
    internal const string FewerHeadsKey = "AG0101.FewerHeads";

    /// <summary>Fix-all key for "the nearest divisor above".</summary>
    internal const string MoreHeadsKey = "AG0101.MoreHeads";

    /// <inheritdoc />
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticCatalog.HeadsDoNotDivide.Id);

    /// <inheritdoc />
    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    /// <inheritdoc />
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        foreach (var diagnostic in context.Diagnostics)
        {
            var site = await AttributeSite.FindAsync(context.Document, diagnostic.Location.SourceSpan, context.CancellationToken).ConfigureAwait(false);
            if (site?.Argument is not { } argument || !argument.Expression.Span.Contains(diagnostic.Location.SourceSpan)) continue;

            // The core's problem holds the width the heads were checked against (the previous layer's output),
            // which the attribute itself does not say.
            var problem = site.Infer().Problems.FirstOrDefault(p =>
                p.Id == DiagnosticCatalog.HeadsDoNotDivide.Id && p.Target.AttributeIndex == site.AttributeIndex);
            if (problem is null || problem.MessageArguments.Count < 5
                || !int.TryParse(problem.MessageArguments[3], NumberStyles.Integer, CultureInfo.InvariantCulture, out int width)
                || !int.TryParse(problem.MessageArguments[4], NumberStyles.Integer, CultureInfo.InvariantCulture, out int heads))
                continue;

            foreach (int divisor in HeadDivisors.Nearest(width, heads))
            {
                int perHead = width / divisor;
                string title = string.Format(CultureInfo.InvariantCulture, "Use {0} head{1} ({2} / {0} = {3} feature{4} per head)",
                    divisor, divisor == 1 ? "" : "s", width, perHead, perHead == 1 ? "" : "s");
                var document = context.Document;
                var expression = argument.Expression;
                context.RegisterCodeFix(
                    CodeAction.Create(title, ct => ReplaceAsync(document, expression, divisor, ct), divisor < heads ? FewerHeadsKey : MoreHeadsKey),
                    diagnostic);
            }
        }
    }

    private static async Task<Document> ReplaceAsync(Document document, ExpressionSyntax expression, int heads, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        if (root is null) return document;
        var literal = SyntaxFactory.LiteralExpression(SyntaxKind.NumericLiteralExpression, SyntaxFactory.Literal(heads))
            .WithTriviaFrom(expression);
        return document.WithSyntaxRoot(root.ReplaceNode(expression, literal));
    }
}
