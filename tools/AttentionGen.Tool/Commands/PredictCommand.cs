using System;
using System.Collections.Generic;
using System.Globalization;
using AttentionGen.Runtime;
using AttentionGen.Tool.Data;
using AttentionGen.Tool.Models;
using AttentionGen.Tool.Output;
using AttentionGen.Tool.Runs;
using Spectre.Console;

namespace AttentionGen.Tool.Commands;

/// <summary>
/// <c>attentiongen predict</c>: a classifier labels texts (given with --text, or one per line of a file) with the
/// probability of each label; a forecaster continues a series file from its last window.
/// </summary>
internal static class PredictCommand
{
    public static int Run(ToolContext context, string checkpoint, string? input, IReadOnlyList<string> texts, int beam = 1)
    {
        var info = ToolCheckpoint.Read(checkpoint, out _);
        ToolCheckpoint.RequireTask(checkpoint, info, "predict", TaskKind.Classify, TaskKind.Forecast, TaskKind.Translate);
        if (beam != 1 && info.Task != TaskKind.Translate) throw new UserError($"--beam is for translate models; '{checkpoint}' is a {ModelCatalog.Name(info.Task)} model", ExitCodes.Usage);
        if (info.Task is TaskKind.Classify or TaskKind.Translate)
        {
            var all = new List<string>(texts);
            if (input is not null)
            {
                foreach (string line in InputFile.ReadLines(input, "input file"))
                {
                    if (line.Trim().Length > 0) all.Add(line);
                }
            }

            string verb = info.Task == TaskKind.Classify ? "classify" : "translate";
            if (all.Count == 0) throw new UserError($"nothing to {verb}: give --text \"...\" or a file with one text per line", ExitCodes.Usage);
            return info.Task == TaskKind.Classify ? Classify(context, checkpoint, all) : Translate(context, checkpoint, all, beam);
        }

        if (texts.Count > 0) throw new UserError($"'{checkpoint}' is a forecaster; give a series file, not --text", ExitCodes.Usage);
        if (input is null) throw new UserError("give the series file to continue (CSV, the value in the last column)", ExitCodes.Usage);
        return Forecast(context, checkpoint, input);
    }

    /// <summary>Each text translated: a table on a terminal, <c>source&lt;TAB&gt;translation</c> lines when redirected.</summary>
    private static int Translate(ToolContext context, string checkpoint, List<string> texts, int beam)
    {
        var (model, info) = ToolCheckpoint.LoadForInference(checkpoint, maxBatch: beam);
        var characters = TargetCharacters.FromCharacters(info.Characters);
        var table = new Table().AddColumn("source").AddColumn(beam == 1 ? "translation (greedy)" : $"translation (beam {beam})");
        var plain = new List<string>();
        foreach (string text in texts)
        {
            string output = Translating.Translate((ISequenceToSequenceModel)model, info, characters, text, beam).Text;
            table.AddRow(new Text(text), new Text(output));
            plain.Add(text + "\t" + output);
        }

        if (context.Interactive) context.Console.Write(table);
        else foreach (string line in plain) context.WriteLine(line);
        return ExitCodes.Success;
    }

    private static int Classify(ToolContext context, string checkpoint, List<string> texts)
    {
        var (model, info) = ToolCheckpoint.LoadForInference(checkpoint, maxBatch: 1);
        var tokenModel = (ITokenModel)model;
        var table = new Table().AddColumn("text").AddColumn("label").AddColumn(new TableColumn("probability").RightAligned());
        var plain = new List<string>();
        foreach (string text in texts)
        {
            int[] tokens = HashedWords.Encode(text, info.Shape.Vocab, info.Shape.MaxSeq);
            if (tokens.Length == 0) throw new UserError($"no words in {InputFile.Excerpt(text)}");
            var logits = tokenModel.Forward(tokens, 1, tokens.Length);
            // The labels the model was trained on are the first outputs; the unused ones never take part.
            var probabilities = Softmax(logits[..info.Labels.Count]);
            int best = 0;
            for (int i = 1; i < probabilities.Length; i++) if (probabilities[i] > probabilities[best]) best = i;
            string shown = text.Length > 60 ? text[..60] + "…" : text;
            string probability = probabilities[best].ToString("F3", CultureInfo.InvariantCulture);
            table.AddRow(new Text(shown), new Text(info.Labels[best]), new Text(probability));
            plain.Add(info.Labels[best] + "\t" + probability + "\t" + text);
        }

        if (context.Interactive)
        {
            context.Console.Write(table);
        }
        else
        {
            // Redirected: label<TAB>probability<TAB>text, one line per text, for scripts.
            foreach (string line in plain) context.Out.WriteLine(line);
        }

        return ExitCodes.Success;
    }

    private static int Forecast(ToolContext context, string checkpoint, string input)
    {
        var (model, info) = ToolCheckpoint.LoadForInference(checkpoint, maxBatch: 1);
        var series = NumericSeries.Read(input);
        int history = info.Shape.MaxSeq, horizon = info.Shape.Outputs;
        if (series.Length < history)
        {
            throw new UserError($"{input} has {series.Length} values; the forecaster reads the last {history}");
        }

        var windows = new ForecastWindows(history, horizon, info.Scale);
        var (steps, level) = windows.Input(series, series.Length);
        var output = ((IFloatSequenceModel)model).Forward(steps, 1, history);
        var table = new Table().Title(new TableTitle(Markup.Escape($"{horizon} steps after the last of {series.Length} values in {input}")))
            .AddColumn(new TableColumn("step ahead").RightAligned()).AddColumn(new TableColumn("forecast").RightAligned());
        for (int i = 0; i < horizon; i++)
        {
            string value = (output[i] * info.Scale + level).ToString("G6", CultureInfo.InvariantCulture);
            if (context.Interactive) table.AddRow(new Text((i + 1).ToString(CultureInfo.InvariantCulture)), new Text(value));
            else context.Out.WriteLine((i + 1).ToString(CultureInfo.InvariantCulture) + "," + value);
        }

        if (context.Interactive) context.Console.Write(table);
        return ExitCodes.Success;
    }

    private static float[] Softmax(ReadOnlySpan<float> logits)
    {
        float max = float.NegativeInfinity;
        foreach (float l in logits) max = Math.Max(max, l);
        var p = new float[logits.Length];
        double total = 0;
        for (int i = 0; i < p.Length; i++) total += p[i] = MathF.Exp(logits[i] - max);
        for (int i = 0; i < p.Length; i++) p[i] = (float)(p[i] / total);
        return p;
    }
}
