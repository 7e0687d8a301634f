using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using System.Threading;
using AttentionGen.Analyzers;
using AttentionGen.Core;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace AttentionGen.Tool.Check;

/// <summary>One layer of a checked model: as written, its state-dict prefix, its output shape and its own parameters.</summary>
internal sealed record CheckedLayer(string Layer, string Prefix, string Output, long Parameters);

/// <summary>A model found in the file: its layers when its shapes work out (empty when they do not).</summary>
internal sealed record CheckedModel(string Name, int Line, string Input, string Output, long Parameters, IReadOnlyList<CheckedLayer> Layers, bool Valid);

/// <summary>A diagnostic at a 1-based line and column, as the build would print it.</summary>
internal sealed record CheckDiagnostic(int Line, int Column, string Severity, string Id, string Message);

internal sealed record CheckResult(IReadOnlyList<CheckedModel> Models, IReadOnlyList<CheckDiagnostic> Diagnostics)
{
    public bool HasErrors => Diagnostics.Any(d => d.Severity == "error");
}

/// <summary>
/// Checks the model declarations of one C# file without building its project: the file is compiled alone against
/// the .NET libraries and the AttentionGen attributes, and every class with [Model] goes through the same
/// declaration reader and shape inference the generator and analyzers run; each problem is placed where the
/// analyzers put it in the IDE. C# errors in the file (a misspelled attribute, a syntax error) are reported too,
/// since a declaration the compiler cannot read is not checked.
/// </summary>
internal static class DeclarationCheck
{
    private static readonly Lazy<ImmutableArray<MetadataReference>> References = new(LoadReferences);

    public static CheckResult Run(string path, string source, CancellationToken cancellationToken)
    {
        var tree = CSharpSyntaxTree.ParseText(source, new CSharpParseOptions(LanguageVersion.Preview), path, cancellationToken: cancellationToken);
        var compilation = CSharpCompilation.Create(
            "AttentionGenCheck",
            [tree],
            References.Value,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        var semantic = compilation.GetSemanticModel(tree);

        var diagnostics = new List<CheckDiagnostic>();
        // Only the file's own errors: a missing 'using System' for an unrelated member is not this tool's business,
        // but anything the compiler cannot read would make the declaration mean something else.
        foreach (var error in semantic.GetDiagnostics(cancellationToken: cancellationToken).Where(d => d.Severity == DiagnosticSeverity.Error))
        {
            diagnostics.Add(ToCheckDiagnostic(error));
        }

        var models = new List<CheckedModel>();
        var seen = new HashSet<INamedTypeSymbol>(SymbolEqualityComparer.Default);
        foreach (var declaration in tree.GetRoot(cancellationToken).DescendantNodes().OfType<ClassDeclarationSyntax>())
        {
            if (semantic.GetDeclaredSymbol(declaration, cancellationToken) is not { } type || !seen.Add(type)) continue;
            var attributes = type.GetAttributes();
            if (!attributes.Any(a => DeclarationReader.IsModelAttribute(a.AttributeClass)))
            {
                ReportLayersWithoutModel(type, attributes, diagnostics, cancellationToken);
                continue;
            }

            var read = DeclarationReader.Read(type, cancellationToken);
            int line = ProblemLocator.ClassIdentifier(type, attributes, cancellationToken).GetLineSpan().StartLinePosition.Line + 1;
            if (!read.Readable)
            {
                // The compiler's own errors on the attributes are already listed.
                models.Add(new CheckedModel(type.Name, line, "", "", 0, [], Valid: false));
                continue;
            }

            var result = ShapeInference.Infer(read);
            foreach (var problem in result.Problems)
            {
                var location = ProblemLocator.Locate(type, attributes, problem.Target, cancellationToken);
                var diagnostic = Diagnostic.Create(DiagnosticCatalog.Get(problem.Id), location, problem.MessageArguments.Cast<object>().ToArray());
                diagnostics.Add(ToCheckDiagnostic(diagnostic));
            }

            models.Add(result.Graph is { } graph && !result.HasErrors
                ? Describe(type.Name, line, graph)
                : new CheckedModel(type.Name, line, "", "", 0, [], Valid: false));
        }

        diagnostics.Sort((a, b) => a.Line != b.Line ? a.Line.CompareTo(b.Line) : a.Column.CompareTo(b.Column));
        return new CheckResult(models, diagnostics);
    }

    private static CheckedModel Describe(string name, int line, ShapeGraph graph)
    {
        var layers = new List<CheckedLayer>();
        foreach (var node in graph.Nodes)
        {
            long own = 0;
            foreach (var parameter in graph.Parameters)
            {
                if (parameter.Owner == node.Layer.AttributeIndex) own += parameter.Length;
            }

            layers.Add(new CheckedLayer(LayerText.Describe(node.Layer), node.Prefix, node.Output.ToString(), own));
        }

        return new CheckedModel(name, line, graph.Input.ToString(), graph.Output.ToString(), graph.ParameterCount, layers, Valid: true);
    }

    /// <summary>Layer attributes on a class without [Model]: once per class, on the first of them, as the analyzer does.</summary>
    private static void ReportLayersWithoutModel(INamedTypeSymbol type, ImmutableArray<AttributeData> attributes, List<CheckDiagnostic> diagnostics, CancellationToken cancellationToken)
    {
        for (int index = 0; index < attributes.Length; index++)
        {
            var attributeClass = attributes[index].AttributeClass;
            if (DeclarationReader.LayerKindOf(attributeClass) is null) continue;
            var location = ProblemLocator.Locate(type, attributes, new ProblemTarget(index, null), cancellationToken);
            string written = attributeClass!.Name.EndsWith("Attribute", StringComparison.Ordinal) ? attributeClass.Name[..^"Attribute".Length] : attributeClass.Name;
            diagnostics.Add(ToCheckDiagnostic(Diagnostic.Create(DiagnosticCatalog.LayerWithoutModel, location, written, type.Name)));
            return;
        }
    }

    private static CheckDiagnostic ToCheckDiagnostic(Diagnostic diagnostic)
    {
        var position = diagnostic.Location.GetLineSpan().StartLinePosition;
        string severity = diagnostic.Severity switch
        {
            DiagnosticSeverity.Error => "error",
            DiagnosticSeverity.Warning => "warning",
            _ => "info",
        };
        return new CheckDiagnostic(position.Line + 1, position.Character + 1, severity, diagnostic.Id, diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>The .NET libraries this process runs on, and the assembly that defines the AttentionGen attributes.</summary>
    private static ImmutableArray<MetadataReference> LoadReferences()
    {
        string runtimeDirectory = RuntimeEnvironment.GetRuntimeDirectory();
        var references = Directory.EnumerateFiles(runtimeDirectory, "*.dll")
            .Where(IsManagedAssembly)
            .Select(file => (MetadataReference)MetadataReference.CreateFromFile(file))
            .ToList();
        references.Add(MetadataReference.CreateFromFile(typeof(AttentionGen.ModelAttribute).Assembly.Location));
        return [.. references];
    }

    private static bool IsManagedAssembly(string file)
    {
        try
        {
            System.Reflection.AssemblyName.GetAssemblyName(file);
            return true;
        }
        catch (BadImageFormatException)
        {
            return false;
        }
    }
}
