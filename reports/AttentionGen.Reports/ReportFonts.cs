using System;
using System.IO;
using System.Reflection;
using System.Text;
using ScottPlot;
using SkiaSharp;

namespace AttentionGen.Reports;

/// <summary>
/// The one font every picture uses: DejaVu Sans, embedded in this assembly (licence in Fonts/LICENSE.txt). SkiaSharp's
/// dependency-free Linux library finds no system fonts, and a machine's fonts differ anyway, so the pictures never
/// depend on what is installed. Characters the font lacks (Chinese, for one) are drawn as their code point, "U+4F60",
/// never as empty boxes.
/// </summary>
internal static class ReportFonts
{
    /// <summary>The family name ScottPlot is told to use; resolved to the embedded typefaces below.</summary>
    public const string Family = "AttentionGen Reports DejaVu Sans";

    private static readonly object Gate = new();
    private static bool registered;

    public static SKTypeface Regular { get; } = Load("DejaVuSans.ttf");
    public static SKTypeface Bold { get; } = Load("DejaVuSans-Bold.ttf");

    /// <summary>Points ScottPlot's default font at the embedded typefaces. Idempotent and thread-safe.</summary>
    public static void EnsureRegistered()
    {
        lock (Gate)
        {
            if (registered)
                return;
            Fonts.FontResolvers.Insert(0, new EmbeddedFontResolver());
            Fonts.Default = Family;
            registered = true;
        }
    }

    /// <summary>
    /// The text as it can be drawn: each character the embedded font has no glyph for becomes "U+XXXX"; control
    /// characters become visible escapes, so a token such as a newline still shows as something.
    /// </summary>
    public static string Displayable(string text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (Rune rune in text.EnumerateRunes())
        {
            if (rune.Value == '\n')
                builder.Append("\\n");
            else if (rune.Value == '\t')
                builder.Append("\\t");
            else if (rune.Value == '\r')
                builder.Append("\\r");
            else if (Rune.IsControl(rune) || !Regular.ContainsGlyph(rune.Value))
                builder.Append("U+").Append(rune.Value.ToString("X4", System.Globalization.CultureInfo.InvariantCulture));
            else
                builder.Append(rune.ToString());
        }
        return builder.ToString();
    }

    private static SKTypeface Load(string file)
    {
        string name = "AttentionGen.Reports.Fonts." + file;
        using Stream stream = typeof(ReportFonts).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"The embedded font '{name}' is missing from {typeof(ReportFonts).Assembly.GetName().Name}.");
        var copy = new MemoryStream();
        stream.CopyTo(copy);
        copy.Position = 0;
        return SKTypeface.FromStream(copy)
            ?? throw new InvalidOperationException($"SkiaSharp could not read the embedded font '{name}'.");
    }

    /// <summary>Answers only for <see cref="Family"/>, so other ScottPlot users in the same process are unaffected.</summary>
    private sealed class EmbeddedFontResolver : IFontResolver
    {
        public SKTypeface? CreateTypeface(string fontName, bool bold, bool italic) =>
            fontName == Family ? (bold ? Bold : Regular) : null;

        public SKTypeface? CreateTypeface(string fontName, FontWeight weight, FontSlant slant, FontSpacing spacing) =>
            fontName == Family ? (weight >= FontWeight.SemiBold ? Bold : Regular) : null;
    }
}
