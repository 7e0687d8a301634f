using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using AttentionGen.Checkpoints;
using AttentionGen.Runtime;
using Xunit.Abstractions;

namespace AttentionGen.Models.Tests.Parity;

/// <summary>
/// The five parity models against what PyTorch 1.13 computed for the same weights and batch
/// (<c>tests/parity/README.md</c>): forward output and loss, every parameter gradient, three AdamW steps, and a
/// checkpoint written here that PyTorch loads and runs to the same output.
/// </summary>
/// <remarks>
/// Tolerances, element by element, |actual − expected| ≤ relative·|expected| + absolute:
/// <list type="bullet">
/// <item><description><c>output.logits</c>, <c>after3.logits</c>: 1e-4 relative + 1e-5 absolute.</description></item>
/// <item><description><c>output.loss</c>, <c>train.losses</c>, <c>after3.loss</c>: 1e-4 relative + 1e-5 absolute.</description></item>
/// <item><description>
/// <c>grad.&lt;name&gt;</c>: 1e-4 relative + 1e-5·max|grad.&lt;name&gt;| absolute. The absolute part scales with the
/// tensor because gradients range over orders of magnitude between tensors; an element far below its tensor's
/// largest is a sum whose terms cancelled, and its float32 rounding is set by those terms, not by the result.
/// The key rows [E, 2E) of every <c>in_proj_bias</c> have a true gradient of exactly 0 (a constant added to every
/// key shifts each softmax row by a constant), so both sides hold rounding noise there: absolute part only.
/// </description></item>
/// <item><description>
/// <c>after3.&lt;name&gt;</c>: 1e-4 relative + 1e-5 absolute, except the key rows of every <c>in_proj_bias</c>.
/// Adam divides that noise gradient by its own root mean square, so those weights move by up to about lr per step
/// in an arbitrary direction on either side; they are only bounded, |value| ≤ 3·lr·1.01 (they start at 0, each
/// step moves them by at most lr·(1 + a fraction of a percent) once bias correction mixes unequal gradients).
/// They change no output, so <c>after3.logits</c> and every other weight are compared in full.
/// </description></item>
/// </list>
/// Every test writes the largest error of each quantity to the test output. Measured on x86-64, the worst element of
/// any quantity uses 0.12 of its tolerance (GPT's <c>after3.logits</c>); gradients at most 0.04 of theirs.
/// </remarks>
public sealed class ParityTests(ITestOutputHelper output)
{
    private const double Relative = 1e-4;
    private const double Absolute = 1e-5;
    private const double GradientAbsoluteOfMax = 1e-5;
    private const int Steps = 3;
    internal const string Python = "/usr/bin/python3";

    public static TheoryData<string> Configs => new(ParityFixture.Configs);

    /// <summary>
    /// Every parameter of the model has an initial weight, a gradient and an after-three-steps weight in the fixture,
    /// F32 with the model's shape, and the fixture has no initial weight the model lacks: a parameter renamed or
    /// reshaped on either side fails here by name.
    /// </summary>
    [Theory]
    [MemberData(nameof(Configs))]
    public void FixtureHoldsEveryParameter(string config)
    {
        var fixture = ParityFixture.Load(config);
        var model = ParityRun.Build(fixture).Model;
        var problems = new List<string>();
        foreach (var info in model.ParameterInfos)
        {
            foreach (string name in new[] { info.Name, "grad." + info.Name, "after3." + info.Name })
            {
                if (!fixture.File.TryGetInfo(name, out var found))
                {
                    problems.Add($"'{name}' is missing");
                    continue;
                }

                if (found.DType != SafetensorsDType.F32) problems.Add($"'{name}' is {found.DType.HeaderName()}, expected F32");
                if (!found.Shape.SequenceEqual(info.Shape.Select(d => (long)d)))
                {
                    problems.Add($"'{name}' has shape {found.ShapeText}, the model's {info.Name} is [{string.Join(", ", info.Shape)}]");
                }
            }
        }

        var parameterNames = model.ParameterInfos.Select(info => info.Name).ToHashSet(StringComparer.Ordinal);
        foreach (string name in fixture.WeightNames())
        {
            if (!parameterNames.Contains(name)) problems.Add($"the fixture has a weight '{name}' the model has no parameter for");
        }

        foreach (string prefix in new[] { "grad.", "after3." })
        {
            foreach (string name in fixture.File.Names.Where(n => n.StartsWith(prefix, StringComparison.Ordinal)))
            {
                string parameter = name[prefix.Length..];
                if (parameter != "logits" && parameter != "loss" && !parameterNames.Contains(parameter))
                {
                    problems.Add($"the fixture has '{name}' but the model has no parameter '{parameter}'");
                }
            }
        }

        foreach (string name in new[] { "output.logits", "output.loss", "train.losses", "after3.logits", "after3.loss" })
        {
            if (!fixture.Contains(name)) problems.Add($"'{name}' is missing");
        }

        if (fixture.Contains("train.losses") && !fixture.Shape("train.losses").SequenceEqual(new long[] { Steps }))
        {
            problems.Add($"'train.losses' has shape {fixture.File.Info("train.losses").ShapeText}, expected [{Steps}]");
        }

        Assert.Equal(Steps.ToString(CultureInfo.InvariantCulture), fixture.Metadata("steps"));
        Assert.True(problems.Count == 0, $"{config}: {problems.Count} problem(s):\n  " + string.Join("\n  ", problems));
    }

    /// <summary>
    /// <see cref="Checkpoint.LoadWeights"/> reads a weights-only file holding the fixture's initial weights, and puts
    /// every one, bit for bit, where <see cref="IModel.ParameterInfos"/> says.
    /// </summary>
    [Theory]
    [MemberData(nameof(Configs))]
    public void LoadWeightsReadsTheInitialWeights(string config)
    {
        using var scratch = new ScratchDirectory();
        var fixture = ParityFixture.Load(config);
        var run = ParityRun.Create(fixture, scratch.Path);
        var parameters = run.Model.Parameters;
        int covered = 0;
        foreach (var info in run.Model.ParameterInfos)
        {
            float[] expected = fixture.Floats(info.Name);
            Assert.True(
                parameters.Slice(info.Offset, info.Length).SequenceEqual(expected),
                $"{config}: {info.Name} differs from the fixture's after LoadWeights.");
            covered += info.Length;
        }

        Assert.Equal(parameters.Length, covered);
    }

    /// <summary>Forward output and loss with the initial weights.</summary>
    [Theory]
    [MemberData(nameof(Configs))]
    public void ForwardMatchesPyTorch(string config)
    {
        using var scratch = new ScratchDirectory();
        var fixture = ParityFixture.Load(config);
        var run = ParityRun.Create(fixture, scratch.Path);
        var comparison = new ParityComparison(config);

        float[] inference = run.Forward(training: false).ToArray();
        comparison.Check("output.logits", "output.logits", inference, fixture.Floats("output.logits"), fixture.Shape("output.logits"), Relative, Absolute);

        // Dropout is 0, so PyTorch's train() mode, in which the fixture was made, is the same computation.
        float[] training = run.Forward(training: true).ToArray();
        Assert.True(training.AsSpan().SequenceEqual(inference), $"{config}: Forward(training: true) differs from Forward(training: false) with dropout 0.");

        float loss = run.Loss(training);
        comparison.Check("output.loss", "output.loss", [loss], fixture.Floats("output.loss"), [1], Relative, Absolute);
        comparison.AssertAll(output);
    }

    /// <summary>Every parameter's gradient of the fixture's loss, from one Backward with the initial weights.</summary>
    [Theory]
    [MemberData(nameof(Configs))]
    public void BackwardMatchesPyTorch(string config)
    {
        using var scratch = new ScratchDirectory();
        var fixture = ParityFixture.Load(config);
        var run = ParityRun.Create(fixture, scratch.Path);
        var comparison = new ParityComparison(config);

        run.Model.ZeroGradients();
        run.Loss(run.Forward());
        run.Model.Backward(run.OutputGradient);
        var gradients = run.Model.Gradients;
        foreach (var info in run.Model.ParameterInfos)
        {
            string name = "grad." + info.Name;
            float[] expected = fixture.Floats(name);
            double absolute = GradientAbsoluteOfMax * expected.Max(Math.Abs);
            var actual = gradients.Slice(info.Offset, info.Length);
            if (KeyBiasRows(info) is { } keys)
            {
                comparison.Check("grad.*", name, actual, expected, fixture.Shape(name), Relative, absolute, i => !keys.Contains(i));
                comparison.Check("grad.* key-bias rows", name, actual, expected, fixture.Shape(name), 0, absolute, keys.Contains);
            }
            else
            {
                comparison.Check("grad.*", name, actual, expected, fixture.Shape(name), Relative, absolute);
            }
        }

        comparison.AssertAll(output);
    }

    /// <summary>
    /// Three AdamW steps on the fixture's batch: the loss before each, every parameter after the third, and the
    /// output and loss with those parameters.
    /// </summary>
    [Theory]
    [MemberData(nameof(Configs))]
    public void ThreeAdamWStepsMatchPyTorch(string config)
    {
        using var scratch = new ScratchDirectory();
        var fixture = ParityFixture.Load(config);
        var run = ParityRun.Create(fixture, scratch.Path);
        var comparison = new ParityComparison(config);
        var optimizer = fixture.CreateOptimizer();

        var losses = new float[Steps];
        for (int step = 0; step < Steps; step++) losses[step] = run.TrainStep(optimizer);
        comparison.Check("train.losses", "train.losses", losses, fixture.Floats("train.losses"), [Steps], Relative, Absolute);

        var parameters = run.Model.Parameters;
        double keyBound = 3 * optimizer.LearningRate * 1.01;
        foreach (var info in run.Model.ParameterInfos)
        {
            string name = "after3." + info.Name;
            var actual = parameters.Slice(info.Offset, info.Length);
            float[] expected = fixture.Floats(name);
            if (KeyBiasRows(info) is { } keys)
            {
                comparison.Check("after3.* weights", name, actual, expected, fixture.Shape(name), Relative, Absolute, i => !keys.Contains(i));
                comparison.Bound("after3.* key-bias rows", name, actual, keyBound, keys);
            }
            else
            {
                comparison.Check("after3.* weights", name, actual, expected, fixture.Shape(name), Relative, Absolute);
            }
        }

        float[] logits = run.Forward().ToArray();
        comparison.Check("after3.logits", "after3.logits", logits, fixture.Floats("after3.logits"), fixture.Shape("after3.logits"), Relative, Absolute);
        comparison.Check("after3.loss", "after3.loss", [run.Loss(logits)], fixture.Floats("after3.loss"), [1], Relative, Absolute);
        comparison.AssertAll(output);
    }

    /// <summary>
    /// PyTorch loads what AttentionGen trained and saved: after three steps, <see cref="Checkpoint.SaveWeights"/>
    /// writes the model, and <c>tests/parity/check_checkpoint.py</c> loads it strictly into the PyTorch module, runs the
    /// fixture's batch and must reproduce the C# model's output.
    /// </summary>
    [SkippableTheory]
    [MemberData(nameof(Configs))]
    public void PyTorchLoadsTheTrainedCheckpoint(string config)
    {
        RequireTorch();
        using var scratch = new ScratchDirectory();
        var fixture = ParityFixture.Load(config);
        var run = ParityRun.Create(fixture, scratch.Path);
        var optimizer = fixture.CreateOptimizer();
        for (int step = 0; step < Steps; step++) run.TrainStep(optimizer);

        string checkpoint = Path.Combine(scratch.Path, "ckpt.safetensors");
        string inputs = Path.Combine(scratch.Path, "inputs.safetensors");
        Checkpoint.SaveWeights(run.Model, checkpoint);
        fixture.WriteInputsAndOutput(inputs, run.Forward(training: false));

        string script = Path.Combine(ParityFixture.ParityDirectory, "check_checkpoint.py");
        var (exitCode, text) = RunProcess(Python, [script, config, checkpoint, inputs]);
        output.WriteLine(text.TrimEnd());
        Assert.True(exitCode == 0, $"{Python} {script} {config} exited with {exitCode}:\n{text}");
    }

    /// <summary>The elements of a parameter that are key-bias rows [E, 2E) of an in_proj_bias, or null.</summary>
    private static HashSet<int>? KeyBiasRows(ParameterInfo info)
    {
        if (!info.Name.EndsWith("in_proj_bias", StringComparison.Ordinal)) return null;
        Assert.True(info.Shape.Count == 1 && info.Shape[0] % 3 == 0, $"{info} is not a packed (3·E) in_proj_bias.");
        int width = info.Shape[0] / 3;
        return Enumerable.Range(width, width).ToHashSet();
    }

    /// <summary>
    /// The round trip needs Debian's PyTorch. Where it is missing the test is skipped with the reason, so the README's
    /// test command passes on a fresh machine; CI sets <see cref="RequireTorchVariable"/> so a missing PyTorch fails
    /// there instead of silently skipping the proof.
    /// </summary>
    internal static void RequireTorch()
    {
        const string Install =
            "the checkpoint round trip runs PyTorch from Debian's interpreter, /usr/bin/python3 " +
            "(sudo apt-get install python3-torch libopenblas0-pthread; .ci/run installs it).";
        string? missing = null;
        if (!File.Exists(Python))
        {
            missing = $"{Python} does not exist: {Install}";
        }
        else
        {
            var (exitCode, text) = RunProcess(Python, ["-c", "import torch"]);
            if (exitCode != 0) missing = $"`{Python} -c \"import torch\"` exited with {exitCode}: {Install}\n{text.TrimEnd()}";
        }

        if (missing is null) return;
        Assert.False(Environment.GetEnvironmentVariable(RequireTorchVariable) == "1", $"{RequireTorchVariable}=1 and PyTorch is missing. {missing}");
        Skip.If(true, $"PyTorch is missing, so the round trip is not checked here. {missing}");
    }

    /// <summary>Set to 1 (as <c>.ci/run</c> does) to make a missing PyTorch a failure instead of a skip.</summary>
    private const string RequireTorchVariable = "ATTENTIONGEN_REQUIRE_PYTORCH";

    internal static (int ExitCode, string Output) RunProcess(string fileName, string[] arguments)
    {
        var start = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = ParityFixture.RepositoryRoot,
        };
        foreach (string argument in arguments) start.ArgumentList.Add(argument);
        start.Environment["PYTHONDONTWRITEBYTECODE"] = "1";

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Cannot start {fileName}.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(300_000))
        {
            process.Kill(entireProcessTree: true);
            return (-1, $"{stdout.Result}{stderr.Result}\n(timed out after 5 minutes)");
        }

        process.WaitForExit();
        return (process.ExitCode, stdout.Result + stderr.Result);
    }

    /// <summary>A fresh temporary folder, deleted with everything in it on dispose.</summary>
    private sealed class ScratchDirectory : IDisposable
    {
        public ScratchDirectory()
        {
            Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "attentiongen-parity-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(Path);
        }

        public string Path { get; }

        public void Dispose()
        {
            try
            {
                Directory.Delete(Path, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }
}

/// <summary>
/// Collects element-wise comparisons of one configuration: every element outside its tolerance is counted and the
/// worst one of each tensor named, and the largest error of each quantity is kept for the test output.
/// </summary>
internal sealed class ParityComparison(string config)
{
    private readonly List<string> _failures = [];
    private readonly Dictionary<string, Worst> _worst = new(StringComparer.Ordinal);
    private readonly List<string> _order = [];

    /// <summary>Compares the elements <paramref name="include"/> selects (all by default).</summary>
    public void Check(
        string quantity, string tensor, ReadOnlySpan<float> actual, ReadOnlySpan<float> expected, IReadOnlyList<long> shape,
        double relative, double absolute, Func<int, bool>? include = null)
    {
        if (actual.Length != expected.Length)
        {
            _failures.Add($"{tensor}: {actual.Length} values, the fixture has {expected.Length}");
            return;
        }

        int outside = 0, worstIndex = -1;
        double worstRatio = -1, maxError = 0;
        for (int i = 0; i < actual.Length; i++)
        {
            if (include is not null && !include(i)) continue;
            double error = Math.Abs((double)actual[i] - expected[i]);
            double tolerance = (relative * Math.Abs(expected[i])) + absolute;
            double ratio = float.IsFinite(actual[i]) ? error / tolerance : double.PositiveInfinity;
            if (!(ratio <= 1)) outside++;
            maxError = Math.Max(maxError, error);
            if (!(ratio <= worstRatio))
            {
                worstRatio = ratio;
                worstIndex = i;
            }
        }

        if (worstIndex < 0) return;
        string at = $"{tensor}{Index(worstIndex, shape)}";
        string detail = string.Create(
            CultureInfo.InvariantCulture,
            $"{at}: C# {actual[worstIndex]:R}, PyTorch {expected[worstIndex]:R}, |error| {Math.Abs((double)actual[worstIndex] - expected[worstIndex]):E2}, " +
            $"{worstRatio:F3} of the tolerance {relative:G2}·|expected| + {absolute:E2}");
        Record(quantity, "max |error|", maxError, worstRatio, detail);
        if (outside > 0) _failures.Add($"{tensor}: {outside} element(s) outside the tolerance; worst {detail}");
    }

    /// <summary>Checks that the selected elements have |value| ≤ <paramref name="bound"/>.</summary>
    public void Bound(string quantity, string tensor, ReadOnlySpan<float> actual, double bound, IReadOnlySet<int> indices)
    {
        int worstIndex = -1;
        double worst = -1;
        foreach (int i in indices)
        {
            double value = float.IsFinite(actual[i]) ? Math.Abs(actual[i]) : double.PositiveInfinity;
            if (!(value <= worst))
            {
                worst = value;
                worstIndex = i;
            }
        }

        if (worstIndex < 0) return;
        string detail = string.Create(
            CultureInfo.InvariantCulture, $"{tensor}[{worstIndex}] = {actual[worstIndex]:R}, {worst / bound:F3} of the bound {bound:G3}");
        Record(quantity, "max |value|", worst, worst / bound, detail);
        if (!(worst <= bound)) _failures.Add($"{tensor}: |value| above the bound {bound:G3}; worst {detail}");
    }

    /// <summary>Writes the largest error of each quantity, then fails with every tensor outside its tolerance.</summary>
    public void AssertAll(ITestOutputHelper output)
    {
        var summary = new StringBuilder();
        foreach (string quantity in _order)
        {
            var worst = _worst[quantity];
            summary.AppendLine(string.Create(
                CultureInfo.InvariantCulture,
                $"{config} {quantity}: {worst.Label} {worst.MaxError:E2}; worst {worst.Detail}"));
        }

        output.WriteLine(summary.ToString().TrimEnd());
        Assert.True(
            _failures.Count == 0,
            $"{config}: {_failures.Count} tensor(s) differ from PyTorch:\n  " + string.Join("\n  ", _failures) + "\n" + summary);
    }

    private void Record(string quantity, string label, double maxError, double ratio, string detail)
    {
        if (!_worst.TryGetValue(quantity, out var worst))
        {
            _order.Add(quantity);
            _worst[quantity] = new Worst(label, maxError, ratio, detail);
            return;
        }

        _worst[quantity] = new Worst(
            label,
            Math.Max(worst.MaxError, maxError),
            Math.Max(worst.Ratio, ratio),
            ratio > worst.Ratio ? detail : worst.Detail);
    }

    private static string Index(int flat, IReadOnlyList<long> shape)
    {
        var index = new long[shape.Count];
        long rest = flat;
        for (int d = shape.Count - 1; d >= 0; d--)
        {
            index[d] = shape[d] == 0 ? 0 : rest % shape[d];
            rest = shape[d] == 0 ? 0 : rest / shape[d];
        }

        return "[" + string.Join(", ", index) + "]";
    }

    private readonly record struct Worst(string Label, double MaxError, double Ratio, string Detail);
}
