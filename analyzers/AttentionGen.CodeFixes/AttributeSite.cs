using System.Collections.Immutable;
using System.Threading;
using System.Threading.Tasks;
using AttentionGen.Core;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;

namespace AttentionGen.CodeFixes;

/// <summary>
/// The attribute a diagnostic points into, with its model re-read by the shape core. A diagnostic carries
/// only formatted text; re-running the core gives the fixes the same plain values the analyzer had.
/// </summary>
internal sealed class AttributeSite
{
    private AttributeSite(INamedTypeSymbol type, ImmutableArray<AttributeData> attributes, int attributeIndex,
        AttributeSyntax attribute, AttributeArgumentSyntax? argument, ModelDeclaration declaration)
    {
        Type = type;
        Attributes = attributes;
        AttributeIndex = attributeIndex;
        Attribute = attribute;
        Argument = argument;
        Declaration = declaration;
    }

    public INamedTypeSymbol Type { get; }

    public ImmutableArray<AttributeData> Attributes { get; }

    /// <summary>Index of <see cref="Attribute"/> in <see cref="Attributes"/>, as <see cref="ProblemTarget"/> counts.</summary>
    public int AttributeIndex { get; }

    public AttributeSyntax Attribute { get; }

    /// <summary>The argument the span lies in, or null when the span is the attribute's name.</summary>
    public AttributeArgumentSyntax? Argument { get; }

    public ModelDeclaration Declaration { get; }

    public ModelSpec Spec => Declaration.Spec;

    /// <summary>The name an argument is written with: <c>Heads</c> in <c>Heads = 8</c>, <c>heads</c> in <c>heads: 8</c>, else its parameter's name.</summary>
    public string? ArgumentName
    {
        get
        {
            if (Argument is null) return null;
            if (Argument.NameEquals is { } equals) return equals.Name.Identifier.ValueText;
            if (Argument.NameColon is { } colon) return colon.Name.Identifier.ValueText;
            var constructor = Attributes[AttributeIndex].AttributeConstructor;
            int position = Attribute.ArgumentList!.Arguments.IndexOf(Argument);
            return constructor is not null && position >= 0 && position < constructor.Parameters.Length
                ? constructor.Parameters[position].Name
                : null;
        }
    }

    public ShapeResult Infer() => ShapeInference.Infer(Declaration);

    public static async Task<AttributeSite?> FindAsync(Document document, TextSpan span, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var semanticModel = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        if (root is null || semanticModel is null) return null;

        var node = root.FindNode(span, getInnermostNodeForTie: true);
        var attribute = node.FirstAncestorOrSelf<AttributeSyntax>();
        var declaration = attribute?.FirstAncestorOrSelf<ClassDeclarationSyntax>();
        if (attribute is null || declaration is null) return null;
        if (semanticModel.GetDeclaredSymbol(declaration, cancellationToken) is not INamedTypeSymbol type) return null;

        var attributes = type.GetAttributes();
        int index = -1;
        for (int i = 0; i < attributes.Length; i++)
        {
            var reference = attributes[i].ApplicationSyntaxReference;
            if (reference is not null && reference.SyntaxTree == attribute.SyntaxTree && reference.Span == attribute.Span)
            {
                index = i;
                break;
            }
        }
        if (index < 0) return null;

        var model = DeclarationReader.Read(type, cancellationToken);
        if (!model.Readable) return null;
        var argument = node.FirstAncestorOrSelf<AttributeArgumentSyntax>();
        return new AttributeSite(type, attributes, index, attribute, argument, model);
    }
}
