using System;
using System.IO;
using System.Linq;
using AttentionGen.Generator;
using BenchmarkDotNet.Attributes;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace AttentionGen.Bench;

/// <summary>
/// The incremental generator on a 6-layer model, warm (the generator's code already jitted, as in a compiler server or
/// an IDE): a full run on a new compilation with a new driver, what a build does; and the re-run an IDE makes after an
/// edit to another file of the project, which the pipeline must answer from its cache. The speed issue's target is a
/// warm full run under 50 ms. With TorchSharp referenced the generator also emits the model's TorchSharp module.
/// </summary>
[MemoryDiagnoser]
public class GeneratorBenchmarks
{
    /// <summary>A GPT of six pre-norm causal blocks, the model the target is stated for.</summary>
    private const string Model = """
        using AttentionGen;

        namespace Project;

        [Model(Vocab = 50257, MaxSeq = 256)]
        [Embed(512), LearnedPositions]
        [Encoder(6, Heads = 8, FeedForward = 2048, NormFirst = true, Causal = true, Activation = Activation.Gelu, Dropout = 0.1f)]
        [LayerNorm]
        [LmHead(Tied = true)]
        public partial class SixLayerGpt;
        """;

    /// <summary>The unrelated file the incremental case edits: alternately one of two bodies, so every run sees an edit.</summary>
    private static readonly string[] Helper =
    [
        "namespace Project;\n\npublic static class Helper\n{\n    public static int Twice(int x) => 2 * x;\n}\n",
        "namespace Project;\n\npublic static class Helper\n{\n    public static int Twice(int x) => x + x;\n}\n",
    ];

    private static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Latest);

    private MetadataReference[] _references = [];
    private SyntaxTree[] _trees = [];
    private SyntaxTree[] _helperVersions = [];
    private CSharpCompilation _compilation = null!;
    private GeneratorDriver _driver = null!;
    private int _edits;

    /// <summary>Whether the compilation references TorchSharp (the generator then also writes the TorchSharp module).</summary>
    [Params(false, true)]
    public bool TorchSharp { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        // A user's project: the framework's reference assemblies as the running process has them, and AttentionGen.
        var trusted = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator);
        var references = trusted
            .Where(p => Path.GetFileName(p).StartsWith("System.", StringComparison.Ordinal) || Path.GetFileName(p) is "netstandard.dll" or "mscorlib.dll")
            .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))
            .Append(MetadataReference.CreateFromFile(typeof(ModelAttribute).Assembly.Location));
        if (TorchSharp) references = references.Append(MetadataReference.CreateFromFile(typeof(global::TorchSharp.torch).Assembly.Location));
        _references = references.ToArray();
        _helperVersions = Helper.Select(h => CSharpSyntaxTree.ParseText(h, ParseOptions, "Helper.cs")).ToArray();
        _trees = [CSharpSyntaxTree.ParseText(Model, ParseOptions, "SixLayerGpt.cs"), _helperVersions[0]];

        // Check once that the run generates what it should, so the benchmark cannot time a generator that gave up.
        var result = NewDriver().RunGeneratorsAndUpdateCompilation(NewCompilation(), out var output, out _).GetRunResult().Results.Single();
        int expected = TorchSharp ? 2 : 1;
        if (result.Exception is not null || result.GeneratedSources.Length != expected)
            throw new InvalidOperationException($"The generator produced {result.GeneratedSources.Length} files (expected {expected}): {result.Exception}");
        var errors = output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).Take(3).ToArray();
        if (errors.Length > 0)
            throw new InvalidOperationException("The generated code does not compile: " + string.Join("; ", errors.Select(e => e.ToString())));

        _compilation = NewCompilation();
        _driver = NewDriver().RunGenerators(_compilation);
    }

    /// <summary>A build: a new compilation of the same parsed files (its symbols are bound anew) and a new driver.</summary>
    [Benchmark(Description = "full run, new compilation and driver")]
    public GeneratorDriver FullRun() => NewDriver().RunGenerators(NewCompilation());

    /// <summary>An IDE's re-run after an edit to Helper.cs: the model's steps must come from the cache.</summary>
    [Benchmark(Description = "incremental re-run after an unrelated edit")]
    public GeneratorDriver IncrementalAfterUnrelatedEdit()
    {
        var before = _helperVersions[_edits & 1];
        var after = _helperVersions[++_edits & 1];
        _compilation = (CSharpCompilation)_compilation.ReplaceSyntaxTree(before, after);
        _driver = _driver.RunGenerators(_compilation);
        return _driver;
    }

    private CSharpCompilation NewCompilation() =>
        CSharpCompilation.Create("Project", _trees, _references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable, allowUnsafe: true));

    private static GeneratorDriver NewDriver() =>
        CSharpGeneratorDriver.Create([new ModelGenerator().AsSourceGenerator()], parseOptions: ParseOptions);
}
