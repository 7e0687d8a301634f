using System.Collections.Immutable;
using System.Linq;
using AttentionGen.Core;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace AttentionGen.Analyzers;

/// <summary>
/// Checks every [Model] class with the shape core the generator uses, and reports each problem on the
/// attribute argument that causes it, as the user types. A valid model gets a one-line summary (AG0900).
/// Layer attributes on a class without [Model] are reported too: the generator would silently ignore them.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class ModelAnalyzer : DiagnosticAnalyzer
{
    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = DiagnosticCatalog.All.ToImmutableArray();

    /// <inheritdoc />
    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterSymbolAction(AnalyzeType, SymbolKind.NamedType);
    }

    private static void AnalyzeType(SymbolAnalysisContext context)
    {
        if (context.Symbol is not INamedTypeSymbol { TypeKind: TypeKind.Class } type) return;
        var attributes = type.GetAttributes();
        if (attributes.IsEmpty) return;

        if (!attributes.Any(a => DeclarationReader.IsModelAttribute(a.AttributeClass)))
        {
            ReportLayersWithoutModel(context, type, attributes);
            return;
        }

        var declaration = DeclarationReader.Read(type, context.CancellationToken);
        if (!declaration.Readable) return;

        var result = ShapeInference.Infer(declaration);
        foreach (var problem in result.Problems)
        {
            var location = ProblemLocator.Locate(type, attributes, problem.Target, context.CancellationToken);
            context.ReportDiagnostic(Diagnostic.Create(DiagnosticCatalog.Get(problem.Id), location,
                problem.MessageArguments.Cast<object>().ToArray()));
        }

        if (result.Graph is { } graph)
        {
            context.ReportDiagnostic(Diagnostic.Create(DiagnosticCatalog.Summary,
                ProblemLocator.ClassIdentifier(type, attributes, context.CancellationToken),
                type.Name, Format.Count(graph.ParameterCount), graph.Input.ToString(), graph.Output.ToString()));
        }
    }

    /// <summary>
    /// Once per class, on its first layer attribute: the missing [Model] is one mistake, however many layers it leaves
    /// without a model.
    /// </summary>
    private static void ReportLayersWithoutModel(SymbolAnalysisContext context, INamedTypeSymbol type, ImmutableArray<AttributeData> attributes)
    {
        for (int index = 0; index < attributes.Length; index++)
        {
            var attributeClass = attributes[index].AttributeClass;
            if (DeclarationReader.LayerKindOf(attributeClass) is null) continue;
            var location = ProblemLocator.Locate(type, attributes, new ProblemTarget(index, null), context.CancellationToken);
            context.ReportDiagnostic(Diagnostic.Create(DiagnosticCatalog.LayerWithoutModel, location,
                DisplayName(attributeClass!), type.Name));
            return;
        }
    }

    /// <summary>An attribute as it is written: "MultiHead" for MultiHeadAttribute.</summary>
    private static string DisplayName(INamedTypeSymbol attributeClass)
    {
        const string suffix = "Attribute";
        var name = attributeClass.Name;
        return name.Length > suffix.Length && name.EndsWith(suffix, System.StringComparison.Ordinal)
            ? name.Substring(0, name.Length - suffix.Length)
            : name;
    }
}
