using System.Collections.Generic;
using System.IO;
using System.Linq;
using AttentionGen.Checkpoints;
using AttentionGen.Runtime;
using AttentionGen.Models.Tests.Training;
using Xunit.Abstractions;

namespace AttentionGen.Models.Tests.Parity;

/// <summary>
/// A PyTorch GPT in GPT-2 / nanoGPT naming (<c>tests/parity/gpt2_names.py</c>: <c>wte</c>, <c>wpe</c>,
/// <c>h.{i}.attn.c_attn</c> as Conv1D weights stored (in, out), a head tied to <c>wte</c> that its
/// <c>state_dict()</c> lists as <c>lm_head.weight</c> too) loads through a name map into <see cref="ParityGpt"/>,
/// which computes the same function, and gives PyTorch's logits; saved through the same map, the file is that
/// module's own state dict, which PyTorch loads strictly.
/// </summary>
public sealed class Gpt2NamingTests(ITestOutputHelper output)
{
    private const string Config = "Gpt2Named";
    private const double Relative = 1e-4;
    private const double Absolute = 1e-5;

    /// <summary>GPT-2's names for ParityGpt's parameters: one rule per kind of tensor, for any number of layers.</summary>
    private static TensorNameMap Gpt2Names() => new TensorNameMap()
        .Map("wte.weight", "embed.weight")
        .Map("lm_head.weight", "embed.weight")
        .Map("wpe.weight", "pos_embed.weight")
        .Map("h.{i}.ln_{n}.{p}", "encoder.layers.{i}.norm{n}.{p}")
        .MapTransposed("h.{i}.attn.c_attn.weight", "encoder.layers.{i}.self_attn.in_proj_weight")
        .Map("h.{i}.attn.c_attn.bias", "encoder.layers.{i}.self_attn.in_proj_bias")
        .MapTransposed("h.{i}.attn.c_proj.weight", "encoder.layers.{i}.self_attn.out_proj.weight")
        .Map("h.{i}.attn.c_proj.bias", "encoder.layers.{i}.self_attn.out_proj.bias")
        .MapTransposed("h.{i}.mlp.c_fc.weight", "encoder.layers.{i}.linear1.weight")
        .Map("h.{i}.mlp.c_fc.bias", "encoder.layers.{i}.linear1.bias")
        .MapTransposed("h.{i}.mlp.c_proj.weight", "encoder.layers.{i}.linear2.weight")
        .Map("h.{i}.mlp.c_proj.bias", "encoder.layers.{i}.linear2.bias")
        .Map("ln_f.{p}", "norm.{p}")
        .Ignore("input.{name}")   // the fixture's batch and expected output, beside the state dict
        .Ignore("output.{name}");

    private static string FixturePath => Path.Combine(ParityFixture.ParityDirectory, "fixtures", Config + ".safetensors");

    [Fact]
    public void Gpt2NamedWeightsLoadThroughTheMapAndGivePyTorchsLogits()
    {
        var fixture = ParityFixture.Load(Config);
        var model = new ParityGpt(seed: 1);
        Checkpoint.LoadWeights(model, FixturePath, new CheckpointLoadOptions { NameMap = Gpt2Names() });

        float[] actual = Forward(model, fixture);
        float[] expected = fixture.Floats("output.logits");
        AssertClose(expected, actual, "output.logits");
    }

    [Fact]
    public void WithoutTheMapTheStrictLoaderNamesWhatDoesNotFit()
    {
        var model = new ParityGpt(seed: 1);
        float[] before = model.Parameters.ToArray();
        var e = Assert.Throws<InvalidDataException>(() => Checkpoint.LoadWeights(model, FixturePath));
        Assert.Contains("missing parameter 'embed.weight': expected F32 [40, 16], the file has no tensor by that name", e.Message);
        Assert.Contains("31 unexpected tensors the model has no parameter for: 'wte.weight' [40, 16], 'wpe.weight' [16, 16], 'h.0.ln_1.weight' [16]", e.Message);
        Assert.Contains("and 11 more", e.Message);
        Assert.Equal(before, model.Parameters.ToArray());
    }

    [Fact]
    public void SavingThroughTheMapWritesPyTorchsOwnStateDict()
    {
        var fixture = ParityFixture.Load(Config);
        var map = Gpt2Names();
        var model = new ParityGpt(seed: 1);
        Checkpoint.LoadWeights(model, FixturePath, new CheckpointLoadOptions { NameMap = map });

        string path = Path.Combine(Path.GetTempPath(), "attentiongen-gpt2-" + Guid.NewGuid().ToString("N") + ".safetensors");
        try
        {
            Checkpoint.SaveWeights(model, path, nameMap: map);
            var saved = Safetensors.Read(path);
            var stateDict = fixture.File.Names.Where(n => !n.StartsWith("input.", StringComparison.Ordinal) && !n.StartsWith("output.", StringComparison.Ordinal)).ToList();
            Assert.Equal(stateDict.Order(StringComparer.Ordinal), saved.Names.Order(StringComparer.Ordinal));
            Assert.Contains("lm_head.weight", saved.Names);
            foreach (string name in stateDict)
            {
                Assert.Equal(fixture.Shape(name), saved.Info(name).Shape);
                TrainingData.AssertBitwiseEqual(fixture.Floats(name), saved.ReadFloats(name), name);
            }
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <summary>
    /// Weights changed here (so PyTorch cannot be reading the fixture's), saved through the map, load strictly into the
    /// GPT-2-named PyTorch module and give the logits computed here.
    /// </summary>
    [SkippableFact]
    public void PyTorchLoadsTheGpt2NamedCheckpointStrictly()
    {
        ParityTests.RequireTorch();
        var fixture = ParityFixture.Load(Config);
        var map = Gpt2Names();
        var model = new ParityGpt(seed: 1);
        Checkpoint.LoadWeights(model, FixturePath, new CheckpointLoadOptions { NameMap = map });
        var parameters = model.Parameters;
        for (int i = 0; i < parameters.Length; i++) parameters[i] *= 1f + 0.01f * (i % 7 - 3);
        model.Parameter("encoder.layers.1.self_attn.in_proj_weight")[5] += 0.5f; // one element, in the transposed layout
        float[] logits = Forward(model, fixture);

        string folder = Directory.CreateTempSubdirectory("attentiongen-gpt2-").FullName;
        try
        {
            string checkpoint = Path.Combine(folder, "gpt2.safetensors");
            string inputs = Path.Combine(folder, "inputs.safetensors");
            Checkpoint.SaveWeights(model, checkpoint, nameMap: map);
            Safetensors.Write(
                inputs,
                [
                    new SafetensorsTensor("input.tokens", fixture.Shape("input.tokens"), fixture.Ints("input.tokens").Select(t => (long)t).ToArray()),
                    new SafetensorsTensor("output.logits", fixture.Shape("output.logits"), logits),
                ]);

            string script = Path.Combine(ParityFixture.ParityDirectory, "gpt2_names.py");
            var (exitCode, text) = ParityTests.RunProcess(ParityTests.Python, [script, "--check", checkpoint, inputs]);
            output.WriteLine(text.TrimEnd());
            Assert.True(exitCode == 0, $"{script} --check exited with {exitCode}:\n{text}");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static float[] Forward(ParityGpt model, ParityFixture fixture)
    {
        int[] tokens = fixture.Ints("input.tokens");
        var shape = fixture.Shape("input.tokens");
        return model.Forward(tokens, (int)shape[0], (int)shape[1]).ToArray();
    }

    private void AssertClose(float[] expected, float[] actual, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        double worst = 0;
        var outside = new List<string>();
        for (int i = 0; i < expected.Length; i++)
        {
            double tolerance = Absolute + Relative * Math.Abs(expected[i]);
            double ratio = Math.Abs(actual[i] - (double)expected[i]) / tolerance;
            if (!(ratio <= 1) && outside.Count < 10) outside.Add($"[{i}] expected {expected[i]:R}, actual {actual[i]:R}");
            if (ratio > worst || double.IsNaN(ratio)) worst = double.IsNaN(ratio) ? double.PositiveInfinity : ratio;
        }

        output.WriteLine($"{what}: {expected.Length} values, worst element uses {worst:F3} of the tolerance ({Relative:g} relative + {Absolute:g} absolute)");
        Assert.True(outside.Count == 0, $"{what}: outside the tolerance:\n  " + string.Join("\n  ", outside));
    }
}
