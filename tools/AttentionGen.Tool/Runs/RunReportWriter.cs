using System;
using System.Globalization;
using System.IO;
using AttentionGen.Reports;
using AttentionGen.Tool.Models;

namespace AttentionGen.Tool.Runs;

/// <summary>
/// The report of a training run (the reports library: PNG charts and an index.html): the settings, the headline
/// results, the loss per step and per epoch (train and validation) and the validation metric per epoch. The train
/// command adds what shows the task at work (a generated sample, held-out predictions, a forecast) before writing.
/// </summary>
internal static class RunReportWriter
{
    public const string LossChart = "Loss";

    public static RunReport Create(TrainingOutcome outcome)
    {
        var info = outcome.Info;
        var settings = info.Settings!;
        string I(double value, string format) => value.ToString(format, CultureInfo.InvariantCulture);
        var report = new RunReport($"attentiongen train: {info.Shape.TypeName} on {settings.Data}");
        report.AddSetting("task", ModelCatalog.Name(info.Task));
        report.AddSetting("model", $"{info.Shape.TypeName} (--size {ModelCatalog.Name(info.Size)}), {I(info.Shape.ParameterCount, "N0")} parameters");
        report.AddSetting("data", settings.Data);
        report.AddSetting("epochs", settings.Epochs.ToString(CultureInfo.InvariantCulture));
        report.AddSetting("batch", settings.Batch.ToString(CultureInfo.InvariantCulture));
        report.AddSetting("learning rate", $"AdamW, peak {I(settings.LearningRate, "G")}, 5% warm-up, cosine decay to a tenth, gradients clipped at norm 1");
        report.AddSetting("seed", settings.Seed.ToString(CultureInfo.InvariantCulture));
        report.AddSetting("validation", $"{I(settings.Validation, "P0")} held out");
        if (info.Task == TaskKind.Classify) report.AddSetting("labels", string.Join(", ", info.Labels));

        report.AddResult("steps", outcome.Steps.ToString(CultureInfo.InvariantCulture) + (outcome.Interrupted ? " (interrupted)" : ""));
        report.AddResult("wall time of this session", I(outcome.Seconds, "F1") + " s");
        string lossName = info.Task switch
        {
            TaskKind.Text => "cross-entropy (nats per byte)",
            TaskKind.Classify => "cross-entropy",
            TaskKind.Translate => "cross-entropy per character (label smoothing 0.1)",
            _ => "mean squared error (scaled)",
        };
        report.SetAxes(LossChart, "step", lossName);
        foreach (var (step, loss) in outcome.StepLosses) report.AddPoint(LossChart, "train (each step)", step, loss);
        string metricChart = "Validation " + outcome.MetricName;
        report.SetAxes(metricChart, "epoch", outcome.MetricName + (info.Task == TaskKind.Forecast ? " (series units)" : ""));
        foreach (var epoch in info.History)
        {
            report.AddPoint(LossChart, "train (epoch mean)", epoch.Steps, epoch.TrainLoss);
            if (epoch.ValidationLoss is double loss) report.AddPoint(LossChart, "validation", epoch.Steps, loss);
            if (epoch.ValidationMetric is double metric) report.AddPoint(metricChart, "validation", epoch.Epoch + 1, metric);
        }

        if (info.History.Count > 0)
        {
            var last = info.History[^1];
            report.AddResult("train loss (last epoch)", I(last.TrainLoss, "F4"));
            if (last.ValidationLoss is double loss) report.AddResult("validation loss", I(loss, "F4"));
            if (last.ValidationMetric is double metric) report.AddResult("validation " + outcome.MetricName, I(metric, "F4"));
        }

        return report;
    }

    /// <summary>Writes the report; the checkpoint is already saved, so a failure here says so.</summary>
    public static string Write(RunReport report, string directory, string checkpoint)
    {
        try
        {
            return report.Write(directory);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UserError($"the model is saved in '{checkpoint}', but the report cannot be written to '{directory}': {e.Message}");
        }
    }
}
