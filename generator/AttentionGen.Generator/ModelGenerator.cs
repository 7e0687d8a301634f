using System.Threading;
using AttentionGen.Core;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;

namespace AttentionGen.Generator;

/// <summary>
/// Emits one source file per valid [Model] class: constants, parameters with PyTorch names and default
/// initialization, and an allocation-free forward pass. Invalid models get nothing: the analyzers explain why.
/// Every pipeline value after the first step is a plain record, so unrelated edits regenerate nothing.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class ModelGenerator : IIncrementalGenerator
{
    /// <inheritdoc />
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        var declarations = context.SyntaxProvider
            .ForAttributeWithMetadataName(
                DeclarationReader.ModelAttributeMetadataName,
                predicate: static (node, _) => node is ClassDeclarationSyntax,
                transform: static (attributeContext, cancellationToken) => Read(attributeContext, cancellationToken))
            .WithTrackingName(TrackingNames.Declarations);

        var shapes = declarations
            .Select(static (declaration, _) => declaration is { Readable: true } ? ShapeInference.Infer(declaration).Graph : null)
            .WithTrackingName(TrackingNames.Shapes);

        var valid = shapes
            .Where(static graph => graph is not null)
            .WithTrackingName(TrackingNames.ValidModels);

        var sources = valid
            .Select(static (graph, _) => new GeneratedSource(HintName(graph!.Spec), ModelEmitter.Emit(graph)))
            .WithTrackingName(TrackingNames.Sources);

        context.RegisterSourceOutput(sources, static (output, source) =>
            output.AddSource(source.HintName, SourceText.From(source.Text, System.Text.Encoding.UTF8)));
    }

    private static ModelDeclaration? Read(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken) =>
        context.TargetSymbol is INamedTypeSymbol type ? DeclarationReader.Read(type, cancellationToken) : null;

    /// <summary>The full metadata name keeps hint names unique across namespaces and nesting.</summary>
    private static string HintName(ModelSpec spec) => spec.MetadataName.Replace('+', '.').Replace('`', '_') + ".g.cs";

    private sealed record GeneratedSource(string HintName, string Text);
}
