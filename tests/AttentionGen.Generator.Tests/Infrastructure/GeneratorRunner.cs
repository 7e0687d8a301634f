using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit.Sdk;

namespace AttentionGen.Generator.Tests.Infrastructure;

/// <summary>One generator run: the driver after it (for incremental re-runs), its result and the updated compilation.</summary>
public sealed record GeneratorRun(GeneratorDriver Driver, GeneratorRunResult Result, Compilation OutputCompilation)
{
    /// <summary>Generated sources by hint name.</summary>
    public IReadOnlyList<GeneratedSourceResult> Sources => Result.GeneratedSources;

    /// <summary>Errors and warnings in the updated compilation (user code plus generated code).</summary>
    public ImmutableArray<Diagnostic> OutputProblems =>
        OutputCompilation.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning).ToImmutableArray();
}

/// <summary>
/// Runs <see cref="ModelGenerator"/> through a <see cref="CSharpGeneratorDriver"/> with step tracking on, and checks
/// the properties every run must have: no exception, no diagnostic from the generator, a second run on a cloned
/// compilation answered from the cache, and no compilation objects held in the pipeline.
/// </summary>
public static partial class GeneratorRunner
{
    /// <summary>The tracking names of the generator's own steps, in pipeline order.</summary>
    public static readonly string[] TrackedStepNames =
    {
        TrackingNames.Declarations,
        TrackingNames.Shapes,
        TrackingNames.ValidModels,
        TrackingNames.Sources,
    };

    /// <summary>The TorchSharp steps: one reference fact per run, then one module per model (null without TorchSharp).</summary>
    public static readonly string[] TorchStepNames =
    {
        TrackingNames.TorchSharpReference,
        TrackingNames.TorchSources,
    };

    public static GeneratorDriver CreateDriver(Compilation compilation) =>
        CSharpGeneratorDriver.Create(
            new[] { new ModelGenerator().AsSourceGenerator() },
            parseOptions: (CSharpParseOptions?)compilation.SyntaxTrees.FirstOrDefault()?.Options,
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));

    /// <summary>Runs the generator once on a fresh driver.</summary>
    public static GeneratorRun Run(Compilation compilation) => Run(CreateDriver(compilation), compilation);

    /// <summary>Runs an existing driver (so its cache from earlier runs applies) on a compilation.</summary>
    public static GeneratorRun Run(GeneratorDriver driver, Compilation compilation)
    {
        driver = driver.RunGeneratorsAndUpdateCompilation(compilation, out var output, out _);
        return new GeneratorRun(driver, driver.GetRunResult().Results.Single(), output);
    }

    /// <summary>
    /// Runs the generator, checks it neither threw nor reported anything, re-runs it on a clone of the
    /// compilation and checks every tracked step came from the cache, and audits the pipeline's values.
    /// Returns the first run.
    /// </summary>
    public static GeneratorRun RunAndCheck(Compilation compilation)
    {
        var first = Run(compilation);
        AssertNoExceptionOrDiagnostics(first);
        AssertPipelineHoldsNoCompilationObjects(first.Result);

        var second = Run(first.Driver, compilation.Clone());
        AssertNoExceptionOrDiagnostics(second);
        AssertAllCached(second.Result);
        Assert.Equal(first.Sources.Select(s => (s.HintName, s.SourceText.ToString())), second.Sources.Select(s => (s.HintName, s.SourceText.ToString())));
        return first;
    }

    public static void AssertNoExceptionOrDiagnostics(GeneratorRun run)
    {
        if (run.Result.Exception is { } exception)
            throw new XunitException("The generator threw:\n" + exception);
        if (!run.Result.Diagnostics.IsEmpty)
            throw new XunitException("The generator reported diagnostics (it reports only AG0999, its own failure on a model; everything else is the analyzers' job):\n" + Describe(run.Result.Diagnostics));
    }

    /// <summary>
    /// Every output of every step the generator names, and of its source output, is Cached or Unchanged. Roslyn's own
    /// steps (the compilation, ForAttributeWithMetadataName's internals) are left out: a new compilation object is
    /// "Modified" to them by design, and it is the named steps' job to turn that into equal values.
    /// </summary>
    public static void AssertAllCached(GeneratorRunResult result)
    {
        var offenders = new List<string>();
        foreach (var name in TrackedStepNames.Concat(TorchStepNames))
        {
            foreach (var (value, reason) in Outputs(result, name))
            {
                if (reason is not (IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged))
                    offenders.Add(name + ": " + reason + " " + Summarize(value));
            }
        }
        foreach (var (name, steps) in result.TrackedOutputSteps)
        {
            foreach (var step in steps)
            {
                foreach (var (value, reason) in step.Outputs)
                {
                    if (reason is not (IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged))
                        offenders.Add(name + " (output): " + reason + " " + Summarize(value));
                }
            }
        }
        if (offenders.Count > 0)
            throw new XunitException("A re-run on an equal compilation recomputed values:\n" + string.Join("\n", offenders));
    }

    /// <summary>The reasons of one tracked step's outputs, across all its executions.</summary>
    public static IReadOnlyList<(object Value, IncrementalStepRunReason Reason)> Outputs(GeneratorRunResult result, string stepName) =>
        result.TrackedSteps.TryGetValue(stepName, out var steps)
            ? steps.SelectMany(s => s.Outputs).ToList()
            : new List<(object, IncrementalStepRunReason)>();

    /// <summary>Diagnostics one per line, with file and position, for failure messages.</summary>
    public static string Describe(IEnumerable<Diagnostic> diagnostics)
    {
        var text = new StringBuilder();
        foreach (var diagnostic in diagnostics) text.Append("  ").Append(diagnostic).Append('\n');
        return text.ToString();
    }

    private static string Summarize(object? value)
    {
        string text = value?.ToString() ?? "null";
        return text.Length > 200 ? text.Substring(0, 200) + "…" : text;
    }
}
