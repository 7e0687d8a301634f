using System.IO;
using System.Linq;
using System.Text.RegularExpressions;

namespace AttentionGen.Reports.Tests;

public class ReportPageTests
{
    [Fact]
    public void The_page_lists_settings_results_charts_maps_and_texts_with_relative_image_links()
    {
        using var directory = new TemporaryDirectory();
        var report = new RunReport("Reversal run");
        report.AddSetting("epochs", "12");
        report.AddResult("held-out accuracy", "98.4%");
        report.SetAxes("Loss", "step", "cross-entropy");
        report.AddPoint("Loss", "train", 0, 2.3);
        report.AddPoint("Loss", "train", 1, 1.1);
        report.AddPoint("Loss", "validation", 1, 1.4);
        report.AddAttentionMap("Sample input", new[] { "1", "2" }, new[] { "1", "2" }, new float[] { 0.2f, 0.8f, 0.9f, 0.1f }, heads: 1);
        report.AddText("Example", "1 2 -> 2 1");

        string index = report.Write(directory.Path);

        Assert.Equal(Path.Combine(directory.Path, "index.html"), index);
        string html = File.ReadAllText(index);
        foreach (string expected in new[] { "Reversal run", "epochs", "12", "held-out accuracy", "98.4%", "Sample input", "Example", "1 2 -&gt; 2 1" })
            Assert.Contains(expected, html);
        string[] links = Regex.Matches(html, "<img src=\"([^\"]+)\"").Select(m => m.Groups[1].Value).ToArray();
        Assert.Equal(new[] { "chart-01-loss.png", "attention-01-sample-input.png" }, links);
        foreach (string link in links)
            Assert.True(File.Exists(Path.Combine(directory.Path, link)), link);
        // Self-contained: nothing is fetched from elsewhere.
        Assert.DoesNotContain("http", html);
    }

    [Fact]
    public void A_map_with_tokens_the_font_cannot_draw_is_also_a_table_with_the_tokens_as_written()
    {
        using var directory = new TemporaryDirectory();
        var report = new RunReport("Translation");
        report.AddAttentionMap("Cross-attention", new[] { "我", "爱" }, new[] { "I", "love", "<&>" },
            new float[] { 0.9f, 0.05f, 0.05f, 0.1f, 0.8f, 0.1f }, heads: 1);
        report.AddAttentionMap("Digits", new[] { "1", "2" }, new[] { "1", "2" }, new float[] { 0.2f, 0.8f, 0.9f, 0.1f }, heads: 1);

        string html = File.ReadAllText(report.Write(directory.Path));

        // One table, for the map with Chinese queries only; the characters and escaped keys are its headers.
        Assert.Single(Regex.Matches(html, "<table class=\"heat\">"));
        Assert.Contains("<th>我</th>", html);
        Assert.Contains("<th>&lt;&amp;&gt;</th>", html);
        Assert.Contains(">0.90</td>", html);
        Assert.Contains(">0.80</td>", html);
    }

    [Fact]
    public void Every_text_on_the_page_is_html_escaped()
    {
        using var directory = new TemporaryDirectory();
        var report = new RunReport("<script>alert(1)</script>");
        report.AddSetting("a<b", "x & y");
        report.AddResult("\"quoted\"", "<i>");
        report.AddText("<h1>", "</pre><b>bold</b>");

        string html = File.ReadAllText(report.Write(directory.Path));

        Assert.DoesNotContain("<script>", html);
        Assert.DoesNotContain("<b>", html);
        Assert.DoesNotContain("<i>", html);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", html);
        Assert.Contains("a&lt;b", html);
        Assert.Contains("x &amp; y", html);
        Assert.Contains("&quot;quoted&quot;", html);
        Assert.Contains("&lt;/pre&gt;&lt;b&gt;bold&lt;/b&gt;", html);
    }

    [Fact]
    public void A_chart_with_axes_but_no_points_is_named_on_the_page_without_a_picture()
    {
        using var directory = new TemporaryDirectory();
        var report = new RunReport("Empty chart");
        report.SetAxes("BLEU", "epoch", "BLEU");

        string html = File.ReadAllText(report.Write(directory.Path));

        Assert.Contains("No points were recorded", html);
        Assert.Empty(Directory.GetFiles(directory.Path, "*.png"));
    }

    [Fact]
    public void Writing_again_replaces_the_files_and_leaves_no_temporary_ones()
    {
        using var directory = new TemporaryDirectory();
        var report = new RunReport("Twice");
        report.AddPoint("Loss", "train", 0, 1);

        report.Write(directory.Path);
        report.AddPoint("Loss", "train", 1, 0.5);
        report.Write(directory.Path);

        Assert.Equal(new[] { "chart-01-loss.png", "index.html" },
                     Directory.GetFiles(directory.Path).Select(Path.GetFileName).OrderBy(n => n, StringComparer.Ordinal).ToArray());
    }
}
