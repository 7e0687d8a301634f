using System.IO;
using Sentiment;

namespace Sentiment.Tests;

public class SentimentReportTests
{
    [Fact]
    public void The_report_has_both_charts_and_one_attention_map_over_the_reviews_words()
    {
        var options = SentimentOptions.Parse([]);
        var report = SentimentReport.Create(options, new TrainingRecipe(), "fixed split");
        SentimentReport.AddEpochs(report, [[new EpochFigures(1, 0.7, 0.5, 0.6, 0.6), new EpochFigures(2, 0.5, 0.7, 0.5, 0.7)]]);
        var vocabulary = ReviewVocabulary.Build(["a good film", "a good cast"], minCount: 1, maxSize: 100);
        SentimentReport.AddAttention(report, new SentimentClassifier(seed: 1, maxBatch: 1), vocabulary, "a good unseen film");
        Assert.Equal(new[] { "Loss", "Accuracy" }, report.ChartNames);
        var title = Assert.Single(report.AttentionMapTitles);
        Assert.StartsWith("encoder.layers.0.self_attn", title);
        Assert.EndsWith("\"a good unseen film\"", title);

        string folder = Path.Combine(Path.GetTempPath(), "sentiment-report-test-" + Guid.NewGuid().ToString("N"));
        try
        {
            string index = report.Write(folder);
            Assert.True(File.Exists(index));
            Assert.Equal(3, Directory.GetFiles(folder, "*.png").Length);
        }
        finally
        {
            if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        }
    }
}
