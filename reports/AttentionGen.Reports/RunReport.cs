using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;

namespace AttentionGen.Reports;

/// <summary>
/// Collects what a run wants to show (settings, headline results, chart points, attention maps, texts) and writes
/// it as a report folder: one PNG per chart, one PNG per attention map (a heat-map panel per head) and an
/// <c>index.html</c> that shows them all. Not thread-safe: fill it from one thread.
/// </summary>
public sealed class RunReport
{
    /// <summary>Beyond this many tokens on an axis a heat map stops being readable; longer inputs should be cut first.</summary>
    public const int MaxAttentionTokens = 512;

    /// <summary>More heads than this would not fit one picture.</summary>
    public const int MaxAttentionHeads = 64;

    private readonly List<KeyValuePair<string, string>> settings = new();
    private readonly List<KeyValuePair<string, string>> results = new();
    private readonly List<Chart> charts = new();
    private readonly List<AttentionMapEntry> maps = new();
    private readonly List<KeyValuePair<string, string>> texts = new();

    public RunReport(string title)
    {
        Title = RequireName(title, nameof(title), "report title");
    }

    public string Title { get; }

    public IReadOnlyList<KeyValuePair<string, string>> Settings => settings;
    public IReadOnlyList<KeyValuePair<string, string>> Results => results;
    public IReadOnlyList<KeyValuePair<string, string>> Texts => texts;

    /// <summary>The names of the charts in the order they were first mentioned.</summary>
    public IReadOnlyList<string> ChartNames => charts.Select(c => c.Name).ToList();

    /// <summary>The titles of the attention maps in the order they were added.</summary>
    public IReadOnlyList<string> AttentionMapTitles => maps.Select(m => m.Title).ToList();

    /// <summary>A setting of the run (a table in the page). Names are unique.</summary>
    public void AddSetting(string name, string value) => AddRow(settings, name, value, "setting");

    /// <summary>A headline figure: accuracy, BLEU, loss, wall time. Names are unique.</summary>
    public void AddResult(string name, string value) => AddRow(results, name, value, "result");

    /// <summary>The axis labels of one chart (created if new).</summary>
    public void SetAxes(string chart, string xLabel, string yLabel)
    {
        Chart target = GetOrAddChart(RequireName(chart, nameof(chart), "chart name"));
        target.XLabel = RequireText(xLabel, nameof(xLabel));
        target.YLabel = RequireText(yLabel, nameof(yLabel));
    }

    /// <summary>One point of one line: ("Loss", "train", step, 1.93). Each chart is one PNG, each series one line.</summary>
    public void AddPoint(string chart, string series, double x, double y)
    {
        RequireName(chart, nameof(chart), "chart name");
        RequireName(series, nameof(series), "series name");
        if (!double.IsFinite(x))
            throw new ArgumentOutOfRangeException(nameof(x), x, $"x of a point in chart '{chart}', series '{series}' must be a finite number, not {Format(x)}.");
        if (!double.IsFinite(y))
            throw new ArgumentOutOfRangeException(nameof(y), y, $"y of a point in chart '{chart}', series '{series}' (x = {Format(x)}) must be a finite number, not {Format(y)}.");
        GetOrAddChart(chart).Add(series, x, y);
    }

    /// <summary>
    /// An attention map: <paramref name="weights"/> holds heads × queries × keys values (row-major, one query's
    /// weights over the keys in a row), drawn as one heat-map panel per head with the queries down the y axis and
    /// the keys along the x axis.
    /// </summary>
    public void AddAttentionMap(string title, IReadOnlyList<string> queryTokens, IReadOnlyList<string> keyTokens,
                                ReadOnlySpan<float> weights, int heads)
    {
        RequireName(title, nameof(title), "attention map title");
        ArgumentNullException.ThrowIfNull(queryTokens);
        ArgumentNullException.ThrowIfNull(keyTokens);
        RequireTokens(queryTokens, nameof(queryTokens), title);
        RequireTokens(keyTokens, nameof(keyTokens), title);
        if (heads < 1 || heads > MaxAttentionHeads)
            throw new ArgumentOutOfRangeException(nameof(heads), heads, $"Attention map '{title}': heads must be between 1 and {MaxAttentionHeads}, not {heads}.");
        long expected = (long)heads * queryTokens.Count * keyTokens.Count;
        if (weights.Length != expected)
            throw new ArgumentException(
                $"Attention map '{title}': weights has {weights.Length} values but heads × queries × keys = {heads} × {queryTokens.Count} × {keyTokens.Count} = {expected}.",
                nameof(weights));
        for (int i = 0; i < weights.Length; i++)
        {
            float w = weights[i];
            if (!float.IsFinite(w) || w < 0f)
            {
                int head = i / (queryTokens.Count * keyTokens.Count);
                int query = i / keyTokens.Count % queryTokens.Count;
                int key = i % keyTokens.Count;
                throw new ArgumentException(
                    $"Attention map '{title}': weight [head {head}, query {query}, key {key}] is {Format(w)}; attention weights are finite and non-negative.",
                    nameof(weights));
            }
        }
        maps.Add(new AttentionMapEntry(title, queryTokens.ToArray(), keyTokens.ToArray(), weights.ToArray(), heads));
    }

    /// <summary>A block of text shown as written: generated text, translations, examples.</summary>
    public void AddText(string heading, string text)
    {
        texts.Add(new(RequireName(heading, nameof(heading), "text heading"), RequireText(text, nameof(text))));
    }

    /// <summary>
    /// Writes the PNG files and then <c>index.html</c> into <paramref name="directory"/> (created if needed), each
    /// under a temporary name renamed into place, and returns the path of <c>index.html</c>.
    /// </summary>
    public string Write(string directory)
    {
        RequireName(directory, nameof(directory), "report directory");
        string root = Path.GetFullPath(directory);
        if (File.Exists(root))
            throw new IOException($"Cannot write the report into '{root}': a file of that name exists.");
        Directory.CreateDirectory(root);

        var chartFiles = new List<HtmlPage.Picture>();
        for (int i = 0; i < charts.Count; i++)
        {
            Chart chart = charts[i];
            if (chart.SeriesCount == 0)
            {
                chartFiles.Add(new HtmlPage.Picture(chart.Name, null, "No points were recorded for this chart."));
                continue;
            }
            string file = FileNames.Picture("chart", i + 1, chart.Name);
            AtomicFile.WriteAllBytes(Path.Combine(root, file), ChartRenderer.RenderPng(chart));
            chartFiles.Add(new HtmlPage.Picture(chart.Name, file, chart.Summary()));
        }

        var mapFiles = new List<HtmlPage.Picture>();
        for (int i = 0; i < maps.Count; i++)
        {
            AttentionMapEntry map = maps[i];
            string file = FileNames.Picture("attention", i + 1, map.Title);
            AtomicFile.WriteAllBytes(Path.Combine(root, file), AttentionMapRenderer.RenderPng(map));
            mapFiles.Add(new HtmlPage.Picture(map.Title, file, map.Summary(), HtmlHeatMap.Wanted(map) ? HtmlHeatMap.Render(map) : null));
        }

        string index = Path.Combine(root, "index.html");
        AtomicFile.WriteAllBytes(index, HtmlPage.Render(this, chartFiles, mapFiles));
        return index;
    }

    private static void AddRow(List<KeyValuePair<string, string>> rows, string name, string value, string what)
    {
        RequireName(name, nameof(name), what + " name");
        RequireText(value, nameof(value));
        if (rows.Any(r => r.Key == name))
            throw new ArgumentException($"The {what} '{name}' was already added.", nameof(name));
        rows.Add(new(name, value));
    }

    private Chart GetOrAddChart(string name)
    {
        Chart? chart = charts.FirstOrDefault(c => c.Name == name);
        if (chart is null)
        {
            chart = new Chart(name);
            charts.Add(chart);
        }
        return chart;
    }

    private static void RequireTokens(IReadOnlyList<string> tokens, string parameter, string title)
    {
        if (tokens.Count == 0)
            throw new ArgumentException($"Attention map '{title}': {parameter} is empty; a map needs at least one token on each axis.", parameter);
        if (tokens.Count > MaxAttentionTokens)
            throw new ArgumentException($"Attention map '{title}': {parameter} has {tokens.Count} tokens; at most {MaxAttentionTokens} fit a readable map.", parameter);
        for (int i = 0; i < tokens.Count; i++)
        {
            if (tokens[i] is null)
                throw new ArgumentException($"Attention map '{title}': {parameter}[{i}] is null.", parameter);
        }
    }

    private static string RequireName(string value, string parameter, string what)
    {
        ArgumentNullException.ThrowIfNull(value, parameter);
        if (string.IsNullOrWhiteSpace(value))
            throw new ArgumentException($"The {what} must not be empty or blank (got '{value}').", parameter);
        return value;
    }

    private static string RequireText(string value, string parameter)
    {
        ArgumentNullException.ThrowIfNull(value, parameter);
        return value;
    }

    internal static string Format(double value) => value.ToString("G6", CultureInfo.InvariantCulture);

    internal sealed class Chart(string name)
    {
        private readonly List<(string Series, List<double> X, List<double> Y)> series = new();

        public string Name { get; } = name;
        public string XLabel { get; set; } = "x";
        public string YLabel { get; set; } = name;
        public int SeriesCount => series.Count;
        public IEnumerable<(string Series, List<double> X, List<double> Y)> Series => series;

        public void Add(string seriesName, double x, double y)
        {
            int index = series.FindIndex(s => s.Series == seriesName);
            if (index < 0)
            {
                series.Add((seriesName, new List<double>(), new List<double>()));
                index = series.Count - 1;
            }
            series[index].X.Add(x);
            series[index].Y.Add(y);
        }

        public string Summary() =>
            string.Join("; ", series.Select(s => $"{s.Series}: {s.X.Count} points, last {Format(s.Y[^1])} at {XLabel} = {Format(s.X[^1])}"));
    }

    internal sealed record AttentionMapEntry(string Title, string[] QueryTokens, string[] KeyTokens, float[] Weights, int Heads)
    {
        public string Summary() =>
            $"{Heads} head{(Heads == 1 ? "" : "s")}, {QueryTokens.Length} queries × {KeyTokens.Length} keys; each row is one query's weights over the keys.";
    }
}
