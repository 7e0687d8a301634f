using System;
using System.Linq;
using ScottPlot;
using SkiaSharp;

namespace AttentionGen.Reports;

/// <summary>
/// One attention map as a PNG: a heat-map panel per head, laid out in a grid under the map's title. Queries run down
/// the y axis (first token at the top, as the matrix is written), keys along the x axis, every token a tick label;
/// all heads share one colour scale so their panels compare at a glance.
/// </summary>
internal static class AttentionMapRenderer
{
    private const int HeaderHeight = 56;
    private const int PanelTitleSpace = 40;
    private const int ColorBarSpace = 130;
    private const int AxisLabelSpace = 36;
    private const int MaxLabelCharacters = 10;
    private const string HeaderNote = "each row: one query's attention weights over the keys; colour: weight (one scale for all heads)";

    public static byte[] RenderPng(RunReport.AttentionMapEntry map)
    {
        ReportFonts.EnsureRegistered();
        int queries = map.QueryTokens.Length;
        int keys = map.KeyTokens.Length;
        int longest = Math.Max(queries, keys);

        // Cells shrink as sequences grow, so a panel stays about 560 pixels across; labels shrink with them, and past
        // the point where they would overlap only every stride-th token is labelled.
        int cell = Math.Clamp(560 / longest, 6, 60);
        float labelSize = longest <= 12 ? 15 : longest <= 24 ? 13 : longest <= 48 ? 11 : 9;
        int stride = Math.Max(1, (int)Math.Ceiling(labelSize * 1.2 / cell));

        string[] queryLabels = map.QueryTokens.Select(Label).ToArray();
        string[] keyLabels = map.KeyTokens.Select(Label).ToArray();
        using var measure = new SKFont(ReportFonts.Regular, labelSize);
        float widestQuery = queryLabels.Max(l => measure.MeasureText(l));
        float widestKey = keyLabels.Max(l => measure.MeasureText(l));
        // Single characters fit under their column; anything longer is turned upright so neighbours cannot collide.
        bool rotateKeys = keyLabels.Any(l => measure.MeasureText(l) > cell * stride - 4);

        int left = (int)Math.Ceiling(widestQuery) + 14 + AxisLabelSpace;
        int bottom = (rotateKeys ? (int)Math.Ceiling(widestKey) : (int)labelSize) + 14 + AxisLabelSpace;
        int panelWidth = left + keys * cell + ColorBarSpace;
        int panelHeight = PanelTitleSpace + queries * cell + bottom;

        int columns = (int)Math.Ceiling(Math.Sqrt(map.Heads));
        int rows = (map.Heads + columns - 1) / columns;
        using var titleFont = new SKFont(ReportFonts.Bold, 22);
        using var noteFont = new SKFont(ReportFonts.Regular, 13);
        int headerWidth = (int)Math.Max(titleFont.MeasureText(ReportFonts.Displayable(map.Title)), noteFont.MeasureText(HeaderNote)) + 40;
        int width = Math.Max(columns * panelWidth, headerWidth);
        int height = HeaderHeight + rows * panelHeight;

        double maxWeight = Math.Max(map.Weights.Max(), 1e-6f);
        using SKSurface surface = SKSurface.Create(new SKImageInfo(width, height));
        SKCanvas canvas = surface.Canvas;
        canvas.Clear(SKColors.White);
        DrawHeader(canvas, map);

        using var axisFont = new SKFont(ReportFonts.Regular, 14);
        using var axisPaint = new SKPaint { Color = SKColors.Black, IsAntialias = true };
        for (int head = 0; head < map.Heads; head++)
        {
            int x = head % columns * panelWidth;
            int y = HeaderHeight + head / columns * panelHeight;
            Plot panel = Panel(map, head, queryLabels, keyLabels, labelSize, stride, rotateKeys, maxWeight,
                               new PixelPadding(left, ColorBarSpace, bottom, PanelTitleSpace));
            // Each panel renders on its own surface: a plot clears the whole canvas it is given.
            using SKSurface panelSurface = SKSurface.Create(new SKImageInfo(panelWidth, panelHeight));
            panel.Render(panelSurface);
            using SKImage panelImage = panelSurface.Snapshot();
            canvas.DrawImage(panelImage, x, y);
            // ScottPlot places an axis label by the unrotated tick labels' height; drawn here it clears upright ones.
            canvas.DrawText("key", x + left + keys * cell / 2f, y + panelHeight - 12, SKTextAlign.Center, axisFont, axisPaint);
        }

        using SKImage image = surface.Snapshot();
        using SKData png = image.Encode(SKEncodedImageFormat.Png, 100);
        return png.ToArray();
    }

    private static Plot Panel(RunReport.AttentionMapEntry map, int head, string[] queryLabels, string[] keyLabels,
                              float labelSize, int stride, bool rotateKeys, double maxWeight, PixelPadding padding)
    {
        int queries = queryLabels.Length;
        int keys = keyLabels.Length;
        var intensities = new double[queries, keys];
        int offset = head * queries * keys;
        for (int q = 0; q < queries; q++)
        {
            for (int k = 0; k < keys; k++)
                intensities[q, k] = map.Weights[offset + q * keys + k];
        }

        var plot = new Plot();
        plot.Font.Set(ReportFonts.Family);
        plot.Layout.Fixed(padding);
        plot.HideGrid();
        if (map.Heads > 1)
            plot.Title($"head {head + 1}", size: 16);
        plot.YLabel("query", size: 14);

        var heatmap = plot.Add.Heatmap(intensities);
        heatmap.Colormap = new ScottPlot.Colormaps.Viridis();
        heatmap.ManualRange = new ScottPlot.Range(0, maxWeight);
        // Cell (q, k) is centred on x = k and y = queries - 1 - q: row 0 of the matrix is drawn at the top.
        heatmap.Rectangle = new CoordinateRect(-0.5, keys - 0.5, -0.5, queries - 0.5);
        var colorBar = plot.Add.ColorBar(heatmap);

        var keyTicks = new ScottPlot.TickGenerators.NumericManual();
        for (int k = 0; k < keys; k += stride)
            keyTicks.AddMajor(k, keyLabels[k]);
        var queryTicks = new ScottPlot.TickGenerators.NumericManual();
        for (int q = 0; q < queries; q += stride)
            queryTicks.AddMajor(queries - 1 - q, queryLabels[q]);
        plot.Axes.Bottom.TickGenerator = keyTicks;
        plot.Axes.Left.TickGenerator = queryTicks;
        plot.Axes.Bottom.TickLabelStyle.FontSize = labelSize;
        plot.Axes.Left.TickLabelStyle.FontSize = labelSize;
        if (rotateKeys)
        {
            plot.Axes.Bottom.TickLabelStyle.Rotation = -90;
            plot.Axes.Bottom.TickLabelStyle.Alignment = Alignment.MiddleRight;
        }
        plot.Axes.SetLimits(-0.5, keys - 0.5, -0.5, queries - 0.5);
        return plot;
    }

    private static void DrawHeader(SKCanvas canvas, RunReport.AttentionMapEntry map)
    {
        using var titleFont = new SKFont(ReportFonts.Bold, 22);
        using var noteFont = new SKFont(ReportFonts.Regular, 13);
        using var paint = new SKPaint { Color = new SKColor(0x22, 0x22, 0x22), IsAntialias = true };
        string title = ReportFonts.Displayable(map.Title);
        canvas.DrawText(title, 16, 30, SKTextAlign.Left, titleFont, paint);
        paint.Color = new SKColor(0x66, 0x66, 0x66);
        canvas.DrawText(HeaderNote, 16, 48, SKTextAlign.Left, noteFont, paint);
    }

    /// <summary>A token as a tick label: drawable characters only, long ones cut with an ellipsis.</summary>
    private static string Label(string token)
    {
        string text = token.Length == 0 ? "∅" : token == " " ? "␣" : ReportFonts.Displayable(token);
        return text.Length <= MaxLabelCharacters ? text : text[..(MaxLabelCharacters - 1)] + "…";
    }
}
