using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
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

        // The TorchSharp module of each model, only when the compilation references TorchSharp. The fact enters the
        // pipeline as a version string, so an edit that keeps the references leaves every model's module cached.
        var torchSharp = context.CompilationProvider
            .Select(static (compilation, _) => TorchSharpVersion(compilation))
            .WithTrackingName(TrackingNames.TorchSharpReference);

        var torchSources = valid
            .Combine(torchSharp)
            .Select(static (pair, _) => pair.Right is null ? null : new GeneratedSource(HintName(pair.Left!.Spec, ".Torch.g.cs"), TorchEmitter.Emit(pair.Left!)))
            .WithTrackingName(TrackingNames.TorchSources);

        // Collected only to add the files: the emitted text above stays cached per model. Hint names are compared
        // ignoring case, so "Ns.Model" and "Ns.model" need telling apart here, where all of them are known.
        context.RegisterSourceOutput(sources.Collect().Combine(torchSources.Collect()), static (output, pair) =>
        {
            var all = pair.Left.Concat(pair.Right.Where(s => s is not null).Select(s => s!));
            var used = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            foreach (var source in all.OrderBy(s => s.HintName, StringComparer.Ordinal))
            {
                string suffix = source.HintName.EndsWith(".Torch.g.cs", StringComparison.Ordinal) ? ".Torch.g.cs" : ".g.cs";
                string stem = source.HintName.Substring(0, source.HintName.Length - suffix.Length);
                string hintName = source.HintName;
                for (int n = 2; !used.Add(hintName); n++) hintName = stem + "_" + n.ToString(CultureInfo.InvariantCulture) + suffix;
                output.AddSource(hintName, SourceText.From(source.Text, System.Text.Encoding.UTF8));
            }
        });
    }

    private static ModelDeclaration? Read(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
    {
        if (context.TargetSymbol is not INamedTypeSymbol type) return null;
        // [Model] on two partial declarations is a compiler error (CS0579), and each declaration would otherwise
        // yield the same model (and the same hint name) a second time.
        if (context.Attributes.Length != 1 || CountModelAttributes(type) != 1) return null;
        return DeclarationReader.Read(type, cancellationToken);
    }

    private static int CountModelAttributes(INamedTypeSymbol type)
    {
        int count = 0;
        foreach (var attribute in type.GetAttributes())
        {
            if (DeclarationReader.IsModelAttribute(attribute.AttributeClass)) count++;
        }
        return count;
    }

    /// <summary>
    /// The full metadata name keeps hint names unique across namespaces and nesting. Roslyn accepts letters, digits
    /// and a few separators in a hint name: anything else (an '@' escape, a combining mark) becomes '_'.
    /// </summary>
    private static string HintName(ModelSpec spec, string suffix = ".g.cs")
    {
        var name = new StringBuilder();
        foreach (char ch in spec.MetadataName.Replace("@", ""))
            name.Append(char.IsLetterOrDigit(ch) || ch is '.' or '_' ? ch : ch == '+' ? '.' : '_');
        return name.Append(suffix).ToString();
    }

    /// <summary>The referenced TorchSharp's version when it is one the TorchSharp module is written for, else null.</summary>
    private static string? TorchSharpVersion(Compilation compilation)
    {
        foreach (var identity in compilation.ReferencedAssemblyNames)
        {
            if (identity.Name == "TorchSharp" && identity.Version >= TorchEmitter.MinimumVersion)
                return identity.Version.ToString();
        }
        return null;
    }

    private sealed record GeneratedSource(string HintName, string Text);
}
