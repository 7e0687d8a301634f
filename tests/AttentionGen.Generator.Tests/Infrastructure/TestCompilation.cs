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
