using System;
using System.Globalization;
using System.Linq;
using System.Net;
using System.Text;

namespace AttentionGen.Reports;

/// <summary>
/// An attention map drawn as HTML tables, one per head, for maps whose tokens the embedded font cannot draw
/// (Chinese characters, for one). The PNG labels such tokens by code point; the browser has fonts for them, so the
/// page shows the same weights again with the tokens themselves as row and column headers.
/// </summary>
internal static class HtmlHeatMap
{
    /// <summary>Cells beyond this many per axis make a table no one can read; such maps keep only their PNG.</summary>
    public const int MaxTokens = 48;

    /// <summary>True when some token would be drawn as a code point in the PNG and the map is small enough for a table.</summary>
    public static bool Wanted(RunReport.AttentionMapEntry map) =>
        map.QueryTokens.Length <= MaxTokens && map.KeyTokens.Length <= MaxTokens
        && map.QueryTokens.Concat(map.KeyTokens).Any(token => ReportFonts.Displayable(token).Contains("U+", StringComparison.Ordinal) && !token.Contains("U+", StringComparison.Ordinal));

    /// <summary>The tables' HTML: queries down, keys across, each cell shaded by its weight relative to the map's largest.</summary>
    public static string Render(RunReport.AttentionMapEntry map)
    {
        int queries = map.QueryTokens.Length, keys = map.KeyTokens.Length;
        float largest = map.Weights.Length == 0 ? 0f : map.Weights.Max();
        var html = new StringBuilder();
        for (int head = 0; head < map.Heads; head++)
        {
            html.Append("<table class=\"heat\">\n<caption>head ").Append(head + 1).Append(" (rows: queries, columns: keys)</caption>\n<tr><th></th>");
            foreach (string key in map.KeyTokens)
                html.Append("<th>").Append(WebUtility.HtmlEncode(key)).Append("</th>");
            html.Append("</tr>\n");
            for (int query = 0; query < queries; query++)
            {
                html.Append("<tr><th>").Append(WebUtility.HtmlEncode(map.QueryTokens[query])).Append("</th>");
                for (int key = 0; key < keys; key++)
                {
                    float weight = map.Weights[(head * queries + query) * keys + key];
                    // The same light-to-dark scale for every head of the map, so heads compare by eye as in the PNG.
                    double shade = largest > 0 ? weight / largest : 0;
                    int light = (int)Math.Round(255 - 200 * shade);
                    string text = shade > 0.6 ? "#fff" : "#222";
                    html.Append("<td style=\"background:rgb(").Append(light).Append(',').Append(light).Append(",255);color:")
                        .Append(text).Append("\">").Append(weight.ToString("0.00", CultureInfo.InvariantCulture)).Append("</td>");
                }
                html.Append("</tr>\n");
            }
            html.Append("</table>\n");
        }
        return html.ToString();
    }
}
