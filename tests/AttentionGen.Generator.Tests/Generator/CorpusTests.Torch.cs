using System.Linq;
using AttentionGen.Generator.Tests.Infrastructure;
using Xunit.Sdk;

namespace AttentionGen.Generator.Tests.Generator;

/// <summary>The same corpus with TorchSharp referenced: each generated model also gets its module, and it compiles.</summary>
public sealed partial class CorpusTests
{
    [Theory]
    [MemberData(nameof(Files))]
    public void Declaration_with_TorchSharp(string fileName)
    {
        var (expectGenerated, sources) = Load(fileName);
        var compilation = TestCompilation.WithTorchSharp(TestCompilation.Create(sources));
        var inputProblems = Problems(compilation);

        var run = GeneratorRunner.RunAndCheck(compilation);
        int modules = run.Sources.Count(s => s.HintName.EndsWith(".Torch.g.cs", StringComparison.Ordinal));
        if (!expectGenerated)
        {
            Assert.True(run.Sources.Count == 0, "Expected no source, got: " + string.Join(", ", run.Sources.Select(s => s.HintName)));
            return;
        }

        int models = CountModelClasses(compilation);
        Assert.True(modules == models && run.Sources.Count == 2 * models,
            "Expected " + models + " model(s) with a TorchSharp module each, got: " + string.Join(", ", run.Sources.Select(s => s.HintName)));
        var before = inputProblems.Select(Key).ToHashSet(StringComparer.Ordinal);
        var added = run.OutputProblems.Where(d => !before.Contains(Key(d))).ToList();
        if (added.Count > 0)
            throw new XunitException("The generated code adds problems:\n" + GeneratorRunner.Describe(added) + "\n" + Listing(run));
    }
}
