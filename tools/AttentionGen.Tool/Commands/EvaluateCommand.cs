using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using AttentionGen.Tool.Data;
using AttentionGen.Tool.Models;
using AttentionGen.Tool.Output;
using AttentionGen.Tool.Runs;
using AttentionGen.Training;
using Spectre.Console;

namespace AttentionGen.Tool.Commands;

/// <summary>
/// <c>attentiongen evaluate model.safetensors data</c>: the model's loss and metric over a whole file, in inference
/// mode: loss per byte, perplexity and next-byte accuracy (text); loss and accuracy (classify); mean absolute error in
/// the series' own units next to the "repeat the last value" baseline (forecast).
/// </summary>
internal static class EvaluateCommand
{
    private const int Batch = 32;

    public static int Run(ToolContext context, string checkpoint, string data)
    {
        var info = ToolCheckpoint.Read(checkpoint, out _);
        InputFile.Require(data, "data file");
        // The trainer's evaluation runs the objective exactly as training measured it; it needs a trainable instance.
        var model = ModelCatalog.Create(info.Task, info.Size, seed: 0, Batch);
        try
        {
            TrainingCheckpoint.LoadWeights(model, checkpoint);
        }
        catch (InvalidDataException e)
        {
            throw new UserError(ToolCheckpoint.OneLine(e.Message));
        }

        var rows = new List<(string Name, string Value)>();
        string F(double value, string format = "F4") => value.ToString(format, CultureInfo.InvariantCulture);
        switch (info.Task)
        {
            case TaskKind.Text:
            {
                int[] tokens = ByteText.Read(data, info.Shape.MaxSeq + 1);
                var windows = ByteText.Windows(tokens, info.Shape.MaxSeq);
                var result = model.Trainer(new NextTokenPrediction(), new AdamW(), new TrainerOptions { BatchSize = Batch }).Evaluate(windows);
                rows.Add(("windows", $"{windows.Count:N0} of {info.Shape.MaxSeq + 1} bytes"));
                rows.Add(("loss (nats per byte)", F(result.Loss)));
                rows.Add(("perplexity", F(Math.Exp(result.Loss), "F2")));
                rows.Add(("next-byte accuracy", F(result.Metric)));
                break;
            }

            case TaskKind.Classify:
            {
                var lines = LabeledTexts.Read(data);
                var examples = LabeledTexts.Encode(data, lines, info.Labels, info.Shape.Vocab, info.Shape.MaxSeq);
                var result = model.Trainer(new TokenClassification(), new AdamW(), new TrainerOptions { BatchSize = Batch }).Evaluate(examples);
                rows.Add(("examples", examples.Count.ToString("N0", CultureInfo.InvariantCulture)));
                rows.Add(("loss", F(result.Loss)));
                rows.Add(("accuracy", F(result.Metric)));
                break;
            }

            case TaskKind.Translate:
            {
                // The pairs train held out when this is its data file (the same seeded split), otherwise the whole file.
                var pairs = TranslationPairs.Read(data);
                string part = "all pairs of the file";
                if (info.Settings is { } settings && settings.Validation > 0 && string.Equals(Path.GetFileName(data), settings.Data, StringComparison.Ordinal))
                {
                    var heldOut = TranslationPairs.Split(pairs, settings.Seed, settings.Validation).HeldOut;
                    if (heldOut.Count > 0)
                    {
                        pairs = heldOut;
                        part = $"the pairs train held out (--seed {settings.Seed}, --validation {F(settings.Validation, "G")})";
                    }
                }

                var characters = TargetCharacters.FromCharacters(info.Characters);
                var examples = new List<(int[] Source, int[] Target)>();
                foreach (var pair in pairs)
                {
                    int[] target = characters.EncodeTarget(pair.Target);
                    if (target.Length <= info.Shape.TargetMaxSeq + 1) examples.Add((SourceTokens.Encode(pair.Source, info.Shape.Vocab, info.Shape.MaxSeq), target));
                }

                var (bleu, _) = Translating.Score((AttentionGen.Runtime.ISequenceToSequenceModel)model, info, pairs, beam: 1);
                rows.Add(("pairs", $"{pairs.Count:N0}: {part}"));
                rows.Add(("character BLEU-4 (greedy)", F(100 * bleu.Score, "F2")));
                rows.Add(("n-gram precisions (1-4)", string.Join(" / ", Array.ConvertAll(bleu.Precisions, p => F(p, "F3")))));
                rows.Add(("brevity penalty", F(bleu.BrevityPenalty, "F3")));
                if (examples.Count > 0)
                {
                    var result = model.Trainer(new SequenceToSequence(labelSmoothing: 0.1f), new AdamW(), new TrainerOptions { BatchSize = Batch }).Evaluate(examples);
                    rows.Add(("loss per character (smoothed 0.1)", F(result.Loss)));
                    rows.Add(("next-character accuracy", F(result.Metric)));
                }

                break;
            }

            default:
            {
                var series = NumericSeries.Read(data);
                var windows = new ForecastWindows(info.Shape.MaxSeq, info.Shape.Outputs, info.Scale);
                var examples = windows.Examples(series, info.Shape.MaxSeq, series.Length);
                if (examples.Count == 0)
                {
                    throw new UserError($"{data} has {series.Length} values; evaluating needs at least {info.Shape.MaxSeq + info.Shape.Outputs} ({info.Shape.MaxSeq} of history and {info.Shape.Outputs} ahead)");
                }

                var result = model.Trainer(new SequenceRegression(), new AdamW(), new TrainerOptions { BatchSize = Batch }).Evaluate(examples);
                // Targets are (value − window mean) / scale, so an error times the scale is an error in the series' units.
                rows.Add(("forecasts", $"{examples.Count:N0} windows × {info.Shape.Outputs} steps ahead"));
                rows.Add(("mean absolute error", F(result.Metric * info.Scale)));
                rows.Add(("baseline: last value repeated", F(LastValueError(series, info.Shape.MaxSeq, info.Shape.Outputs))));
                break;
            }
        }

        var table = new Table().Title(new TableTitle(Markup.Escape($"{info.Shape.TypeName} on {data}"))).AddColumn("measure").AddColumn(new TableColumn("value").RightAligned());
        foreach (var (name, value) in rows) table.AddRow(new Text(name), new Text(value));
        context.Console.Write(table);
        return ExitCodes.Success;
    }

    /// <summary>The error of forecasting every step ahead as the last value of the window, over the same targets.</summary>
    private static double LastValueError(NumericSeries series, int history, int horizon)
    {
        double sum = 0;
        long count = 0;
        for (int t = history; t + horizon <= series.Length; t++)
        {
            bool observed = true;
            for (int i = t; i < t + horizon && observed; i++) observed = !series.Filled[i];
            if (!observed) continue;
            for (int i = t; i < t + horizon; i++)
            {
                sum += Math.Abs(series.Values[i] - series.Values[t - 1]);
                count++;
            }
        }

        return sum / count;
    }
}
