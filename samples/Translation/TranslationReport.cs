using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using AttentionGen.Reports;
using AttentionGen.Training;

namespace Translation;

/// <summary>
/// The report folder of a run: settings, loss and next-character accuracy per epoch (train and held-out), BLEU and
/// held-out translations next to their references. The translations go in as text, which the browser draws with its
/// own fonts: the report's embedded chart font has no Chinese characters.
/// </summary>
public static class TranslationReport
{
    public static string Write(
        string directory, IReadOnlyDictionary<string, string> settings, IReadOnlyList<EpochSummary> epochs,
        HeldOutScore greedy, HeldOutScore beam, TimeSpan? trainingTime, Action<RunReport>? attention = null)
    {
        var report = new RunReport("English → Chinese translation (Tatoeba)");
        attention?.Invoke(report);
        foreach (var (name, value) in settings) report.AddSetting(name, value);

        report.AddResult("held-out BLEU, greedy (characters, BLEU-4)", Percent(greedy.Bleu.Score));
        report.AddResult($"held-out BLEU, beam {beam.Beam}", Percent(beam.Bleu.Score));
        report.AddResult("held-out sentences scored", greedy.Translations.Count.ToString("N0", CultureInfo.InvariantCulture));
        report.AddResult("parameters", EnglishToChinese.ParameterCount.ToString("N0", CultureInfo.InvariantCulture));
        if (trainingTime is { } time) report.AddResult("training time", string.Create(CultureInfo.InvariantCulture, $"{time.TotalSeconds:F0} s"));
        if (epochs.Count > 0) // evaluating a saved model has no epochs to chart
        {
            report.AddResult("final train loss", epochs[^1].TrainLoss.ToString("F3", CultureInfo.InvariantCulture));
            report.AddResult("final held-out loss", epochs[^1].Validation!.Loss.ToString("F3", CultureInfo.InvariantCulture));
            report.SetAxes("Loss", "epoch", "cross-entropy per character (nats, label smoothing 0.1)");
            report.SetAxes("Next-character accuracy", "epoch", "accuracy (%)");
        }

        foreach (var epoch in epochs)
        {
            report.AddPoint("Loss", "train", epoch.Epoch + 1, epoch.TrainLoss);
            report.AddPoint("Loss", "held-out", epoch.Epoch + 1, epoch.Validation!.Loss);
            report.AddPoint("Next-character accuracy", "train", epoch.Epoch + 1, 100 * epoch.TrainMetric);
            report.AddPoint("Next-character accuracy", "held-out", epoch.Epoch + 1, 100 * epoch.Validation.Metric);
        }

        var lines = new List<string>();
        for (int i = 0; i < greedy.Translations.Count; i += Math.Max(1, greedy.Translations.Count / 25))
        {
            var g = greedy.Translations[i];
            lines.Add($"{g.English}\n  greedy:    {g.Chinese}\n  beam {beam.Beam}:    {beam.Translations[i].Chinese}\n  reference: {string.Join(" | ", g.References)}");
        }

        report.AddText("Held-out translations", string.Join("\n", lines));
        return report.Write(directory);
    }

    private static string Percent(double bleu) => (100 * bleu).ToString("F1", CultureInfo.InvariantCulture);
}
