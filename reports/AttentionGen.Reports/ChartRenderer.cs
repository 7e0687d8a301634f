using System;
using System.Globalization;
using System.Linq;
using ScottPlot;
using SkiaSharp;

namespace AttentionGen.Reports;

/// <summary>One chart as a PNG: a line per series, a legend, axis labels and a title.</summary>
internal static class ChartRenderer
{
    private const int Width = 900;
    private const int Height = 540;

    public static byte[] RenderPng(RunReport.Chart chart)
    {
        ReportFonts.EnsureRegistered();
        var plot = new Plot();
        plot.Font.Set(ReportFonts.Family);
        plot.Title(ReportFonts.Displayable(chart.Name), size: 20);
        plot.XLabel(ReportFonts.Displayable(chart.XLabel), size: 16);
        plot.YLabel(ReportFonts.Displayable(chart.YLabel), size: 16);
        // Plain invariant numbers: no thousands separator, which turns years into "1,999" and rounds 1999.5 to "2,000".
        // Epochs and steps are whole numbers: a tick at epoch 1.5 would name a point that does not exist.
        bool wholeX = chart.Series.All(s => s.X.All(x => x == Math.Floor(x)));
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { LabelFormatter = PlainNumber, IntegerTicksOnly = wholeX };
        plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { LabelFormatter = PlainNumber };
        plot.Axes.Bottom.TickLabelStyle.FontSize = 13;
        plot.Axes.Left.TickLabelStyle.FontSize = 13;

        int series = 0;
        foreach (var (name, xs, ys) in chart.Series)
        {
            var line = plot.Add.Scatter(xs.ToArray(), ys.ToArray(), plot.Add.Palette.GetColor(series++));
            line.LegendText = ReportFonts.Displayable(name);
            line.LineWidth = 2;
            // Markers show where the measurements are while there are few of them; many would hide the line.
            line.MarkerSize = xs.Count <= 40 ? 6 : 0;
        }
        plot.Legend.FontName = ReportFonts.Family;
        plot.Legend.FontSize = 14;
        // Outside the data area, so it never hides a line that ends where a corner legend would sit.
        plot.ShowLegend(Edge.Right);

        using SKSurface surface = SKSurface.Create(new SKImageInfo(Width, Height));
        plot.Render(surface);
        using SKImage image = surface.Snapshot();
        using SKData png = image.Encode(SKEncodedImageFormat.Png, 100);
        return png.ToArray();
    }

    private static string PlainNumber(double value) => Math.Round(value, 10).ToString("G8", CultureInfo.InvariantCulture);
}
