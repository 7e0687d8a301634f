using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Runtime.CompilerServices;
using AttentionGen.Checkpoints;
using AttentionGen.Runtime;
using AttentionGen.Training;

namespace AttentionGen.Models.Tests.Parity;

/// <summary>
/// One PyTorch fixture, <c>tests/parity/fixtures/&lt;Config&gt;.safetensors</c> (see <c>tests/parity/README.md</c>):
/// the initial weights under their state-dict names, the batch, the targets, and what PyTorch computed from them.
/// </summary>
internal sealed class ParityFixture
{
    /// <summary>The five configurations of <c>ParityModels.cs</c>, each with a fixture of the same name.</summary>
    public static readonly string[] Configs =
    [
        nameof(ParityEncoderClassifier),
        nameof(ParityGpt),
        nameof(ParitySelfAttention),
        nameof(ParityTranslator),
        nameof(ParityForecaster),
    ];

    /// <summary>Name prefixes of everything in a fixture that is not an initial weight.</summary>
    public static readonly string[] NonWeightPrefixes = ["input.", "target.", "output.", "grad.", "train.", "after3."];

    private ParityFixture(string config, SafetensorsFile file)
    {
        Config = config;
        File = file;
    }

    public string Config { get; }

    public SafetensorsFile File { get; }

    /// <summary>The repository root: three folders above this source file, which the build does not remap.</summary>
    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    /// <summary><c>tests/parity</c>, where the fixtures and the PyTorch scripts live.</summary>
    public static string ParityDirectory => Path.Combine(RepositoryRoot, "tests", "parity");

    public static ParityFixture Load(string config)
    {
        string path = Path.Combine(ParityDirectory, "fixtures", config + ".safetensors");
        Assert.True(System.IO.File.Exists(path), $"The fixture {path} is missing; tests/parity/make_fixtures.py writes it.");
        var fixture = new ParityFixture(config, Safetensors.Read(path));
        Assert.True(
            fixture.Metadata("config") == config,
            $"{path} was written for configuration '{fixture.Metadata("config")}', not {config}.");
        return fixture;
    }

    /// <summary>A <c>__metadata__</c> string; a missing key fails the test.</summary>
    public string Metadata(string key)
    {
        Assert.True(File.Metadata.TryGetValue(key, out string? value), $"{File.Path} has no metadata '{key}'.");
        return value!;
    }

    public double MetadataNumber(string key) => double.Parse(Metadata(key), NumberStyles.Float, CultureInfo.InvariantCulture);

    public bool Contains(string name) => File.Contains(name);

    public IReadOnlyList<long> Shape(string name) => File.Info(name).Shape;

    /// <summary>An F32 tensor, flattened row-major.</summary>
    public float[] Floats(string name)
    {
        var info = File.Info(name);
        Assert.True(info.DType == SafetensorsDType.F32, $"{Config}: '{name}' is {info.DType.HeaderName()}, expected F32.");
        return File.ReadFloats(name);
    }

    /// <summary>An I64 tensor (token ids, lengths, targets) as ints, flattened row-major.</summary>
    public int[] Ints(string name)
    {
        var info = File.Info(name);
        Assert.True(info.DType == SafetensorsDType.I64, $"{Config}: '{name}' is {info.DType.HeaderName()}, expected I64.");
        long[] values = File.ReadInt64s(name);
        var result = new int[values.Length];
        for (int i = 0; i < values.Length; i++) result[i] = checked((int)values[i]);
        return result;
    }

    /// <summary>The names of the initial weights: every tensor that is not an input, target or recorded result.</summary>
    public IEnumerable<string> WeightNames()
    {
        foreach (string name in File.Names)
        {
            if (!Array.Exists(NonWeightPrefixes, prefix => name.StartsWith(prefix, StringComparison.Ordinal))) yield return name;
        }
    }

    /// <summary>
    /// The optimizer the fixture used: <c>torch.optim.AdamW</c> with the fixture's learning rate. The other
    /// hyper-parameters must be PyTorch's defaults, which are also <see cref="AdamW"/>'s; a fixture with others fails here.
    /// </summary>
    public AdamW CreateOptimizer()
    {
        Assert.Equal("AdamW", Metadata("optimizer"));
        var optimizer = new AdamW(lr: (float)MetadataNumber("lr"));
        Assert.Equal("0.9,0.999", Metadata("betas"));
        Assert.Equal(1e-8, MetadataNumber("eps"));
        Assert.Equal(0.01, MetadataNumber("weight_decay"));
        Assert.Equal(0.9f, optimizer.Beta1);
        Assert.Equal(0.999f, optimizer.Beta2);
        Assert.Equal(1e-8f, optimizer.Eps);
        Assert.Equal(0.01f, optimizer.WeightDecay);
        return optimizer;
    }

    /// <summary>
    /// Writes the fixture's initial weights, and nothing else, to a safetensors file: every parameter of
    /// <paramref name="model"/> under its state-dict name, read from the fixture by that name.
    /// </summary>
    public void WriteInitialWeights(IModel model, string path)
    {
        var tensors = new List<SafetensorsTensor>();
        foreach (var info in model.ParameterInfos)
        {
            Assert.True(Contains(info.Name), $"{Config}: the fixture has no initial weight '{info.Name}'.");
            var shape = Shape(info.Name);
            tensors.Add(new SafetensorsTensor(info.Name, [.. shape], Floats(info.Name)));
        }

        Safetensors.Write(path, tensors);
    }

    /// <summary>
    /// Writes <c>check_checkpoint.py</c>'s second file: the fixture's <c>input.*</c> tensors exactly as stored, and
    /// <paramref name="logits"/> as <c>output.logits</c> in the fixture's shape.
    /// </summary>
    public void WriteInputsAndOutput(string path, ReadOnlySpan<float> logits)
    {
        var tensors = new List<SafetensorsTensor>();
        foreach (var info in File.Tensors)
        {
            if (info.Name.StartsWith("input.", StringComparison.Ordinal))
            {
                tensors.Add(SafetensorsTensor.FromBytes(info.Name, info.DType, info.Shape, File.ReadBytes(info.Name)));
            }
        }

        tensors.Add(new SafetensorsTensor("output.logits", Shape("output.logits"), logits.ToArray()));
        Safetensors.Write(path, tensors);
    }

    private static string FindRepositoryRoot([CallerFilePath] string thisFile = "")
    {
        // thisFile is <root>/tests/AttentionGen.Models.Tests/Parity/ParityFixture.cs.
        string fromSource = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(thisFile)!, "..", "..", ".."));
        if (IsRoot(fromSource)) return fromSource;

        // Should a build ever remap source paths, the test assembly's folder lies inside the repository too.
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (IsRoot(directory.FullName)) return directory.FullName;
        }

        throw new InvalidOperationException(
            $"Cannot find the repository root (the folder holding tests/parity/README.md) from '{thisFile}' or '{AppContext.BaseDirectory}'.");
    }

    private static bool IsRoot(string directory) => System.IO.File.Exists(Path.Combine(directory, "tests", "parity", "README.md"));
}

/// <summary>One forward pass of a parity model on the fixture's batch.</summary>
internal delegate ReadOnlySpan<float> ParityForward(bool training);

/// <summary>
/// A parity model with the fixture's initial weights, its forward pass on the fixture's batch with the fixture's
/// lengths, and the fixture's loss.
/// </summary>
internal sealed class ParityRun
{
    private readonly ParityForward _forward;
    private readonly int[]? _classTargets;
    private readonly float[]? _valueTargets;
    private readonly float _labelSmoothing;
    private readonly int _ignoreIndex;
    private readonly float[] _outputGradient;

    private ParityRun(ParityFixture fixture, IModel model, ParityForward forward)
    {
        Fixture = fixture;
        Model = model;
        _forward = forward;
        _outputGradient = new float[fixture.Floats("output.logits").Length];
        switch (fixture.Metadata("loss"))
        {
            case "cross_entropy":
                _classTargets = fixture.Ints(fixture.Contains("target.classes") ? "target.classes" : "target.tokens");
                Assert.True(
                    _outputGradient.Length % _classTargets.Length == 0,
                    $"{fixture.Config}: {_outputGradient.Length} logits do not split into {_classTargets.Length} rows.");
                _labelSmoothing = (float)fixture.MetadataNumber("label_smoothing");
                _ignoreIndex = checked((int)fixture.MetadataNumber("ignore_index"));
                break;
            case "mse":
                _valueTargets = fixture.Floats("target.values");
                break;
            default:
                Assert.Fail($"{fixture.Config}: unknown loss '{fixture.Metadata("loss")}'.");
                break;
        }
    }

    public ParityFixture Fixture { get; }

    public IModel Model { get; }

    /// <summary>The gradient of the last <see cref="Loss"/> with respect to the output.</summary>
    public ReadOnlySpan<float> OutputGradient => _outputGradient;

    /// <summary>
    /// Builds the fixture's model and loads the initial weights with <see cref="Checkpoint.LoadWeights"/> from a
    /// weights-only file in <paramref name="scratchDirectory"/> (the fixture itself holds more tensors than the
    /// strict loader accepts).
    /// </summary>
    public static ParityRun Create(ParityFixture fixture, string scratchDirectory)
    {
        var run = Build(fixture);
        string weights = Path.Combine(scratchDirectory, "initial.safetensors");
        fixture.WriteInitialWeights(run.Model, weights);
        Checkpoint.LoadWeights(run.Model, weights);
        return run;
    }

    /// <summary>The fixture's model with its own seeded initialization, the fixture's inputs bound to its forward pass.</summary>
    public static ParityRun Build(ParityFixture fixture)
    {
        // The padded lengths are the fixture's, not MaxSeq (GPT pads to 11 of 16, the translator's target to 7 of 8).
        switch (fixture.Config)
        {
            case nameof(ParityEncoderClassifier):
                return TokenRun(fixture, new ParityEncoderClassifier(seed: 1));
            case nameof(ParityGpt):
                return TokenRun(fixture, new ParityGpt(seed: 1));
            case nameof(ParitySelfAttention):
                return FeatureRun(fixture, new ParitySelfAttention(seed: 1), ParitySelfAttention.Features);
            case nameof(ParityForecaster):
                return FeatureRun(fixture, new ParityForecaster(seed: 1), ParityForecaster.Features);
            case nameof(ParityTranslator):
            {
                var model = new ParityTranslator(seed: 1);
                int[] source = fixture.Ints("input.source");
                int[] target = fixture.Ints("input.target");
                int[] sourceLengths = fixture.Ints("input.source_lengths");
                int[] targetLengths = fixture.Ints("input.target_lengths");
                var sourceShape = fixture.Shape("input.source");
                var targetShape = fixture.Shape("input.target");
                int batch = (int)sourceShape[0], sourceLen = (int)sourceShape[1], targetLen = (int)targetShape[1];
                Assert.Equal(batch, (int)targetShape[0]);
                return new ParityRun(
                    fixture, model,
                    training => model.Forward(source, target, batch, sourceLen, targetLen, sourceLengths, targetLengths, training));
            }

            default:
                throw new ArgumentOutOfRangeException(nameof(fixture), fixture.Config, "Not a parity configuration.");
        }
    }

    /// <summary>Forward on the fixture's batch. Dropout is 0, so training mode (PyTorch's <c>train()</c>) changes nothing.</summary>
    public ReadOnlySpan<float> Forward(bool training = true) => _forward(training);

    /// <summary>The fixture's loss of <paramref name="output"/>; its gradient goes to <see cref="OutputGradient"/>.</summary>
    public float Loss(ReadOnlySpan<float> output)
    {
        Assert.Equal(_outputGradient.Length, output.Length);
        if (_classTargets is not null)
        {
            // F.cross_entropy(logits.reshape(-1, C), targets.reshape(-1), ignore_index, label_smoothing), mean over kept rows.
            int rows = _classTargets.Length;
            return Losses.CrossEntropy(output, _classTargets, _outputGradient, rows, output.Length / rows, _ignoreIndex, _labelSmoothing);
        }

        // F.mse_loss: the mean over every element, padded positions included.
        return Losses.MeanSquaredError(output, _valueTargets!, _outputGradient);
    }

    /// <summary>One PyTorch training step: zero the gradients, forward, loss, backward, optimizer step. Returns the loss.</summary>
    public float TrainStep(Optimizer optimizer)
    {
        Model.ZeroGradients();
        float loss = Loss(Forward());
        Model.Backward(_outputGradient);
        optimizer.Step(Model.Parameters, Model.Gradients);
        return loss;
    }

    private static ParityRun TokenRun(ParityFixture fixture, ITokenModel model)
    {
        int[] tokens = fixture.Ints("input.tokens");
        int[] lengths = fixture.Ints("input.lengths");
        var shape = fixture.Shape("input.tokens");
        int batch = (int)shape[0], seqLen = (int)shape[1];
        return new ParityRun(fixture, model, training => model.Forward(tokens, batch, seqLen, lengths, training));
    }

    private static ParityRun FeatureRun(ParityFixture fixture, IFloatSequenceModel model, int features)
    {
        float[] inputs = fixture.Floats("input.features");
        int[] lengths = fixture.Ints("input.lengths");
        var shape = fixture.Shape("input.features");
        Assert.Equal(features, (int)shape[2]);
        int batch = (int)shape[0], seqLen = (int)shape[1];
        return new ParityRun(fixture, model, training => model.Forward(inputs, batch, seqLen, lengths, training));
    }
}
