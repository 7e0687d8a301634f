using System.Collections.Immutable;
using System.Threading;
using AttentionGen.Core;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace AttentionGen.Analyzers;

/// <summary>
/// Turns a <see cref="ProblemTarget"/> (attribute index and argument name) into the source span to underline:
/// the argument's expression when it is written, else the attribute's name, or the class identifier.
/// </summary>
internal static class ProblemLocator
{
    public static Location Locate(INamedTypeSymbol type, ImmutableArray<AttributeData> attributes, ProblemTarget target,
        CancellationToken cancellationToken)
    {
        if (target.AttributeIndex < 0 || target.AttributeIndex >= attributes.Length)
            return ClassIdentifier(type, attributes, cancellationToken);

        var attribute = attributes[target.AttributeIndex];
        if (attribute.ApplicationSyntaxReference?.GetSyntax(cancellationToken) is not AttributeSyntax syntax)
            return ClassIdentifier(type, attributes, cancellationToken);

        if (target.Argument is { } name && FindArgument(syntax, attribute, name) is { } argument)
            return argument.Expression.GetLocation();
        return syntax.Name.GetLocation();
    }

    /// <summary>
    /// The class identifier of the first declaration that carries [Model] (the one the user looks at), else of
    /// the first declaration.
    /// </summary>
    public static Location ClassIdentifier(INamedTypeSymbol type, ImmutableArray<AttributeData> attributes,
        CancellationToken cancellationToken)
    {
        foreach (var attribute in attributes)
        {
            if (!DeclarationReader.IsModelAttribute(attribute.AttributeClass)) continue;
            var owner = attribute.ApplicationSyntaxReference?.GetSyntax(cancellationToken).FirstAncestorOrSelf<TypeDeclarationSyntax>();
            if (owner is not null) return owner.Identifier.GetLocation();
        }
        foreach (var reference in type.DeclaringSyntaxReferences)
        {
            if (reference.GetSyntax(cancellationToken) is BaseTypeDeclarationSyntax declaration)
                return declaration.Identifier.GetLocation();
        }
        return type.Locations.IsEmpty ? Location.None : type.Locations[0];
    }

    /// <summary>
    /// The argument written for a named property (<c>Heads = 8</c>) or a constructor parameter, whether passed by
    /// name (<c>heads: 8</c>) or by position; null when it is not written.
    /// </summary>
    public static AttributeArgumentSyntax? FindArgument(AttributeSyntax syntax, AttributeData attribute, string name)
    {
        if (syntax.ArgumentList is null) return null;
        var arguments = syntax.ArgumentList.Arguments;

        foreach (var argument in arguments)
        {
            if (argument.NameEquals?.Name.Identifier.ValueText == name) return argument;
        }

        int parameterIndex = ParameterIndex(attribute.AttributeConstructor, name);
        if (parameterIndex < 0) return null;
        int position = 0;
        foreach (var argument in arguments)
        {
            if (argument.NameEquals is not null) continue;
            if (argument.NameColon is { } colon)
            {
                if (colon.Name.Identifier.ValueText == name) return argument;
            }
            else if (position == parameterIndex)
            {
                return argument;
            }
            position++;
        }
        return null;
    }

    private static int ParameterIndex(IMethodSymbol? constructor, string name)
    {
        if (constructor is null) return -1;
        for (int i = 0; i < constructor.Parameters.Length; i++)
        {
            if (constructor.Parameters[i].Name == name) return i;
        }
        return -1;
    }
}
