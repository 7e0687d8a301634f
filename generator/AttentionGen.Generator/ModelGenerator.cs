using System;
using System.Collections.Generic;
using System.Collections.Immutable;
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
/// <para>
/// Each model is read, checked and emitted on its own, and an exception in any of those steps is caught there: an
/// exception escaping a generator would cost every model of the compilation its code (CS8785). The failing model gets
/// no code and an AG0999 error on its class instead.
/// </para>
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class ModelGenerator : IIncrementalGenerator
{
    private readonly Func<ShapeGraph, string> _emit;

    /// <summary>The generator the compiler loads.</summary>
    public ModelGenerator()
        : this(ModelEmitter.Emit)
    {
    }

    /// <summary>A generator with another emitter, so tests can make one model's emission fail.</summary>
    internal ModelGenerator(Func<ShapeGraph, string> emit) => _emit = emit;

    /// <inheritdoc />
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        var emit = _emit;
        var declarations = context.SyntaxProvider
            .ForAttributeWithMetadataName(
                DeclarationReader.ModelAttributeMetadataName,
                predicate: static (node, _) => node is ClassDeclarationSyntax,
                transform: static (attributeContext, cancellationToken) => Read(attributeContext, cancellationToken))
            .WithTrackingName(TrackingNames.Declarations);

        var shapes = declarations
            .Select(static (step, cancellationToken) => step.Then(declaration => declaration.Readable ? ShapeInference.Infer(declaration).Graph : null, cancellationToken))
            .WithTrackingName(TrackingNames.Shapes);

        var valid = shapes
            .Where(static step => step.Value is not null || step.Failure is not null)
            .WithTrackingName(TrackingNames.ValidModels);

        var sources = valid
            .Select((step, cancellationToken) => step.Then(graph => new GeneratedSource(HintName(graph.Spec), emit(graph)), cancellationToken))
            .WithTrackingName(TrackingNames.Sources);

        // The TorchSharp module of each model, only when the compilation references TorchSharp. The fact enters the
        // pipeline as a version string, so an edit that keeps the references leaves every model's module cached.
        var torchSharp = context.CompilationProvider
            .Select(static (compilation, _) => TorchSharpVersion(compilation))
            .WithTrackingName(TrackingNames.TorchSharpReference);

        var torchSources = valid
            .Combine(torchSharp)
            .Select(static (pair, cancellationToken) => pair.Right is null || pair.Left.Failure is not null
                ? new ModelStep<GeneratedSource>(pair.Left.MetadataName, null, null) // no TorchSharp, or the model's own failure, reported once below
                : pair.Left.Then(graph => new GeneratedSource(HintName(graph.Spec, TorchSuffix), TorchEmitter.Emit(graph)), cancellationToken))
            .WithTrackingName(TrackingNames.TorchSources);

        // Collected only to add the files: the emitted text above stays cached per model. Hint names are compared
        // ignoring case, so "Ns.Model" and "Ns.model" need telling apart here, where all of them are known.
        context.RegisterSourceOutput(sources.Collect().Combine(torchSources.Collect()), static (output, pair) =>
        {
            var all = pair.Left.Concat(pair.Right).Where(static step => step.Value is not null).Select(static step => step.Value!);
            var used = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            foreach (var source in all.OrderBy(s => s.HintName, StringComparer.Ordinal))
            {
                string suffix = source.HintName.EndsWith(TorchSuffix, StringComparison.Ordinal) ? TorchSuffix : ".g.cs";
                string stem = source.HintName.Substring(0, source.HintName.Length - suffix.Length);
                string hintName = source.HintName;
                for (int n = 2; !used.Add(hintName); n++) hintName = stem + "_" + n.ToString(CultureInfo.InvariantCulture) + suffix;
                output.AddSource(hintName, SourceText.From(source.Text, System.Text.Encoding.UTF8));
            }
        });

        // Only a failed model meets the compilation here, to find its class for the diagnostic: with no failure there is
        // no item, so a healthy pipeline holds no compilation.
        var failures = sources.Where(static step => step.Failure is not null).Select(static (step, _) => (step.MetadataName, Nested: "", step.Failure))
            .Collect()
            .Combine(torchSources.Where(static step => step.Failure is not null).Select(static (step, _) => (step.MetadataName, Nested: ".Torch", step.Failure)).Collect());
        context.RegisterSourceOutput(failures.SelectMany(static (pair, _) => pair.Left.AddRange(pair.Right)).Combine(context.CompilationProvider), static (output, pair) =>
        {
            var (failure, compilation) = pair;
            var type = compilation.GetTypeByMetadataName(failure.MetadataName);
            var location = type is null || type.Locations.IsEmpty ? Location.None : type.Locations[0];
            output.ReportDiagnostic(Diagnostic.Create(DiagnosticCatalog.GeneratorFailed, location, (type?.Name ?? failure.MetadataName) + failure.Nested, failure.Failure));
        });
    }

    /// <summary>The hint-name ending of a model's TorchSharp module, beside its native file.</summary>
    private const string TorchSuffix = ".Torch.g.cs";

    private static ModelStep<ModelDeclaration> Read(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
    {
        if (context.TargetSymbol is not INamedTypeSymbol type) return new ModelStep<ModelDeclaration>("", null, null);
        string metadataName = MetadataName(type);
        try
        {
            // [Model] on two partial declarations is a compiler error (CS0579), and each declaration would otherwise
            // yield the same model (and the same hint name) a second time.
            var declaration = context.Attributes.Length != 1 || CountModelAttributes(type) != 1 ? null : DeclarationReader.Read(type, cancellationToken);
            return new ModelStep<ModelDeclaration>(metadataName, declaration, null);
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return new ModelStep<ModelDeclaration>(metadataName, null, ModelStep.Describe(exception));
        }
    }

    /// <summary>The name <see cref="Compilation.GetTypeByMetadataName"/> finds the class by again.</summary>
    private static string MetadataName(INamedTypeSymbol type)
    {
        var name = new StringBuilder(type.MetadataName);
        for (var outer = type.ContainingType; outer is not null; outer = outer.ContainingType) name.Insert(0, outer.MetadataName + "+");
        if (type.ContainingNamespace is { IsGlobalNamespace: false } ns) name.Insert(0, ns.ToDisplayString() + ".");
        return name.ToString();
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
}

/// <summary>One model's generated file.</summary>
internal sealed record GeneratedSource(string HintName, string Text);
