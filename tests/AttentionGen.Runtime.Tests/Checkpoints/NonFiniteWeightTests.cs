using System.IO;
using System.Linq;
using AttentionGen.Checkpoints;

namespace AttentionGen.Runtime.Tests.Checkpoints;

public class NonFiniteWeightTests
{
    [Theory]
    [InlineData(float.NaN, "NaN")]
    [InlineData(float.PositiveInfinity, "Infinity")]
    [InlineData(float.NegativeInfinity, "-Infinity")]
    public void NonFiniteWeightsAreRefusedWithTheTensorAndIndex(float bad, string shown)
    {
        using var folder = new TempFolder();
        string path = folder.File("diverged.safetensors");
        var source = new TinyModel();
        source.Parameters[12 + 4] = bad; // dense.weight element 4
        Checkpoint.SaveWeights(source, path);

        var model = new TinyModel(start: 7f);
        float[] before = model.Snapshot();
        var e = Assert.Throws<InvalidDataException>(() => Checkpoint.LoadWeights(model, path));
        Assert.Contains($"tensor 'dense.weight' element 4 is {shown}", e.Message);
        Assert.Contains("AllowNonFiniteValues", e.Message);
        Assert.Equal(before, model.Snapshot());
    }

    [Fact]
    public void NonFiniteWeightsLoadWhenTheCallerAsks()
    {
        using var folder = new TempFolder();
        string path = folder.File("diverged.safetensors");
        var source = new TinyModel();
        source.Parameters[0] = float.NaN;
        source.Parameters[19] = float.NegativeInfinity;
        Checkpoint.SaveWeights(source, path);

        var model = new TinyModel(start: 7f);
        Checkpoint.LoadWeights(model, path, new CheckpointLoadOptions { AllowNonFiniteValues = true });
        Assert.Equal(source.Snapshot().Select(BitConverter.SingleToInt32Bits), model.Snapshot().Select(BitConverter.SingleToInt32Bits));
    }

    [Fact]
    public void AnF64ValueBeyondFloatRangeIsNonFiniteToo()
    {
        using var folder = new TempFolder();
        string path = folder.File("wide.safetensors");
        Safetensors.Write(
            path,
            [
                new SafetensorsTensor("embed.weight", [4, 3], new float[12]),
                new SafetensorsTensor("dense.weight", [2, 3], new float[6]),
                SafetensorsTensor.FromBytes("dense.bias", SafetensorsDType.F64, [2], (byte[])[.. BitConverter.GetBytes(0.5), .. BitConverter.GetBytes(1e300)]),
            ],
            null);

        var e = Assert.Throws<InvalidDataException>(() => Checkpoint.LoadWeights(new TinyModel(), path));
        Assert.Contains("tensor 'dense.bias' element 1 is Infinity", e.Message);
    }
}
