using System.IO;
using System.Linq;
using System.Text;
using AttentionGen.Checkpoints;

namespace AttentionGen.Runtime.Tests.Checkpoints;

/// <summary>Names from a file reach messages escaped and shortened: they can neither forge lines nor blow a message up.</summary>
public class ForgedNameTests
{
    private static readonly string Newline = Environment.NewLine;

    [Fact]
    public void ANameWithNewlinesCannotForgeProblemLines()
    {
        using var folder = new TempFolder();
        string path = folder.File("forged.safetensors");
        string forged = $"x{Newline}  - missing parameter 'encoder.weight': expected F32 [2]";
        Safetensors.Write(path, [.. Full(), new SafetensorsTensor(forged, [1], new float[1])], null);

        var e = Assert.Throws<InvalidDataException>(() => Checkpoint.LoadWeights(new TinyModel(), path));
        Assert.Single(e.Message.Split(Newline)); // one problem, one line: the name's newlines are escaped
        Assert.Contains("'x\\n  - missing parameter 'encoder.weight': expected F32 [2]' [1]", e.Message.Replace("\\r", ""));
    }

    [Fact]
    public void AHugeNameIsShortenedInLoadErrors()
    {
        using var folder = new TempFolder();
        string path = folder.File("huge.safetensors");
        string huge = new string('a', 10_000_000);
        Safetensors.Write(path, [.. Full(), new SafetensorsTensor(huge, [1], new float[1])], null);

        var e = Assert.Throws<InvalidDataException>(() => Checkpoint.LoadWeights(new TinyModel(), path));
        Assert.True(e.Message.Length < 1000, $"the message is {e.Message.Length} characters");
        Assert.Contains("(9999800 characters left out)", e.Message);
    }

    [Fact]
    public void AHugeNameIsShortenedInFormatErrors()
    {
        using var folder = new TempFolder();
        string path = folder.File("huge-header.safetensors");
        string huge = new string('b', 10_000_000);
        File.WriteAllBytes(path, RawSafetensors.Build($"{{\"{huge}\":{{\"dtype\":\"Q7\",\"shape\":[1],\"data_offsets\":[0,4]}}}}", new byte[4]));

        var e = Assert.Throws<InvalidDataException>(() => Safetensors.Read(path));
        Assert.True(e.Message.Length < 1000, $"the message is {e.Message.Length} characters");
        Assert.Contains("unknown dtype 'Q7'", e.Message);
    }

    [Fact]
    public void ControlCharactersInAHeaderAreEscapedInFormatErrors()
    {
        using var folder = new TempFolder();
        string path = folder.File("control.safetensors");
        File.WriteAllBytes(path, RawSafetensors.Build("{\"w\\n\\u0007\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,8]}}", new byte[8]));

        var e = Assert.Throws<InvalidDataException>(() => Safetensors.Read(path));
        Assert.Contains("tensor 'w\\n\\u0007': data_offsets [0, 8] span 8 bytes", e.Message);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Theory]
    [InlineData("plain.name", "plain.name")]
    [InlineData("a\\b", "a\\\\b")]
    [InlineData("tab\there", "tab\\there")]
    [InlineData("bell\u0007", "bell\\u0007")]
    [InlineData("line\u2028separator", "line\\u2028separator")]
    [InlineData("pair\ud83d\ude00", "pair\ud83d\ude00")]
    public void EscapingKeepsPrintableTextAndEscapesTheRest(string text, string expected) =>
        Assert.Equal(expected, MessageText.Escape(text));

    [Fact]
    public void LoneSurrogatesAreEscaped()
    {
        // Not theory data: the test runner's serialization would replace a lone surrogate before the test saw it.
        Assert.Equal("lone\\udc00 and \\ud800", MessageText.Escape("lone\udc00 and \ud800"));
    }

    [Fact]
    public void ShorteningKeepsBothEndsAndNeverSplitsAPair()
    {
        string text = new string('a', 159) + "\ud83d\ude00" + new string('m', 1000) + "\ud83d\ude00" + new string('z', 39);
        string shown = MessageText.Escape(text);
        Assert.StartsWith(new string('a', 159) + "...(", shown);
        Assert.EndsWith(")...\ud83d\ude00" + new string('z', 39), shown);
        Assert.DoesNotContain("\\ud", shown);
        Assert.True(shown.Length <= MessageText.MaxLength + 40);
    }

    private static SafetensorsTensor[] Full() =>
    [
        new SafetensorsTensor("embed.weight", [4, 3], new float[12]),
        new SafetensorsTensor("dense.weight", [2, 3], new float[6]),
        new SafetensorsTensor("dense.bias", [2], new float[2]),
    ];
}
