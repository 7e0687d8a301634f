using System.Collections.Generic;
using System.IO;
using System.Linq;
using SkiaSharp;

namespace AttentionGen.Reports.Tests;

public class PictureTests
{
    private static readonly byte[] PngSignature = { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A };

    [Fact]
    public void A_chart_is_a_png_of_a_readable_size_with_more_than_one_colour()
    {
        using var directory = new TemporaryDirectory();
        var report = new RunReport("Chart");
        report.SetAxes("Loss", "step", "nats");
        for (int step = 0; step < 50; step++)
        {
            report.AddPoint("Loss", "train", step, 3.0 / (1 + step));
            report.AddPoint("Loss", "validation", step, 3.5 / (1 + step));
        }
        report.Write(directory.Path);

        using SKBitmap bitmap = DecodePng(Path.Combine(directory.Path, "chart-01-loss.png"));
        Assert.InRange(bitmap.Width, 600, 2000);
        Assert.InRange(bitmap.Height, 400, 2000);
        Assert.True(DistinctColours(bitmap) > 10, "the chart should not be blank");
    }

    [Theory]
    [InlineData(1, 5, 5)]
    [InlineData(4, 12, 12)]
    [InlineData(2, 3, 200)]
    [InlineData(8, 64, 64)]
    public void An_attention_map_is_a_png_that_grows_with_heads_and_stays_within_bounds(int heads, int queries, int keys)
    {
        using var directory = new TemporaryDirectory();
        var report = new RunReport("Map");
        float[] weights = Enumerable.Repeat(1f / keys, heads * queries * keys).ToArray();
        string[] queryTokens = Enumerable.Range(0, queries).Select(i => "q" + i).ToArray();
        string[] keyTokens = Enumerable.Range(0, keys).Select(i => "key" + i).ToArray();
        report.AddAttentionMap("Uniform", queryTokens, keyTokens, weights, heads);
        report.Write(directory.Path);

        using SKBitmap bitmap = DecodePng(Path.Combine(directory.Path, "attention-01-uniform.png"));
        int columns = (int)Math.Ceiling(Math.Sqrt(heads));
        int rows = (heads + columns - 1) / columns;
        Assert.InRange(bitmap.Width, 300 * columns, 1600 * columns);
        Assert.InRange(bitmap.Height, 150 * rows, 1600 * rows);
        Assert.True(DistinctColours(bitmap) > 10, "the map should not be blank");
    }

    [Fact]
    public void Characters_the_font_lacks_are_drawn_as_code_points()
    {
        Assert.Equal("U+4F60U+597D", ReportFonts.Displayable("你好"));
        Assert.Equal("abc é", ReportFonts.Displayable("abc é"));
        Assert.Equal("a\\nb", ReportFonts.Displayable("a\nb"));
    }

    [Fact]
    public void Chinese_tokens_render_without_error()
    {
        using var directory = new TemporaryDirectory();
        var report = new RunReport("翻译 cross-attention");
        report.AddAttentionMap("翻译", new[] { "我", "爱", "你" }, new[] { "I", "love", "you" }, Enumerable.Repeat(1f / 3, 9).ToArray(), 1);
        report.AddPoint("BLEU 分数", "验证", 1, 10);
        report.Write(directory.Path);

        Assert.Equal(2, Directory.GetFiles(directory.Path, "*.png").Length);
    }

    private static SKBitmap DecodePng(string path)
    {
        byte[] bytes = File.ReadAllBytes(path);
        Assert.True(bytes.AsSpan(0, 8).SequenceEqual(PngSignature), $"{path} does not start with the PNG signature");
        Assert.True(bytes.AsSpan(bytes.Length - 8, 4).SequenceEqual("IEND"u8), $"{path} does not end with the IEND chunk");
        using var codec = SKCodec.Create(new MemoryStream(bytes));
        Assert.Equal(SKEncodedImageFormat.Png, codec.EncodedFormat);
        return SKBitmap.Decode(bytes);
    }

    private static int DistinctColours(SKBitmap bitmap)
    {
        var colours = new HashSet<uint>();
        for (int y = 0; y < bitmap.Height; y += 3)
        {
            for (int x = 0; x < bitmap.Width; x += 3)
                colours.Add((uint)bitmap.GetPixel(x, y));
        }
        return colours.Count;
    }
}
