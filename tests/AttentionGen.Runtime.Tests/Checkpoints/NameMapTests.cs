using System.Collections.Generic;
using System.IO;
using System.Linq;
using AttentionGen.Checkpoints;

namespace AttentionGen.Runtime.Tests.Checkpoints;

/// <summary>
/// Loading and saving under other names: TinyModel's embed.weight [4, 3], dense.weight [2, 3] and dense.bias [2]
/// as a file that calls them wte.weight, head.c_fc.weight stored (in, out) = [3, 2], and head.c_fc.bias.
/// </summary>
public class NameMapTests
{
    private static readonly float[] Embed = Enumerable.Range(0, 12).Select(i => 0.5f * i).ToArray();
    private static readonly float[] Dense = [1, 2, 3, 4, 5, 6];       // (out 2, in 3), row-major
    private static readonly float[] DenseStored = [1, 4, 2, 5, 3, 6]; // the same as (in 3, out 2)
    private static readonly float[] Bias = [-1, -2];

    private static TensorNameMap Map() => new TensorNameMap()
        .Map("wte.weight", "embed.weight")
        .MapTransposed("head.c_fc.weight", "dense.weight")
        .Map("head.c_fc.{p}", "dense.{p}")
        .Ignore("buffers.{n}.mask");

    [Fact]
    public void PatternsTranspositionAndIgnoredBuffersLoad()
    {
        var model = new TinyModel(start: 9f);
        Checkpoint.LoadWeights(model, Tensors(Stored(), ("buffers.0.mask", [1f])), new CheckpointLoadOptions { NameMap = Map() });
        Assert.Equal([.. Embed, .. Dense, .. Bias], model.Snapshot());
    }

    [Fact]
    public void RulesMapNamesBothWays()
    {
        var map = new TensorNameMap().Map("h.{i}.ln_{n}.{p}", "encoder.layers.{i}.norm{n}.{p}").Ignore("h.{i}.attn.bias");
        Assert.Equal("encoder.layers.11.norm2.weight", map.ModelName("h.11.ln_2.weight"));
        Assert.Null(map.ModelName("h.3.attn.bias"));
        Assert.Equal("lm_head.weight", map.ModelName("lm_head.weight"));
        Assert.Equal(new[] { "h.11.ln_2.weight" }, map.FileNames("encoder.layers.11.norm2.weight"));
        Assert.Equal(new[] { "lm_head.weight" }, map.FileNames("lm_head.weight"));
        Assert.Equal("ln_f.weight.x", map.ModelName("ln_f.weight.x"));
        Assert.Equal("h.1.2.ln_1.weight", map.ModelName("h.1.2.ln_1.weight")); // a placeholder never spans a dot
    }

    [Theory]
    [InlineData("h.{i.weight", "x.{i}", "'{' at position 2 is never closed")]
    [InlineData("h.i}.weight", "x", "'}' at position 3 closes no placeholder")]
    [InlineData("h.{i}{j}", "x.{i}.{j}", "follows another with nothing between them")]
    [InlineData("h.{i}.{i}", "x.{i}", "placeholder '{i}' appears twice")]
    [InlineData("h.{1x}", "x.{1x}", "is not a name of letters")]
    [InlineData("h.{i}.w", "x.w", "placeholders {i} on the file side but (none) on the model side")]
    public void MalformedRulesAreRefused(string file, string model, string message)
    {
        var e = Assert.Throws<ArgumentException>(() => new TensorNameMap().Map(file, model));
        Assert.Contains(message, e.Message);
    }

    [Fact]
    public void ATiedDuplicateLoadsWhenItIsBitIdentical()
    {
        var map = Map().Map("lm_head.weight", "embed.weight");
        var model = new TinyModel(start: 9f);
        Checkpoint.LoadWeights(model, Tensors(Stored(), ("lm_head.weight", Embed)), new CheckpointLoadOptions { NameMap = map });
        Assert.Equal([.. Embed, .. Dense, .. Bias], model.Snapshot());
    }

    [Fact]
    public void ADuplicateThatDiffersIsRefusedAndChangesNothing()
    {
        var map = Map().Map("lm_head.weight", "embed.weight");
        float[] other = (float[])Embed.Clone();
        other[7] = -other[7];
        var model = new TinyModel(start: 9f);
        float[] before = model.Snapshot();
        var e = Assert.Throws<InvalidDataException>(() =>
            Checkpoint.LoadWeights(model, Tensors(Stored(), ("lm_head.weight", other)), new CheckpointLoadOptions { NameMap = map }));
        Assert.Contains("tensors 'wte.weight' and 'lm_head.weight' both map to parameter 'embed.weight' but differ at element 7 (3.5 and -3.5)", e.Message);
        Assert.Equal(before, model.Snapshot());
    }

    [Fact]
    public void ADuplicateIsRefusedWithoutARuleForIt()
    {
        var e = Assert.Throws<InvalidDataException>(() =>
            Checkpoint.LoadWeights(new TinyModel(), Tensors(Stored(), ("lm_head.weight", Embed)), new CheckpointLoadOptions { NameMap = Map() }));
        Assert.Contains("1 unexpected tensor the model has no parameter for: 'lm_head.weight' [4, 3]", e.Message);
    }

    [Fact]
    public void WhatStaysUnmatchedOnEitherSideIsListed()
    {
        var tensors = Stored().Where(t => t.Name != "head.c_fc.bias").Append(("h.0.mlp.bias", new float[2])).ToArray();
        var map = Map().Map("h.{i}.mlp.bias", "layers.{i}.bias");
        var model = new TinyModel(start: 9f);
        float[] before = model.Snapshot();
        var e = Assert.Throws<InvalidDataException>(() => Checkpoint.LoadWeights(model, Tensors(tensors), new CheckpointLoadOptions { NameMap = map }));
        Assert.Contains("missing parameter 'dense.bias': expected F32 [2], the file has no tensor 'head.c_fc.bias' that the name map gives for it", e.Message);
        Assert.Contains("1 unexpected tensor the model has no parameter for: 'h.0.mlp.bias' [2] (mapped to 'layers.0.bias')", e.Message);
        Assert.Equal(before, model.Snapshot());
    }

    [Fact]
    public void ATransposedTensorInTheModelsOwnLayoutIsRefused()
    {
        var tensors = Stored().Select(t => t.Name == "head.c_fc.weight" ? (t.Name, Dense) : t).ToArray();
        var map = Map();
        var e = Assert.Throws<InvalidDataException>(() =>
            Checkpoint.LoadWeights(new TinyModel(), Tensors(tensors, shapes: ("head.c_fc.weight", new long[] { 2, 3 })), new CheckpointLoadOptions { NameMap = map }));
        Assert.Contains("parameter 'dense.weight' (from 'head.c_fc.weight', stored transposed): wrong shape: expected F32 [3, 2], found F32 [2, 3]", e.Message);
    }

    [Fact]
    public void SavingWithAMapWritesTheFilesNamesAndLayoutAndLoadsBack()
    {
        using var folder = new TempFolder();
        string path = folder.File("mapped.safetensors");
        var map = Map().Map("lm_head.weight", "embed.weight");
        var source = new TinyModel(start: 9f);
        Checkpoint.LoadWeights(source, Tensors(Stored()), new CheckpointLoadOptions { NameMap = Map() });
        Checkpoint.SaveWeights(source, path, nameMap: map);

        var file = Safetensors.Read(path);
        Assert.Equal(new[] { "wte.weight", "lm_head.weight", "head.c_fc.weight", "head.c_fc.bias" }, file.Names);
        Assert.Equal(new[] { 3L, 2L }, file.Info("head.c_fc.weight").Shape);
        Assert.Equal(DenseStored, file.ReadFloats("head.c_fc.weight"));
        Assert.Equal(Embed, file.ReadFloats("lm_head.weight"));

        var loaded = new TinyModel();
        Checkpoint.LoadWeights(loaded, path, new CheckpointLoadOptions { NameMap = map });
        Assert.Equal(source.Snapshot(), loaded.Snapshot());
    }

    [Fact]
    public void SavingRefusesAMapWhoseNamesWouldNotLoadBack()
    {
        using var folder = new TempFolder();
        string path = folder.File("conflict.safetensors");
        // embed.weight is saved as "w.bias", but the earlier rule loads that name into dense.bias.
        var map = new TensorNameMap().Map("w.{p}", "dense.{p}").Map("w.bias", "embed.weight");
        var e = Assert.Throws<InvalidOperationException>(() => Checkpoint.SaveWeights(new TinyModel(), path, nameMap: map));
        Assert.Contains("gives parameter 'embed.weight' no name that loads back into it: 'w.bias' would load into 'dense.bias'", e.Message);
        Assert.False(File.Exists(path));

        var ignored = new TensorNameMap().Ignore("b").Map("b", "dense.bias");
        e = Assert.Throws<InvalidOperationException>(() => Checkpoint.SaveWeights(new TinyModel(), path, nameMap: ignored));
        Assert.Contains("gives parameter 'dense.bias' no name that loads back into it: 'b' would load as nothing (an Ignore rule comes first)", e.Message);

        var shared = new TensorNameMap().Map("x", "dense.weight").Map("x", "dense.bias");
        e = Assert.Throws<InvalidOperationException>(() => Checkpoint.SaveWeights(new TinyModel(), path, nameMap: shared));
        Assert.Contains("gives parameter 'dense.bias' no name that loads back into it: 'x' would load into 'dense.weight'", e.Message);
    }

    [Fact]
    public void StreamsAndOpenFilesLoadLikePaths()
    {
        using var folder = new TempFolder();
        string path = folder.File("model.safetensors");
        Checkpoint.SaveWeights(new TinyModel(start: 2f), path);
        byte[] bytes = File.ReadAllBytes(path);

        var fromStream = new TinyModel();
        using (var stream = new NonSeekableStream(bytes)) Checkpoint.LoadWeights(fromStream, stream);
        Assert.Equal(new TinyModel(start: 2f).Snapshot(), fromStream.Snapshot());

        var fromFile = new TinyModel();
        using (var file = Safetensors.Open(path)) Checkpoint.LoadWeights(fromFile, file);
        Assert.Equal(new TinyModel(start: 2f).Snapshot(), fromFile.Snapshot());

        Array.Resize(ref bytes, bytes.Length - 4);
        var model = new TinyModel();
        var e = Assert.Throws<InvalidDataException>(() => Checkpoint.LoadWeights(model, new MemoryStream(bytes)));
        Assert.Contains("Invalid safetensors file '(stream)'", e.Message);
        Assert.Equal(new TinyModel().Snapshot(), model.Snapshot());
    }

    [Fact]
    public void InMemoryTensorsMeetTheSameChecks()
    {
        var model = new TinyModel(start: 9f);
        Checkpoint.LoadWeights(model, Tensors([("embed.weight", Embed), ("dense.weight", Dense), ("dense.bias", Bias)]));
        Assert.Equal([.. Embed, .. Dense, .. Bias], model.Snapshot());

        var e = Assert.Throws<InvalidDataException>(() => Checkpoint.LoadWeights(model, Tensors([("embed.weight", Embed), ("dense.weight", Dense)])));
        Assert.Contains("Cannot load weights from '(tensors in memory)' into TinyModel: missing parameter 'dense.bias'", e.Message);

        var misnamed = new Dictionary<string, SafetensorsTensor> { ["dense.bias"] = new SafetensorsTensor("bias", [2], Bias) };
        Assert.Contains("tensors['dense.bias'] is named 'bias'", Assert.Throws<ArgumentException>(() => Checkpoint.LoadWeights(model, misnamed)).Message);
        Assert.Equal([.. Embed, .. Dense, .. Bias], model.Snapshot());
    }

    private static (string Name, float[] Values)[] Stored() =>
        [("wte.weight", Embed), ("head.c_fc.weight", DenseStored), ("head.c_fc.bias", Bias)];

    private static Dictionary<string, SafetensorsTensor> Tensors(
        IEnumerable<(string Name, float[] Values)> tensors, (string Name, float[] Values)? extra = null, (string Name, long[] Shape)? shapes = null)
    {
        var all = tensors.ToList();
        if (extra is { } e) all.Add(e);
        var result = new Dictionary<string, SafetensorsTensor>();
        foreach (var (name, values) in all)
        {
            long[] shape = shapes is { } s && s.Name == name ? s.Shape
                : name switch
                {
                    "wte.weight" or "embed.weight" or "lm_head.weight" => [4, 3],
                    "head.c_fc.weight" => [3, 2],
                    "dense.weight" => [2, 3],
                    _ => [values.Length],
                };
            result[name] = new SafetensorsTensor(name, shape, values);
        }

        return result;
    }

    /// <summary>A stream that can only be read forward, as a download is.</summary>
    private sealed class NonSeekableStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }
    }
}
