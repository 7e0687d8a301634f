using System.IO;

namespace AttentionGen.Acceptance.Tests;

/// <summary>
/// The acceptance example from a new user's seat: a fresh project that references the packed AttentionGen
/// package builds the declaration as written and runs it; with MultiHead(6) the build fails with AG0101 on the 6.
/// </summary>
public sealed class FreshProjectTests : System.IDisposable
{
    private const string Declaration = """
        using AttentionGen;

        [Model(Vocab = 1000, MaxSeq = 32)]
        [Embed(64)]
        [MultiHead(8)]
        [MeanPool, Dense(2)]
        public partial class ProbeClassifier;
        """;

    private const string Program = """
        var model = new ProbeClassifier(seed: 42);
        var logits = model.Forward(new[] { 5, 17, 923, 4 }, batch: 1, seqLen: 4);
        System.Console.WriteLine($"outputs {ProbeClassifier.Outputs}, parameters {ProbeClassifier.ParameterCount}, finite {float.IsFinite(logits[0]) && float.IsFinite(logits[1])}");
        """;

    private readonly string _root = Path.Combine(Path.GetTempPath(), "attentiongen-acceptance-" + System.Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        try { Directory.Delete(_root, recursive: true); }
        catch (IOException) { }
    }

    [Fact]
    public void PackageBuildsTheDeclarationAndReportsABrokenDimensionOnItsArgument()
    {
        string feed = Path.Combine(_root, "feed");
        string app = Path.Combine(_root, "app");
        string packages = Path.Combine(_root, "packages");
        Directory.CreateDirectory(app);

        var pack = DotnetCli.Run(DotnetCli.RepositoryRoot(), packagesFolder: null,
            "pack", "runtime/AttentionGen.Runtime/AttentionGen.Runtime.csproj", "-c", "Release", "-o", feed);
        Assert.True(pack.ExitCode == 0, "dotnet pack failed:\n" + pack.Output);

        File.WriteAllText(Path.Combine(app, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <clear />
                <add key="attentiongen" value="{feed}" />
              </packageSources>
            </configuration>
            """);
        File.WriteAllText(Path.Combine(app, "App.csproj"), """
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="AttentionGen" Version="0.1.0" />
              </ItemGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(app, "ProbeClassifier.cs"), Declaration);
        File.WriteAllText(Path.Combine(app, "Program.cs"), Program);

        var run = DotnetCli.Run(app, packages, "run");
        Assert.True(run.ExitCode == 0, "the acceptance example did not build and run:\n" + run.Output);
        Assert.Contains("outputs 2, parameters 80770, finite True", run.Output);

        File.WriteAllText(Path.Combine(app, "ProbeClassifier.cs"), Declaration.Replace("[MultiHead(8)]", "[MultiHead(6)]"));
        var broken = DotnetCli.Run(app, packages, "build");
        Assert.True(broken.ExitCode != 0, "the build with MultiHead(6) succeeded:\n" + broken.Output);
        // Line 5 is "[MultiHead(6)]"; column 12 is the 6.
        Assert.Contains(
            "ProbeClassifier.cs(5,12): error AG0101: MultiHead(6) splits Embed(64) into heads of 10.67 features; 64 is not divisible by 6 (divisors near 6: 4, 8)",
            broken.Output);
    }
}
