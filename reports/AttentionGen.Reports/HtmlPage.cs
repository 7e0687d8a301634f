using System;
using System.Collections.Generic;
using System.Globalization;
using System.Net;
using System.Text;

namespace AttentionGen.Reports;

/// <summary>The report's index.html: one self-contained page (inline style, relative image links), every text escaped.</summary>
internal static class HtmlPage
{
    /// <summary>
    /// A picture on the page; <paramref name="File"/> is null when there was nothing to draw. <paramref name="Tables"/>,
    /// when set, is the same data as HTML (an attention map whose tokens the PNG's font cannot draw).
    /// </summary>
    public sealed record Picture(string Title, string? File, string Caption, string? Tables = null);

    private const string Style = """
        body { font-family: "DejaVu Sans", Verdana, sans-serif; margin: 2em auto; max-width: 1200px; padding: 0 1em; color: #222; }
        h1 { font-size: 1.6em; } h2 { font-size: 1.25em; margin-top: 2em; border-bottom: 1px solid #ccc; }
        table { border-collapse: collapse; } td, th { border: 1px solid #ccc; padding: 0.3em 0.8em; text-align: left; vertical-align: top; }
        th { background: #f3f3f3; } figure { margin: 1.5em 0; } img { max-width: 100%; border: 1px solid #ddd; }
        figcaption { color: #555; font-size: 0.9em; } pre { background: #f7f7f7; padding: 0.8em; white-space: pre-wrap; overflow-wrap: anywhere; }
        .note { color: #777; }
        table.heat { margin: 0.8em 0; font-size: 0.85em; } table.heat td, table.heat th { padding: 0.15em 0.35em; text-align: center; }
        table.heat caption { text-align: left; color: #555; }
        """;

    public static byte[] Render(RunReport report, IReadOnlyList<Picture> charts, IReadOnlyList<Picture> maps)
    {
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
        html.Append("<title>").Append(Escape(report.Title)).Append("</title>\n");
        html.Append("<style>\n").Append(Style).Append("\n</style>\n</head>\n<body>\n");
        html.Append("<h1>").Append(Escape(report.Title)).Append("</h1>\n");
        html.Append("<p class=\"note\">Written ")
            .Append(Escape(DateTime.UtcNow.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture)))
            .Append(".</p>\n");

        Table(html, "Settings", report.Settings);
        Table(html, "Results", report.Results);
        Pictures(html, "Charts", charts);
        Pictures(html, "Attention maps", maps);

        if (report.Texts.Count > 0)
        {
            html.Append("<h2>Texts</h2>\n");
            foreach (var (heading, text) in report.Texts)
                html.Append("<h3>").Append(Escape(heading)).Append("</h3>\n<pre>").Append(Escape(text)).Append("</pre>\n");
        }
        html.Append("</body>\n</html>\n");
        return new UTF8Encoding(encoderShouldEmitUTF8Identifier: false).GetBytes(html.ToString());
    }

    private static void Table(StringBuilder html, string heading, IReadOnlyList<KeyValuePair<string, string>> rows)
    {
        if (rows.Count == 0)
            return;
        html.Append("<h2>").Append(heading).Append("</h2>\n<table>\n");
        foreach (var (name, value) in rows)
            html.Append("<tr><th>").Append(Escape(name)).Append("</th><td>").Append(Escape(value)).Append("</td></tr>\n");
        html.Append("</table>\n");
    }

    private static void Pictures(StringBuilder html, string heading, IReadOnlyList<Picture> pictures)
    {
        if (pictures.Count == 0)
            return;
        html.Append("<h2>").Append(heading).Append("</h2>\n");
        foreach (Picture picture in pictures)
        {
            html.Append("<figure>\n");
            if (picture.File is not null)
                html.Append("<img src=\"").Append(Uri.EscapeDataString(picture.File)).Append("\" alt=\"").Append(Escape(picture.Title)).Append("\">\n");
            else
                html.Append("<h3>").Append(Escape(picture.Title)).Append("</h3>\n");
            html.Append("<figcaption>").Append(Escape(picture.Caption)).Append("</figcaption>\n");
            if (picture.Tables is not null)
                html.Append("<p class=\"note\">The picture labels tokens its font cannot draw by code point; the tables below show the same weights with the tokens as written.</p>\n").Append(picture.Tables);
            html.Append("</figure>\n");
        }
    }

    private static string Escape(string text) => WebUtility.HtmlEncode(text);
}
