using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using AttentionGen.Checkpoints;

namespace AttentionGen.Runtime.Tests.Checkpoints;

public class SafetensorsWriteTests
{
    [Fact]
    public void SmallFileIsLaidOutByteForByte()
    {
        using var folder = new TempFolder();
        string path = folder.File("small.safetensors");
        Safetensors.Write(
            path,
            [
                new SafetensorsTensor("a", [2], new[] { 1f, -2f }),
                new SafetensorsTensor("b", [1], new[] { 3L }),
                new SafetensorsTensor("c", [], new[] { -1 }),
            ],
            new Dictionary<string, string> { ["format"] = "pt" });

        // 193 bytes of JSON, padded with 7 spaces to 200 = 0xC8.
        const string header =
            """{"__metadata__":{"format":"pt"},"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"b":{"dtype":"I64","shape":[1],"data_offsets":[8,16]},"c":{"dtype":"I32","shape":[],"data_offsets":[16,20]}}""" + "       ";
        Assert.Equal(200, header.Length);
        byte[] expected =
        [
            0xC8, 0, 0, 0, 0, 0, 0, 0,
            .. Encoding.ASCII.GetBytes(header),
            0x00, 0x00, 0x80, 0x3F, // 1.0f
            0x00, 0x00, 0x00, 0xC0, // -2.0f
            0x03, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, // 3L
            0xFF, 0xFF, 0xFF, 0xFF, // -1
        ];
        Assert.Equal(expected, File.ReadAllBytes(path));
    }

    [Fact]
    public void StreamOverloadWritesTheSameBytesAsTheFileOverload()
    {
        using var folder = new TempFolder();
        string path = folder.File("w.safetensors");
        SafetensorsTensor[] tensors = [new("x", [3, 1], new[] { 1f, 2f, 3f }), new("ids", [2], new[] { 7L, -7L })];
        var metadata = new Dictionary<string, string> { ["k"] = "v" };
        Safetensors.Write(path, tensors, metadata);
        using var memory = new MemoryStream();
        Safetensors.Write(memory, tensors, metadata);
        Assert.Equal(File.ReadAllBytes(path), memory.ToArray());
    }

    [Theory]
    [InlineData("w")]
    [InlineData("we")]
    [InlineData("wei")]
    [InlineData("weig")]
    [InlineData("weigh")]
    [InlineData("weight")]
    [InlineData("weights")]
    [InlineData("weights_")]
    public void HeaderIsPaddedWithSpacesToAMultipleOfEight(string name)
    {
        using var folder = new TempFolder();
        string path = folder.File("pad.safetensors");
        Safetensors.Write(path, [new SafetensorsTensor(name, [1], new[] { 5f })], null);
        byte[] bytes = File.ReadAllBytes(path);
        ulong n = RawSafetensors.HeaderLength(bytes);
        Assert.Equal(0UL, n % 8);
        string text = RawSafetensors.HeaderText(bytes);
        string json = text.TrimEnd(' ');
        Assert.EndsWith("}", json);
        Assert.True(text.Length - json.Length < 8);
        Assert.Equal(8 + (long)n + 4, bytes.Length);
        Assert.Equal(5f, BitConverter.ToSingle(bytes, 8 + (int)n));
    }

    [Fact]
    public void MetadataRoundTripsAndIsWrittenOnlyWhenGiven()
    {
        using var folder = new TempFolder();
        string with = folder.File("with.safetensors");
        var metadata = new Dictionary<string, string>
        {
            ["format"] = "pt",
            ["note"] = "ümlaut, \"quotes\", back\\slash, a+b <tag> & tab\t",
            ["empty"] = "",
        };
        Safetensors.Write(with, [new SafetensorsTensor("t", [1], new[] { 1f })], metadata);
        var file = Safetensors.Read(with);
        Assert.Equal(metadata.OrderBy(p => p.Key), file.Metadata.OrderBy(p => p.Key));
        Assert.Equal("pt", file.Metadata["format"]);
        // Keys are written in ordinal order, so equal inputs give equal files.
        Assert.StartsWith("""{"__metadata__":{"empty":"","format":"pt","note":""", RawSafetensors.HeaderText(File.ReadAllBytes(with)));

        string without = folder.File("without.safetensors");
        Safetensors.Write(without, [new SafetensorsTensor("t", [1], new[] { 1f })], null);
        Assert.DoesNotContain("__metadata__", RawSafetensors.HeaderText(File.ReadAllBytes(without)));
        Assert.Empty(Safetensors.Read(without).Metadata);
    }

    [Fact]
    public void TensorsRoundTripBitForBit()
    {
        using var folder = new TempFolder();
        string path = folder.File("rt.safetensors");
        float[] floats = [-0f, float.Epsilon, BitConverter.Int32BitsToSingle(0x7FC0_0BAD), float.NegativeInfinity, 1f / 3f, -123.456f];
        long[] longs = [long.MinValue, -1, 0, long.MaxValue];
        int[] ints = [int.MinValue, -2, int.MaxValue];
        Safetensors.Write(
            path,
            [
                new SafetensorsTensor("f", [2, 3], floats),
                new SafetensorsTensor("l", [4], longs),
                new SafetensorsTensor("i", [3, 1], ints),
                new SafetensorsTensor("empty", [0, 5], Array.Empty<float>()),
                SafetensorsTensor.FromBytes("raw", SafetensorsDType.F16, [2], new byte[] { 0x00, 0x3C, 0x00, 0xC0 }),
            ],
            null);

        var file = Safetensors.Read(path);
        Assert.Equal(new[] { "f", "l", "i", "empty", "raw" }, file.Names);
        Assert.Equal(
            floats.Select(BitConverter.SingleToInt32Bits),
            file.ReadFloats("f").Select(BitConverter.SingleToInt32Bits));
        Assert.Equal(longs, file.ReadInt64s("l"));
        Assert.Equal(ints.Select(v => (long)v), file.ReadInt64s("i"));
        Assert.Empty(file.ReadFloats("empty"));
        Assert.Equal(new[] { 1f, -2f }, file.ReadFloats("raw"));
        Assert.Equal(SafetensorsDType.I32, file.Info("i").DType);
        Assert.Equal(new[] { 3L, 1L }, file.Info("i").Shape);
        Assert.Equal(new[] { 0L, 5L }, file.Info("empty").Shape);
        Assert.Equal((24L, 56L), (file.Info("l").DataBegin, file.Info("l").DataEnd));
        Assert.Equal(0, file.DataStart % 8);
    }

    [Fact]
    public void TensorWhoseDataDoesNotMatchItsShapeIsRefusedWhenCreated()
    {
        var e = Assert.Throws<ArgumentException>(() => new SafetensorsTensor("dense.weight", [2, 3], new float[5]));
        Assert.Contains("'dense.weight'", e.Message);
        Assert.Contains("[2, 3] needs 6 elements but the data holds 5", e.Message);

        var negative = Assert.Throws<ArgumentException>(() => new SafetensorsTensor("t", [2, -1], new float[0]));
        Assert.Contains("dimension 1 of shape [2, -1] is -1", negative.Message);

        var ragged = Assert.Throws<ArgumentException>(() => SafetensorsTensor.FromBytes("h", SafetensorsDType.F16, [2], new byte[3]));
        Assert.Contains("3 bytes is not a whole number of F16 elements", ragged.Message);
    }

    [Fact]
    public void DuplicateAndReservedNamesAreRefused()
    {
        using var folder = new TempFolder();
        string path = folder.File("bad.safetensors");
        var duplicate = Assert.Throws<ArgumentException>(() => Safetensors.Write(
            path, [new SafetensorsTensor("w", [1], new[] { 1f }), new SafetensorsTensor("w", [1], new[] { 2f })], null));
        Assert.Contains("'w' appears twice, at tensors[0] and tensors[1]", duplicate.Message);

        var reserved = Assert.Throws<ArgumentException>(() => Safetensors.Write(
            path, [new SafetensorsTensor("__metadata__", [1], new[] { 1f })], null));
        Assert.Contains("reserves", reserved.Message);
        Assert.False(File.Exists(path));
        Assert.Empty(folder.TemporaryFiles());
    }

    [Fact]
    public void NamesAndMetadataWithALoneSurrogateAreRefusedInsteadOfChanged()
    {
        using var folder = new TempFolder();
        string path = folder.File("surrogate.safetensors");
        var e = Assert.Throws<ArgumentException>(() => Safetensors.Write(path, [new SafetensorsTensor("w\udc00", [1], new[] { 1f })], null));
        Assert.Contains("tensors[0]'s name, 'w\\udc00', has a lone UTF-16 surrogate at position 1", e.Message);
        e = Assert.Throws<ArgumentException>(() => Safetensors.Write(path, [new SafetensorsTensor("w", [1], new[] { 1f })], new Dictionary<string, string> { ["note"] = "\ud800" }));
        Assert.Contains("the metadata value for key 'note', '\\ud800', has a lone UTF-16 surrogate", e.Message);
        Assert.False(File.Exists(path));
        Assert.Empty(folder.TemporaryFiles());
    }
}
