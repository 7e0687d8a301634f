using System.Globalization;
using AttentionGen.Tool.Models;
using AttentionGen.Tool.Output;
using Spectre.Console;

namespace AttentionGen.Tool.Runs;

/// <summary>The table at the end of a run: what was trained, how long, the last losses, and where the files are.</summary>
internal static class Summary
{
    public static void Print(ToolContext context, TrainingOutcome outcome, string checkpoint, string? report)
    {
        var info = outcome.Info;
        var table = new Table().AddColumn("run").AddColumn("value");
        void Row(string name, string value) => table.AddRow(new Text(name), new Text(value));
        Row("model", $"{info.Shape.TypeName} ({info.Shape.ParameterCount.ToString("N0", CultureInfo.InvariantCulture)} parameters)");
        Row("steps", outcome.Steps.ToString(CultureInfo.InvariantCulture));
        Row("wall time", string.Create(CultureInfo.InvariantCulture, $"{outcome.Seconds:F1} s"));
        if (info.History.Count > 0)
        {
            var last = info.History[^1];
            Row("train loss", last.TrainLoss.ToString("F4", CultureInfo.InvariantCulture));
            if (last.ValidationLoss is double loss) Row("validation loss", loss.ToString("F4", CultureInfo.InvariantCulture));
            if (last.ValidationMetric is double metric) Row("validation " + outcome.MetricName, metric.ToString("F4", CultureInfo.InvariantCulture));
        }

        Row(outcome.Interrupted ? "checkpoint (interrupted)" : "checkpoint", checkpoint);
        if (report is not null) Row("report", report);
        context.Console.Write(table);
    }
}
