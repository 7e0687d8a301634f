using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace AttentionGen.Core;

/// <summary>
/// What a class's attributes declare, read into plain values, with the problems of the declaration itself
/// (not partial, generic, split over files). <see cref="Readable"/> is false when an attribute has compile
/// errors of its own: the compiler already reports those, so nothing more is said or generated.
/// </summary>
internal sealed record ModelDeclaration(ModelSpec Spec, EquatableArray<ModelProblem> Problems, bool Readable);

/// <summary>
/// Reads a class symbol's AttentionGen attributes into a <see cref="ModelSpec"/>. Shared by the analyzers and
/// the generator so both see the same model. Never throws on malformed input.
/// </summary>
internal static class DeclarationReader
{
    public const string AttributeNamespace = "AttentionGen";
    public const string ModelAttributeName = "ModelAttribute";
    public const string ModelAttributeMetadataName = "AttentionGen.ModelAttribute";

    private static readonly Dictionary<string, LayerKind> LayerKinds = new()
    {
        ["EmbedAttribute"] = LayerKind.Embed,
        ["InputProjectionAttribute"] = LayerKind.InputProjection,
        ["TargetEmbedAttribute"] = LayerKind.TargetEmbed,
        ["SinusoidalPositionsAttribute"] = LayerKind.SinusoidalPositions,
        ["LearnedPositionsAttribute"] = LayerKind.LearnedPositions,
        ["MultiHeadAttribute"] = LayerKind.MultiHead,
        ["SelfAttentionAttribute"] = LayerKind.SelfAttention,
        ["EncoderAttribute"] = LayerKind.Encoder,
        ["DecoderAttribute"] = LayerKind.Decoder,
        ["LayerNormAttribute"] = LayerKind.LayerNorm,
        ["DropoutAttribute"] = LayerKind.Dropout,
        ["DenseAttribute"] = LayerKind.Dense,
        ["LmHeadAttribute"] = LayerKind.LmHead,
        ["MeanPoolAttribute"] = LayerKind.MeanPool,
        ["FirstTokenPoolAttribute"] = LayerKind.FirstTokenPool,
        ["LastTokenPoolAttribute"] = LayerKind.LastTokenPool,
        ["SoftmaxAttribute"] = LayerKind.Softmax,
        ["SigmoidAttribute"] = LayerKind.Sigmoid,
    };

    /// <summary>The layer kind an attribute class declares, or null for any other attribute.</summary>
    public static LayerKind? LayerKindOf(INamedTypeSymbol? attributeClass)
    {
        if (attributeClass is null || attributeClass.ContainingNamespace?.ToDisplayString() != AttributeNamespace) return null;
        return LayerKinds.TryGetValue(attributeClass.Name, out var kind) ? kind : null;
    }

    public static bool IsModelAttribute(INamedTypeSymbol? attributeClass) =>
        attributeClass is not null
        && attributeClass.Name == ModelAttributeName
        && attributeClass.ContainingNamespace?.ToDisplayString() == AttributeNamespace;

    public static ModelDeclaration Read(INamedTypeSymbol type, CancellationToken cancellationToken)
    {
        var problems = new List<ModelProblem>();
        var attributes = type.GetAttributes();
        bool readable = true;
        var constants = new ModelConstants(0, 0, 0, 0, 0, 0);
        var layers = new List<LayerSpec>();

        for (int index = 0; index < attributes.Length; index++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var attribute = attributes[index];
            if (attribute.AttributeClass is null || attribute.AttributeClass.TypeKind == TypeKind.Error)
            {
                // An attribute the compiler cannot resolve may be a misspelled layer: reading the model without it
                // would report (and generate) a different network than the one the user is writing.
                readable = false;
                continue;
            }
            bool isModel = IsModelAttribute(attribute.AttributeClass);
            var kind = LayerKindOf(attribute.AttributeClass);
            if (!isModel && kind is null) continue;
            if (!ArgumentsAreValid(attribute, cancellationToken))
            {
                readable = false;
                continue;
            }

            var arguments = new AttributeArguments(attribute);
            if (isModel) constants = ReadConstants(arguments, index);
            else layers.Add(ReadLayer(kind!.Value, index, arguments));
        }

        CheckClassShape(type, problems);
        CheckSingleDeclaration(type, attributes, problems, cancellationToken);

        var spec = new ModelSpec(
            type.ContainingNamespace is { IsGlobalNamespace: false } ns ? ns.ToDisplayString() : "",
            type.Name,
            MetadataName(type),
            ContainingTypeDeclarations(type).ToEquatableArray(),
            constants,
            layers.ToEquatableArray());
        return new ModelDeclaration(spec, problems.ToEquatableArray(), readable);
    }

    /// <summary>
    /// False when the compiler could not bind the attribute (wrong argument types, missing arguments): its own
    /// error is the right message then.
    /// </summary>
    private static bool ArgumentsAreValid(AttributeData attribute, CancellationToken cancellationToken)
    {
        if (attribute.AttributeClass is null || attribute.AttributeClass.TypeKind == TypeKind.Error) return false;
        if (attribute.AttributeConstructor is null) return false;
        // Arguments the compiler could not bind (an unknown property such as Depth = 4) are missing from the
        // attribute data rather than marked as errors: compare with what is written.
        if (attribute.ApplicationSyntaxReference?.GetSyntax(cancellationToken) is AttributeSyntax { ArgumentList: { } written })
        {
            int named = written.Arguments.Count(a => a.NameEquals is not null);
            if (named != attribute.NamedArguments.Length || written.Arguments.Count - named > attribute.ConstructorArguments.Length) return false;
        }
        foreach (var argument in attribute.ConstructorArguments)
        {
            if (argument.Kind == TypedConstantKind.Error || (argument.Kind != TypedConstantKind.Array && argument.Value is null && argument.Type?.IsValueType == true)) return false;
        }
        foreach (var argument in attribute.NamedArguments)
        {
            if (argument.Value.Kind == TypedConstantKind.Error) return false;
        }
        return true;
    }

    private static ModelConstants ReadConstants(AttributeArguments arguments, int index) =>
        new(arguments.Int(ArgumentNames.Vocab, 0),
            arguments.Int(ArgumentNames.MaxSeq, 0),
            arguments.Int(ArgumentNames.Features, 0),
            arguments.Int(ArgumentNames.TargetVocab, 0),
            arguments.Int(ArgumentNames.TargetMaxSeq, 0),
            arguments.Int(ArgumentNames.Classes, 0))
        {
            AttributeIndex = index,
            GivenArguments = arguments.Given,
        };

    private static LayerSpec ReadLayer(LayerKind kind, int index, AttributeArguments a)
    {
        var layer = new LayerSpec(kind, index) { GivenArguments = a.Given, Name = a.String(ArgumentNames.Name) };
        switch (kind)
        {
            case LayerKind.Embed:
            case LayerKind.InputProjection:
            case LayerKind.TargetEmbed:
                return layer with { Size = a.Int(ArgumentNames.WidthParameter, 0) };
            case LayerKind.SinusoidalPositions:
                return layer with { MaxLength = a.Int(ArgumentNames.MaxLength, AttributeDefaults.SinusoidalMaxLength) };
            case LayerKind.LearnedPositions:
                return layer with { MaxLength = a.Int(ArgumentNames.MaxLength, 0) };
            case LayerKind.MultiHead:
            case LayerKind.SelfAttention:
                return layer with
                {
                    Heads = kind == LayerKind.SelfAttention ? 1 : a.Int(ArgumentNames.HeadsParameter, 0),
                    Causal = a.Bool(ArgumentNames.Causal, false),
                    Dropout = a.Double(ArgumentNames.Dropout, 0),
                    Width = a.Int(ArgumentNames.Width, 0),
                };
            case LayerKind.Encoder:
            case LayerKind.Decoder:
                return layer with
                {
                    Size = a.Int(ArgumentNames.LayersParameter, 0),
                    Heads = a.Int(ArgumentNames.Heads, 0),
                    FeedForward = a.Int(ArgumentNames.FeedForward, AttributeDefaults.FeedForward),
                    Activation = (ActivationKind)a.Int(ArgumentNames.Activation, (int)ActivationKind.Relu),
                    Dropout = a.Double(ArgumentNames.Dropout, AttributeDefaults.BlockDropout),
                    NormFirst = a.Bool(ArgumentNames.NormFirst, false),
                    Causal = kind == LayerKind.Decoder || a.Bool(ArgumentNames.Causal, false),
                    Eps = a.Double(ArgumentNames.LayerNormEps, AttributeDefaults.LayerNormEps),
                    Width = a.Int(ArgumentNames.Width, 0),
                };
            case LayerKind.LayerNorm:
                return layer with
                {
                    Width = a.Int(ArgumentNames.WidthParameter, 0),
                    Eps = a.Double(ArgumentNames.Eps, AttributeDefaults.LayerNormEps),
                };
            case LayerKind.Dropout:
                return layer with { Dropout = a.Double(ArgumentNames.ProbabilityParameter, 0) };
            case LayerKind.Dense:
                return layer with
                {
                    Size = a.Int(ArgumentNames.UnitsParameter, 0),
                    Activation = (ActivationKind)a.Int(ArgumentNames.Activation, (int)ActivationKind.None),
                    Bias = a.Bool(ArgumentNames.Bias, true),
                };
            case LayerKind.LmHead:
                return layer with { Tied = a.Bool(ArgumentNames.Tied, false) };
            default:
                return layer;
        }
    }

    private static void CheckClassShape(INamedTypeSymbol type, List<ModelProblem> problems)
    {
        if (type.IsGenericType)
            problems.Add(ModelProblem.Create(DiagnosticCatalog.Generic, ProblemTarget.OnClass, type.Name, "generic"));
        else if (type.IsRecord)
            problems.Add(ModelProblem.Create(DiagnosticCatalog.Generic, ProblemTarget.OnClass, type.Name, "a record"));
        else if (type.IsStatic)
            problems.Add(ModelProblem.Create(DiagnosticCatalog.Generic, ProblemTarget.OnClass, type.Name, "static"));
        else if (GeneratedMembers.IsFixed(type.Name))
            problems.Add(ModelProblem.Create(DiagnosticCatalog.Generic, ProblemTarget.OnClass, type.Name,
                "named like its generated member '" + type.Name + "' (C# does not allow a member named like its class)"));

        if (!IsPartial(type))
            problems.Add(ModelProblem.Create(DiagnosticCatalog.NotPartial, ProblemTarget.OnClass, type.Name));

        for (var outer = type.ContainingType; outer is not null; outer = outer.ContainingType)
        {
            if (!IsPartial(outer))
            {
                problems.Add(ModelProblem.Create(DiagnosticCatalog.ContainingTypeNotPartial, ProblemTarget.OnClass, type.Name, outer.Name));
                break;
            }
            if (outer.IsGenericType)
            {
                problems.Add(ModelProblem.Create(DiagnosticCatalog.Generic, ProblemTarget.OnClass, type.Name, "nested in the generic type '" + outer.Name + "'"));
                break;
            }
        }
    }

    private static bool IsPartial(INamedTypeSymbol type)
    {
        foreach (var reference in type.DeclaringSyntaxReferences)
        {
            if (reference.GetSyntax() is TypeDeclarationSyntax declaration
                && declaration.Modifiers.Any(m => m.IsKind(SyntaxKind.PartialKeyword)))
                return true;
        }
        return false;
    }

    /// <summary>Layer order is source order, which is only defined within one declaration.</summary>
    private static void CheckSingleDeclaration(INamedTypeSymbol type, System.Collections.Immutable.ImmutableArray<AttributeData> attributes,
        List<ModelProblem> problems, CancellationToken cancellationToken)
    {
        var declarations = new HashSet<SyntaxNode>();
        foreach (var attribute in attributes)
        {
            if (LayerKindOf(attribute.AttributeClass) is null) continue;
            var syntax = attribute.ApplicationSyntaxReference?.GetSyntax(cancellationToken);
            var owner = syntax?.FirstAncestorOrSelf<TypeDeclarationSyntax>();
            if (owner is not null) declarations.Add(owner);
        }
        if (declarations.Count > 1)
            problems.Add(ModelProblem.Create(DiagnosticCatalog.SplitDeclarations, ProblemTarget.OnClass, type.Name, declarations.Count));
    }

    private static string MetadataName(INamedTypeSymbol type)
    {
        var name = type.MetadataName;
        for (var outer = type.ContainingType; outer is not null; outer = outer.ContainingType) name = outer.MetadataName + "+" + name;
        return type.ContainingNamespace is { IsGlobalNamespace: false } ns ? ns.ToDisplayString() + "." + name : name;
    }

    private static IEnumerable<string> ContainingTypeDeclarations(INamedTypeSymbol type)
    {
        var chain = new List<string>();
        for (var outer = type.ContainingType; outer is not null; outer = outer.ContainingType)
        {
            string keyword = outer.IsRecord ? (outer.TypeKind == TypeKind.Struct ? "record struct" : "record")
                : outer.TypeKind switch { TypeKind.Struct => "struct", TypeKind.Interface => "interface", _ => "class" };
            string name = SyntaxFacts.GetKeywordKind(outer.Name) != SyntaxKind.None ? "@" + outer.Name : outer.Name;
            chain.Insert(0, "partial " + keyword + " " + name);
        }
        return chain;
    }

    /// <summary>An attribute's constructor and named arguments by name, with defaults for what is not written.</summary>
    private readonly struct AttributeArguments
    {
        private readonly Dictionary<string, object?> _values;

        public AttributeArguments(AttributeData attribute)
        {
            _values = new Dictionary<string, object?>(StringComparer.Ordinal);
            var parameters = attribute.AttributeConstructor!.Parameters;
            for (int i = 0; i < attribute.ConstructorArguments.Length && i < parameters.Length; i++)
                _values[parameters[i].Name] = attribute.ConstructorArguments[i].Value;
            foreach (var named in attribute.NamedArguments)
                _values[named.Key] = named.Value.Kind == TypedConstantKind.Array ? null : named.Value.Value;
            Given = _values.Keys.OrderBy(k => k, StringComparer.Ordinal).ToEquatableArray();
        }

        public EquatableArray<string> Given { get; }

        public int Int(string name, int fallback) =>
            _values.TryGetValue(name, out var value) && value is not null ? ToInt(value, fallback) : fallback;

        public double Double(string name, double fallback) =>
            _values.TryGetValue(name, out var value) && value is not null ? ToDouble(value, fallback) : fallback;

        public bool Bool(string name, bool fallback) =>
            _values.TryGetValue(name, out var value) && value is bool b ? b : fallback;

        public string? String(string name) =>
            _values.TryGetValue(name, out var value) ? value as string : null;

        private static int ToInt(object value, int fallback) => value switch
        {
            int i => i,
            short s => s,
            byte b => b,
            sbyte sb => sb,
            ushort us => us,
            long l => l > int.MaxValue ? int.MaxValue : l < int.MinValue ? int.MinValue : (int)l,
            _ => fallback,
        };

        private static double ToDouble(object value, double fallback) => value switch
        {
            double d => d,
            float f => f,
            int i => i,
            long l => l,
            _ => fallback,
        };
    }
}
