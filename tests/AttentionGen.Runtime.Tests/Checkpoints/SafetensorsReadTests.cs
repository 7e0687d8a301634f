using System.Collections.Generic;
using System.IO;
using System.Text;
using AttentionGen.Checkpoints;

namespace AttentionGen.Runtime.Tests.Checkpoints;

public class SafetensorsReadTests
{
    [Fact]
    public void ReadsAHandMadeFileOfHalfBFloatAndIntegerTensors()
    {
        // Unpadded header, unaligned tensors, metadata last and an unknown entry key: all legal.
        const string header =
            """{"h":{"dtype":"F16","shape":[3],"data_offsets":[0,6]},"b":{"dtype":"BF16","shape":[2,1],"data_offsets":[6,10]}"""
            + ""","i":{"dtype":"I64","shape":[2],"data_offsets":[10,26]},"d":{"dtype":"F64","shape":[],"data_offsets":[26,34]}"""
            + ""","s":{"dtype":"I8","shape":[2],"data_offsets":[34,36]},"u":{"dtype":"U8","shape":[1],"data_offsets":[36,37],"extra":true}"""
            + ""","q":{"dtype":"BOOL","shape":[2],"data_offsets":[37,39]},"k":{"dtype":"I16","shape":[1],"data_offsets":[39,41]}"""
            + ""","__metadata__":{"source":"hand"}}""";
        byte[] data =
        [
            0x00, 0x3C, 0x00, 0xC0, 0x00, 0x38, // F16 1, -2, 0.5
            0x80, 0x3F, 0x40, 0xC0, // BF16 1, -3
            0xFB, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, // I64 -5
            0x00, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, // I64 2^40
            0x9A, 0x99, 0x99, 0x99, 0x99, 0x99, 0xB9, 0x3F, // F64 0.1
            0xFF, 0x80, // I8 -1, -128
            0xFF, // U8 255
            0x00, 0x01, // BOOL false, true
            0xD4, 0xFE, // I16 -300
        ];
        using var folder = new TempFolder();
        string path = folder.File("hand.safetensors");
        File.WriteAllBytes(path, RawSafetensors.Build(header, data));

        var file = Safetensors.Read(path);
        Assert.Equal(new[] { "h", "b", "i", "d", "s", "u", "q", "k" }, file.Names);
        Assert.Equal("hand", Assert.Single(file.Metadata).Value);
        Assert.True(file.Contains("b"));
        Assert.False(file.Contains("B"));
        Assert.Equal(SafetensorsDType.BF16, file.Info("b").DType);
        Assert.Equal(new[] { 2L, 1L }, file.Info("b").Shape);
        Assert.Empty(file.Info("d").Shape);

        Assert.Equal(new[] { 1f, -2f, 0.5f }, file.ReadFloats("h"));
        Assert.Equal(new[] { 1f, -3f }, file.ReadFloats("b"));
        Assert.Equal(new[] { 0.1f }, file.ReadFloats("d"));
        Assert.Equal(new[] { -5L, 1L << 40 }, file.ReadInt64s("i"));
        Assert.Equal(new[] { -1L, -128L }, file.ReadInt64s("s"));
        Assert.Equal(new[] { 255L }, file.ReadInt64s("u"));
        Assert.Equal(new[] { 0L, 1L }, file.ReadInt64s("q"));
        Assert.Equal(new[] { -300L }, file.ReadInt64s("k"));
        Assert.Equal(new byte[] { 0x80, 0x3F, 0x40, 0xC0 }, file.ReadBytes("b"));

        var intoSpan = new float[3];
        file.ReadFloats("h", intoSpan);
        Assert.Equal(new[] { 1f, -2f, 0.5f }, intoSpan);
    }

    [Fact]
    public void WrongKindOfReadAndUnknownNamesSayWhatTheTensorIs()
    {
        using var folder = new TempFolder();
        string path = folder.File("kinds.safetensors");
        Safetensors.Write(path, [new SafetensorsTensor("ids", [2], new[] { 1L, 2L }), new SafetensorsTensor("w", [2], new[] { 1f, 2f })], null);
        var file = Safetensors.Read(path);

        var floats = Assert.Throws<InvalidOperationException>(() => file.ReadFloats("ids"));
        Assert.Contains("'ids'", floats.Message);
        Assert.Contains("dtype I64", floats.Message);
        var ints = Assert.Throws<InvalidOperationException>(() => file.ReadInt64s("w"));
        Assert.Contains("'w'", ints.Message);
        Assert.Contains("dtype F32", ints.Message);
        var missing = Assert.Throws<KeyNotFoundException>(() => file.Info("nope"));
        Assert.Contains("'nope'", missing.Message);
        Assert.Contains("'ids', 'w'", missing.Message);
        var shortSpan = Assert.Throws<ArgumentException>(() => file.ReadFloats("w", new float[3]));
        Assert.Contains("holds 3 elements but tensor 'w' [2]", shortSpan.Message);
    }

    [Fact]
    public void ReadHoldsTheFileAsItWasAndKeepsNothingOpen()
    {
        using var folder = new TempFolder();
        string path = folder.File("closed.safetensors");
        Safetensors.Write(path, [new SafetensorsTensor("w", [2], new[] { 1f, 2f })], null);
        var file = Safetensors.Read(path);
        using (var exclusive = new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.None))
        {
            exclusive.Position = exclusive.Length - 8;
            exclusive.Write(new byte[8]);
            exclusive.SetLength(exclusive.Length + 8);
        }

        Assert.Equal(new[] { 1f, 2f }, file.ReadFloats("w"));
    }

    [Fact]
    public void AnOpenFileNoticesAChangeInPlace()
    {
        using var folder = new TempFolder();
        string path = folder.File("open.safetensors");
        Safetensors.Write(path, [new SafetensorsTensor("w", [2], new[] { 1f, 2f })], null);
        using var file = Safetensors.Open(path);
        file.ReadFloats("w");
        using (var writer = new FileStream(path, FileMode.Open, FileAccess.Write, FileShare.ReadWrite))
        {
            writer.SetLength(writer.Length + 8);
        }

        var e = Assert.Throws<InvalidDataException>(() => file.ReadFloats("w"));
        Assert.Contains(path, e.Message);
        Assert.Contains("changed in place while it was read", e.Message);
    }

    [Fact]
    public void AnOpenFileKeepsReadingTheFileItOpenedWhenAnotherIsMovedOverIt()
    {
        using var folder = new TempFolder();
        string path = folder.File("replaced.safetensors");
        Safetensors.Write(path, [new SafetensorsTensor("w", [2], new[] { 1f, 2f })], null);
        using var file = Safetensors.Open(path);
        Safetensors.Write(path, [new SafetensorsTensor("w", [2], new[] { 3f, 4f })], null);
        Assert.Equal(new[] { 1f, 2f }, file.ReadFloats("w"));
        Assert.Equal(new[] { 3f, 4f }, Safetensors.Read(path).ReadFloats("w"));
        file.Dispose();
        Assert.Throws<ObjectDisposedException>(() => file.ReadFloats("w"));
    }

    [Fact]
    public void UnrepresentableIntegerValuesAreReported()
    {
        using var folder = new TempFolder();
        string path = folder.File("ints.safetensors");
        Safetensors.Write(
            path,
            [
                SafetensorsTensor.FromBytes("big", SafetensorsDType.U64, [1], new byte[] { 0, 0, 0, 0, 0, 0, 0, 0x80 }),
                SafetensorsTensor.FromBytes("flag", SafetensorsDType.Bool, [2], new byte[] { 1, 2 }),
            ],
            null);
        var file = Safetensors.Read(path);
        Assert.Contains("U64 element 0 is 9223372036854775808", Assert.Throws<InvalidDataException>(() => file.ReadInt64s("big")).Message);
        Assert.Contains("BOOL element 1 is byte 2", Assert.Throws<InvalidDataException>(() => file.ReadInt64s("flag")).Message);
    }

    [Theory]
    [InlineData("""{"\udc00":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}""", "a tensor name in the header, \"\\udc00\", escapes a lone UTF-16 surrogate")]
    [InlineData("""{"__metadata__":{"note":"\ud800x"},"w":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}""", "the '__metadata__' value for key 'note', \"\\ud800x\", escapes a lone UTF-16 surrogate")]
    [InlineData("""{"__metadata__":{"\udfff":"v"},"w":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}""", "a '__metadata__' key in the header, \"\\udfff\", escapes a lone UTF-16 surrogate")]
    [InlineData("""{"w":{"dtype":"F\udc0032","shape":[1],"data_offsets":[0,4]}}""", "the dtype of tensor 'w', \"F\\udc0032\", escapes a lone UTF-16 surrogate")]
    public void LoneSurrogateEscapesAreInvalidData(string header, string fragment)
    {
        AssertInvalid(RawSafetensors.Build(header, new byte[4]), fragment);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(5)]
    public void FileShorterThanTheLengthPrefix(int length)
    {
        AssertInvalid(new byte[length], $"the file is {length} bytes long, shorter than the 8-byte header length");
    }

    [Fact]
    public void HeaderLengthPastTheEndOfTheFile()
    {
        byte[] header = Encoding.UTF8.GetBytes("{\"a\":1}  ");
        AssertInvalid(RawSafetensors.Build(100, header, []), "the header length is 100 bytes but only 9 bytes follow");
    }

    [Theory]
    [InlineData(100_000_001UL, "100000001")]
    [InlineData(ulong.MaxValue, "18446744073709551615")]
    public void AbsurdHeaderLength(ulong declared, string shown)
    {
        AssertInvalid(RawSafetensors.Build(declared, new byte[16], []), $"the header length is {shown} bytes, more than the 100000000-byte limit");
    }

    [Theory]
    [InlineData(new byte[] { 0x7B, 0x22, 0x77, 0xFF, 0x22, 0x3A, 0x31, 0x7D }, "byte 3 of the header (0xFF)")]
    [InlineData(new byte[] { 0x7B, 0x22, 0xC0, 0x80, 0x22, 0x3A, 0x31, 0x7D }, "byte 2 of the header (0xC0)")]
    public void HeaderThatIsNotUtf8(byte[] header, string where)
    {
        AssertInvalid(RawSafetensors.Build(header, []), "the header is not valid UTF-8", where);
    }

    [Theory]
    // Not JSON, or not an object.
    [InlineData("", 0, "the header is not valid JSON")]
    [InlineData("""{"w":""", 0, "the header is not valid JSON")]
    [InlineData("""{"w":1,}""", 0, "the header is not valid JSON")]
    [InlineData("[1,2]", 0, "the header is a JSON array, not an object")]
    [InlineData("\"w\"", 0, "the header is a JSON string, not an object")]
    // Entries that are missing a field or have one of the wrong type.
    [InlineData("""{"w":[1]}""", 0, "tensor 'w': the entry is a JSON array ([1]), not an object")]
    [InlineData("""{"w":{"shape":[1],"data_offsets":[0,4]}}""", 4, "tensor 'w': the entry has no \"dtype\"")]
    [InlineData("""{"w":{"dtype":"F32","data_offsets":[0,4]}}""", 4, "tensor 'w': the entry has no \"shape\"")]
    [InlineData("""{"w":{"dtype":"F32","shape":[1]}}""", 4, "tensor 'w': the entry has no \"data_offsets\"")]
    [InlineData("""{"w":{"dtype":32,"shape":[1],"data_offsets":[0,4]}}""", 4, "tensor 'w': \"dtype\" is a JSON number (32), not a string")]
    [InlineData("""{"w":{"dtype":"F32","shape":"1","data_offsets":[0,4]}}""", 4, "tensor 'w': \"shape\" is a JSON string (\"1\"), not an array of integers")]
    [InlineData("""{"w":{"dtype":"F32","shape":[1.5],"data_offsets":[0,4]}}""", 4, "tensor 'w': element 0 of \"shape\" [1.5] is 1.5, not a 64-bit integer")]
    [InlineData("""{"w":{"dtype":"F32","shape":[1],"data_offsets":[0]}}""", 4, "tensor 'w': \"data_offsets\" [0] has 1 elements, not 2")]
    [InlineData("""{"w":{"dtype":"F32","shape":[1],"data_offsets":[0,"4"]}}""", 4, "tensor 'w': element 1 of \"data_offsets\" [0,\"4\"] is \"4\", not a 64-bit integer")]
    [InlineData("""{"w":{"dtype":"F32","dtype":"F32","shape":[1],"data_offsets":[0,4]}}""", 4, "tensor 'w': \"dtype\" appears twice in the entry")]
    // Values that are well-typed but wrong.
    [InlineData("""{"w":{"dtype":"F33","shape":[1],"data_offsets":[0,4]}}""", 4, "tensor 'w': unknown dtype 'F33'; known dtypes are BOOL, U8")]
    [InlineData("""{"w":{"dtype":"f32","shape":[1],"data_offsets":[0,4]}}""", 4, "tensor 'w': unknown dtype 'f32'")]
    [InlineData("""{"w":{"dtype":"F32","shape":[2,-1],"data_offsets":[0,0]}}""", 0, "tensor 'w': dimension 1 of shape [2, -1] is -1; dimensions must be 0 or more")]
    [InlineData("""{"w":{"dtype":"F32","shape":[4294967296,4294967296],"data_offsets":[0,0]}}""", 0, "tensor 'w': shape [4294967296, 4294967296] has more elements than a 64-bit count holds")]
    [InlineData("""{"w":{"dtype":"F32","shape":[1],"data_offsets":[8,4]}}""", 8, "tensor 'w': data_offsets [8, 4] end before they begin")]
    [InlineData("""{"w":{"dtype":"F32","shape":[1],"data_offsets":[-4,0]}}""", 4, "tensor 'w': data_offsets [-4, 0] are negative")]
    [InlineData("""{"w":{"dtype":"F32","shape":[2,3],"data_offsets":[0,20]}}""", 24, "tensor 'w': data_offsets [0, 20] span 20 bytes but dtype F32 with shape [2, 3] needs 6 × 4 = 24 bytes")]
    [InlineData("""{"w":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}""", 4, "tensor 'w': data_offsets [0, 8] run past the end of the data, which is 4 bytes after the header")]
    [InlineData("""{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"b":{"dtype":"F32","shape":[2],"data_offsets":[4,12]}}""", 12, "tensors 'a' (data_offsets [0, 8]) and 'b' (data_offsets [4, 12]) overlap")]
    [InlineData("""{"a":{"dtype":"F32","shape":[4],"data_offsets":[0,16]},"b":{"dtype":"F32","shape":[1],"data_offsets":[16,20]},"c":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}""", 20, "tensors 'a' (data_offsets [0, 16]) and 'c' (data_offsets [4, 8]) overlap")]
    [InlineData("""{"a":{"dtype":"I32","shape":[1],"data_offsets":[0,4]},"b":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}""", 4, "tensors 'a' (data_offsets [0, 4]) and 'b' (data_offsets [0, 4]) overlap")]
    [InlineData("""{"w":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"w":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}""", 8, "tensor 'w' appears twice in the header")]
    // Metadata.
    [InlineData("""{"__metadata__":{"format":1}}""", 0, "'__metadata__' value for key 'format' is a JSON number (1), not a string")]
    [InlineData("""{"__metadata__":{"format":null}}""", 0, "'__metadata__' value for key 'format' is a JSON null (null), not a string")]
    [InlineData("""{"__metadata__":["pt"]}""", 0, "'__metadata__' is a JSON array ([\"pt\"]), not an object of strings")]
    [InlineData("""{"__metadata__":{},"__metadata__":{}}""", 0, "'__metadata__' appears twice in the header")]
    public void MalformedHeader(string header, int dataLength, string problem)
    {
        AssertInvalid(RawSafetensors.Build(header, new byte[dataLength]), problem);
    }

    [Fact]
    public void EmptyTensorsMayShareAnOffsetAndGapsAreAllowed()
    {
        using var folder = new TempFolder();
        string path = folder.File("gaps.safetensors");
        const string header =
            """{"e":{"dtype":"F32","shape":[0],"data_offsets":[4,4]},"f":{"dtype":"F32","shape":[0,3],"data_offsets":[4,4]},"w":{"dtype":"F32","shape":[1],"data_offsets":[8,12]}}""";
        File.WriteAllBytes(path, RawSafetensors.Build(header, [1, 2, 3, 4, 0, 0, 0, 0, 0x00, 0x00, 0x80, 0x3F]));
        var file = Safetensors.Read(path);
        Assert.Empty(file.ReadFloats("e"));
        Assert.Equal(new[] { 1f }, file.ReadFloats("w"));
    }

    private static void AssertInvalid(byte[] contents, params string[] fragments)
    {
        using var folder = new TempFolder();
        string path = folder.File("bad.safetensors");
        File.WriteAllBytes(path, contents);
        var e = Assert.Throws<InvalidDataException>(() => Safetensors.Read(path));
        Assert.Contains($"Invalid safetensors file '{path}': ", e.Message);
        foreach (string fragment in fragments) Assert.Contains(fragment, e.Message);
    }
}
