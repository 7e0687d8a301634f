using System.Collections.Generic;
using System.IO;
using System.Linq;
using AttentionGen.Checkpoints;

namespace AttentionGen.Runtime.Tests.Checkpoints;

public class CheckpointTests
{
    [Fact]
    public void SaveThenLoadRestoresEveryBit()
    {
        using var folder = new TempFolder();
        string path = folder.File("tiny.safetensors");
        var saved = TinyModel.WithAwkwardValues();
        Checkpoint.SaveWeights(saved, path);

        var loaded = new TinyModel(start: 100f);
        Checkpoint.LoadWeights(loaded, path, new CheckpointLoadOptions { AllowNonFiniteValues = true });
        Assert.Equal(
            saved.Snapshot().Select(BitConverter.SingleToInt32Bits),
            loaded.Snapshot().Select(BitConverter.SingleToInt32Bits));
    }

    [Fact]
    public void SavedFileHasStateDictNamesShapesAndPyTorchMetadata()
    {
        using var folder = new TempFolder();
        string path = folder.File("tiny.safetensors");
        var model = new TinyModel();
        Checkpoint.SaveWeights(model, path, new Dictionary<string, string> { ["step"] = "1200", ["format"] = "pt" });

        var file = Safetensors.Read(path);
        Assert.Equal(new[] { "embed.weight", "dense.weight", "dense.bias" }, file.Names);
        Assert.Equal(new[] { 4L, 3L }, file.Info("embed.weight").Shape);
        Assert.Equal(new[] { 2L, 3L }, file.Info("dense.weight").Shape);
        Assert.Equal(new[] { 2L }, file.Info("dense.bias").Shape);
        Assert.All(file.Tensors, t => Assert.Equal(SafetensorsDType.F32, t.DType));
        Assert.Equal(new Dictionary<string, string> { ["format"] = "pt", ["step"] = "1200" }, file.Metadata.OrderBy(p => p.Key).ToDictionary());
        Assert.Equal(model.Snapshot()[12..18], file.ReadFloats("dense.weight"));
        Assert.Equal(0UL, RawSafetensors.HeaderLength(File.ReadAllBytes(path)) % 8);
    }

    [Fact]
    public void ExtraMetadataCannotChangeTheFormat()
    {
        using var folder = new TempFolder();
        string path = folder.File("tiny.safetensors");
        var e = Assert.Throws<ArgumentException>(() =>
            Checkpoint.SaveWeights(new TinyModel(), path, new Dictionary<string, string> { ["format"] = "np" }));
        Assert.Contains("\"np\"", e.Message);
        Assert.False(File.Exists(path));
    }

    [Fact]
    public void HalfBFloatAndDoubleTensorsAreConverted()
    {
        using var folder = new TempFolder();
        string path = folder.File("mixed.safetensors");
        // embed.weight as F16 (all 1.5 = 0x3E00), dense.weight as BF16 (all -2 = 0xC000), dense.bias as F64.
        byte[] f16 = Enumerable.Range(0, 12).SelectMany(_ => new byte[] { 0x00, 0x3E }).ToArray();
        byte[] bf16 = Enumerable.Range(0, 6).SelectMany(_ => new byte[] { 0x00, 0xC0 }).ToArray();
        byte[] f64 = [.. BitConverter.GetBytes(0.1), .. BitConverter.GetBytes(-1e300)];
        Safetensors.Write(
            path,
            [
                SafetensorsTensor.FromBytes("embed.weight", SafetensorsDType.F16, [4, 3], f16),
                SafetensorsTensor.FromBytes("dense.weight", SafetensorsDType.BF16, [2, 3], bf16),
                SafetensorsTensor.FromBytes("dense.bias", SafetensorsDType.F64, [2], f64),
            ],
            null);

        var model = new TinyModel();
        Checkpoint.LoadWeights(model, path, new CheckpointLoadOptions { AllowNonFiniteValues = true });
        float[] expected = [.. Enumerable.Repeat(1.5f, 12), .. Enumerable.Repeat(-2f, 6), 0.1f, float.NegativeInfinity];
        Assert.Equal(expected, model.Snapshot());
    }

    [Fact]
    public void MissingParameterIsNamedWithItsExpectedShapeAndTheModelIsUnchanged()
    {
        using var folder = new TempFolder();
        string path = folder.File("missing.safetensors");
        Safetensors.Write(
            path,
            [new SafetensorsTensor("embed.weight", [4, 3], new float[12]), new SafetensorsTensor("dense.weight", [2, 3], new float[6])],
            null);

        string message = AssertLoadFailsAndChangesNothing(path);
        Assert.Contains("missing parameter 'dense.bias': expected F32 [2]", message);
    }

    [Fact]
    public void UnexpectedTensorsAreAllListedAndTheModelIsUnchanged()
    {
        using var folder = new TempFolder();
        string path = folder.File("unexpected.safetensors");
        Safetensors.Write(
            path,
            [
                .. FullTensors(),
                new SafetensorsTensor("dense.extra", [1], new float[1]),
                new SafetensorsTensor("step", [], new[] { 5L }),
            ],
            null);

        string message = AssertLoadFailsAndChangesNothing(path);
        Assert.Contains("2 unexpected tensors the model has no parameter for: 'dense.extra' [1], 'step' []", message);
    }

    [Fact]
    public void WrongShapeIsReportedWithBothShapesAndTheModelIsUnchanged()
    {
        using var folder = new TempFolder();
        string path = folder.File("shape.safetensors");
        var tensors = FullTensors();
        tensors[1] = new SafetensorsTensor("dense.weight", [3, 2], new float[6]);
        Safetensors.Write(path, tensors, null);

        string message = AssertLoadFailsAndChangesNothing(path);
        Assert.Contains("parameter 'dense.weight': wrong shape: expected F32 [2, 3], found F32 [3, 2]", message);
    }

    [Fact]
    public void WrongDTypeIsReportedWithBothDTypesAndTheModelIsUnchanged()
    {
        using var folder = new TempFolder();
        string path = folder.File("dtype.safetensors");
        var tensors = FullTensors();
        tensors[2] = new SafetensorsTensor("dense.bias", [2], new[] { 1L, 2L });
        Safetensors.Write(path, tensors, null);

        string message = AssertLoadFailsAndChangesNothing(path);
        Assert.Contains("parameter 'dense.bias': wrong dtype: expected F32 [2], found I64 [2]", message);
    }

    [Fact]
    public void EveryProblemIsListedInOneMessage()
    {
        using var folder = new TempFolder();
        string path = folder.File("all.safetensors");
        Safetensors.Write(
            path,
            [
                new SafetensorsTensor("embed.weight", [3, 4], new float[12]),
                new SafetensorsTensor("dense.bias", [2], new[] { 1, 2 }),
                new SafetensorsTensor("encoder.weight", [2], new float[2]),
            ],
            null);

        string message = AssertLoadFailsAndChangesNothing(path);
        Assert.Contains("4 problems", message);
        Assert.Contains("parameter 'embed.weight': wrong shape: expected F32 [4, 3], found F32 [3, 4]", message);
        Assert.Contains("missing parameter 'dense.weight': expected F32 [2, 3]", message);
        Assert.Contains("parameter 'dense.bias': wrong dtype: expected F32 [2], found I32 [2]", message);
        Assert.Contains("1 unexpected tensor the model has no parameter for: 'encoder.weight' [2]", message);
    }

    [Fact]
    public void MalformedFileLeavesTheModelUnchanged()
    {
        using var folder = new TempFolder();
        string path = folder.File("broken.safetensors");
        File.WriteAllBytes(path, RawSafetensors.Build("""{"embed.weight":{"dtype":"F32","shape":[4,3],"data_offsets":[0,48]}}""", new byte[40]));
        var model = new TinyModel();
        float[] before = model.Snapshot();
        var e = Assert.Throws<InvalidDataException>(() => Checkpoint.LoadWeights(model, path));
        Assert.Contains("tensor 'embed.weight': data_offsets [0, 48] run past the end of the data", e.Message);
        Assert.Equal(before, model.Snapshot());
    }

    private static SafetensorsTensor[] FullTensors() =>
    [
        new SafetensorsTensor("embed.weight", [4, 3], Enumerable.Repeat(9f, 12).ToArray()),
        new SafetensorsTensor("dense.weight", [2, 3], Enumerable.Repeat(9f, 6).ToArray()),
        new SafetensorsTensor("dense.bias", [2], new[] { 9f, 9f }),
    ];

    private static string AssertLoadFailsAndChangesNothing(string path)
    {
        var model = new TinyModel();
        float[] before = model.Snapshot();
        var e = Assert.Throws<InvalidDataException>(() => Checkpoint.LoadWeights(model, path));
        Assert.Equal(before, model.Snapshot());
        Assert.Contains($"Cannot load weights from '{Path.GetFullPath(path)}' into TinyModel", e.Message);
        return e.Message;
    }
}
