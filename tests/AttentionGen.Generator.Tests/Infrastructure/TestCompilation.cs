using System.Collections.Generic;
using System.IO;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace AttentionGen.Generator.Tests.Infrastructure;

/// <summary>
/// Builds compilations the way a user's project is built: the .NET reference set of the running framework
/// plus AttentionGen.Runtime (attributes and kernels).
/// </summary>
public static class TestCompilation
{
    private static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Latest);

    public static IReadOnlyList<MetadataReference> References { get; } = LoadReferences();

    public static CSharpCompilation Create(params string[] sources) =>
        Create(sources.Select((s, i) => (s, "Source" + i + ".cs")).ToArray());

    public static CSharpCompilation Create(params (string Source, string Path)[] sources) =>
        CSharpCompilation.Create(
            "UserAssembly",
            sources.Select(s => CSharpSyntaxTree.ParseText(s.Source, ParseOptions, s.Path)),
            References,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable, allowUnsafe: true));

    /// <summary>TorchSharp's managed assembly: a compilation that references it also gets each model's TorchSharp module.</summary>
    public static MetadataReference TorchSharp { get; } = MetadataReference.CreateFromFile(typeof(global::TorchSharp.torch).Assembly.Location);

    /// <summary>The compilation with TorchSharp referenced, as a project with the TorchSharp package has it.</summary>
    /// <remarks>TorchSharp is built against an older framework; like the SDK, the compilation unifies those references silently (CS1701).</remarks>
    public static CSharpCompilation WithTorchSharp(CSharpCompilation compilation) =>
        compilation.AddReferences(TorchSharp).WithOptions(compilation.Options.WithSpecificDiagnosticOptions(
            compilation.Options.SpecificDiagnosticOptions.SetItem("CS1701", ReportDiagnostic.Suppress)));

    public static SyntaxTree Parse(string source, string path = "Source.cs") => CSharpSyntaxTree.ParseText(source, ParseOptions, path);

    private static IReadOnlyList<MetadataReference> LoadReferences()
    {
        var trusted = ((string)System.AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator);
        var references = trusted
            .Where(p => Path.GetFileName(p).StartsWith("System.", System.StringComparison.Ordinal)
                        || Path.GetFileName(p) is "netstandard.dll" or "mscorlib.dll")
            .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))
            .ToList();
        references.Add(MetadataReference.CreateFromFile(typeof(AttentionGen.ModelAttribute).Assembly.Location));
        return references;
    }
}
