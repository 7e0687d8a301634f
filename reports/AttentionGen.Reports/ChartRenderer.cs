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
        plot.ShowLegend(Alignment.UpperRight);

        using SKSurface surface = SKSurface.Create(new SKImageInfo(Width, Height));
        plot.Render(surface);
        using SKImage image = surface.Snapshot();
        using SKData png = image.Encode(SKEncodedImageFormat.Png, 100);
        return png.ToArray();
    }
}
