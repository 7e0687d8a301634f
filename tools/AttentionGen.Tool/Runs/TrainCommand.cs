using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using AttentionGen.Reports;
using AttentionGen.Runtime;
using AttentionGen.Tool.Data;
using AttentionGen.Tool.Models;
using AttentionGen.Tool.Output;
using AttentionGen.Training;

namespace AttentionGen.Tool.Runs;

/// <summary>The options of <c>attentiongen train</c>; null where the user gave none.</summary>
internal sealed record TrainRequest(
    string Data, TaskKind? Task, ModelSize? Size, int? Epochs, int? Batch, float? LearningRate, ulong? Seed, double? Validation,
    string? Out, string? Resume, string? Report);

/// <summary>
/// <c>attentiongen train</c>: reads the user's file for the task, holds out the validation part, trains the declared
/// model of the chosen size (or resumes a checkpoint with its own settings), and writes the checkpoint and the report.
/// </summary>
internal static class TrainCommand
{
    public const int LabelCapacity = 16;

    public static int Run(ToolContext context, TrainRequest request)
    {
        InputFile.Require(request.Data, "data file");
        ToolModelInfo info;
        string outPath;
        if (request.Resume is { } resume)
        {
            info = ResumeInfo(request, resume);
            outPath = request.Out ?? resume;
        }
        else
        {
            if (request.Task is not { } task)
            {
                throw new UserError("--task is required: text, classify, forecast or translate (or --resume a checkpoint)", ExitCodes.Usage);
            }

            var settings = new RunSettings(
                request.Epochs ?? DefaultEpochs(task),
                request.Batch ?? 32,
                request.LearningRate ?? (task == TaskKind.Text ? 3e-3f : 1e-3f),
                request.Seed ?? 42,
                request.Validation ?? 0.1,
                Path.GetFileName(request.Data));
            info = new ToolModelInfo(task, request.Size ?? ModelSize.Small, [], 1f, settings, []);
            outPath = request.Out ?? Path.GetFileNameWithoutExtension(request.Data) + "." + ModelCatalog.Name(task) + ".safetensors";
        }

        // The checkpoint's folder must exist and be writable before an epoch of work depends on it.
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(outPath))!);
        var shape = info.Shape;
        context.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{shape.TypeName}: {shape.ParameterCount:N0} parameters ({ModelCatalog.Name(info.Task)}, --size {ModelCatalog.Name(info.Size)})"));
        var (outcome, report) = info.Task switch
        {
            TaskKind.Text => TrainText(context, request, info, outPath),
            TaskKind.Classify => TrainClassifier(context, request, info, outPath),
            TaskKind.Translate => TrainTranslator(context, request, info, outPath),
            _ => TrainForecaster(context, request, info, outPath),
        };

        string reportDirectory = request.Report ?? Path.ChangeExtension(outPath, null) + ".report";
        string index = RunReportWriter.Write(report, reportDirectory, outPath);
        Summary.Print(context, outcome, outPath, index);
        return outcome.Interrupted ? ExitCodes.Interrupted : ExitCodes.Success;
    }

    private static int DefaultEpochs(TaskKind task) => task switch
    {
        TaskKind.Text => 3,
        TaskKind.Classify => 5,
        TaskKind.Translate => 10,
        _ => 20,
    };

    private static ToolModelInfo ResumeInfo(TrainRequest request, string resume)
    {
        var info = ToolCheckpoint.Read(resume, out bool training);
        if (!training)
        {
            throw new UserError($"'{resume}' holds weights only (written by export); --resume needs the checkpoint that train wrote");
        }

        if (info.Settings is null) throw new UserError($"'{resume}' has no training settings ('{ToolCheckpoint.SettingsKey}'); it cannot be resumed");
        if (request.Task is { } task && task != info.Task)
        {
            throw new UserError($"'{resume}' is a {ModelCatalog.Name(info.Task)} model; it cannot continue as --task {ModelCatalog.Name(task)}");
        }

        string? fixedFlag = request.Size is not null ? "--size" : request.Batch is not null ? "--batch" : request.LearningRate is not null ? "--lr"
            : request.Seed is not null ? "--seed" : request.Validation is not null ? "--validation" : null;
        if (fixedFlag is not null)
        {
            throw new UserError($"--resume continues with the checkpoint's own settings; leave out {fixedFlag} (only --epochs may change)", ExitCodes.Usage);
        }

        return info with { Settings = info.Settings with { Epochs = request.Epochs ?? info.Settings.Epochs } };
    }

    private static (TrainingOutcome, RunReport) TrainText(ToolContext context, TrainRequest request, ToolModelInfo info, string outPath)
    {
        var settings = info.Settings!;
        int window = info.Shape.MaxSeq;
        int[] tokens = ByteText.Read(request.Data, minimumLength: 2 * (window + 1));
        int split = tokens.Length - (int)(tokens.Length * settings.Validation);
        if (split < window + 1) split = tokens.Length;
        var train = ByteText.Windows(tokens.AsSpan(0, split), window);
        var validation = ByteText.Windows(tokens.AsSpan(split), window);
        context.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{request.Data}: {tokens.Length:N0} bytes; {train.Count:N0} training windows of {window + 1} bytes, {validation.Count:N0} held out (the last {settings.Validation:P0})"));
        var model = ModelCatalog.Create(info.Task, info.Size, settings.Seed, settings.Batch);
        if (request.Resume is null) GptInitialization.Apply(model);
        var job = new TrainingJob<int[]>(model, new NextTokenPrediction(), train, validation.Count > 0 ? validation : null, info, outPath, request.Resume, window, "bytes");
        var outcome = TrainingLoop.Run(context, job);
        var report = RunReportWriter.Create(outcome);
        // A sample from the trained model, prompted with the start of the held-out text (or of the file).
        int promptStart = split < tokens.Length ? split : 0;
        var prompt = new byte[Math.Min(24, tokens.Length - promptStart)];
        for (int i = 0; i < prompt.Length; i++) prompt[i] = (byte)tokens[promptStart + i];
        byte[] sample = Commands.GenerateCommand.Generate((ITokenModel)model, window, prompt, 300, new SamplingOptions(0.8f), settings.Seed);
        report.AddText("A sample: 300 bytes after the first 24 held-out bytes (temperature 0.8)", System.Text.Encoding.UTF8.GetString(sample));
        // Where each byte of that prompt looks (causal: only at itself and the bytes before it).
        var promptIds = Array.ConvertAll(prompt, b => (int)b);
        ((ITokenModel)model).Forward(promptIds, 1, promptIds.Length);
        AttentionHeatMaps.Add(report, model, Array.ConvertAll(promptIds, AttentionHeatMaps.ByteLabel), "the first held-out bytes");
        return (outcome, report);
    }

    private static (TrainingOutcome, RunReport) TrainClassifier(ToolContext context, TrainRequest request, ToolModelInfo info, string outPath)
    {
        var settings = info.Settings!;
        var lines = LabeledTexts.Read(request.Data);
        var labels = info.Labels.Count > 0 ? info.Labels : LabeledTexts.Labels(request.Data, lines, LabelCapacity);
        info = info with { Labels = labels };
        var examples = LabeledTexts.Encode(request.Data, lines, labels, info.Shape.Vocab, info.Shape.MaxSeq);
        // A seeded shuffle decides which examples are held out: the same seed and file give the same split on resume.
        var order = new int[examples.Count];
        for (int i = 0; i < order.Length; i++) order[i] = i;
        var rng = new Rng(settings.Seed);
        for (int i = order.Length - 1; i > 0; i--)
        {
            int j = (int)(rng.NextUInt64() % (ulong)(i + 1));
            (order[i], order[j]) = (order[j], order[i]);
        }

        int held = (int)(examples.Count * settings.Validation);
        var train = new List<(int[] Tokens, int Label)>();
        var validation = new List<(int[] Tokens, int Label)>();
        for (int i = 0; i < order.Length; i++) (i < held ? validation : train).Add(examples[order[i]]);
        context.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{request.Data}: {examples.Count:N0} examples, {labels.Count} labels ({string.Join(", ", labels)}); {train.Count:N0} for training, {validation.Count:N0} held out"));
        var model = ModelCatalog.Create(info.Task, info.Size, settings.Seed, settings.Batch);
        var job = new TrainingJob<(int[] Tokens, int Label)>(model, new TokenClassification(), train, validation.Count > 0 ? validation : null, info, outPath, request.Resume, 1, "examples");
        var outcome = TrainingLoop.Run(context, job);
        var report = RunReportWriter.Create(outcome);
        // What the model says about the first held-out examples, next to their labels.
        var shown = new System.Text.StringBuilder();
        for (int i = 0; i < Math.Min(12, held); i++)
        {
            var line = lines[order[i]];
            var (tokens, label) = examples[order[i]];
            var logits = ((ITokenModel)model).Forward(tokens, 1, tokens.Length);
            int best = 0;
            for (int c = 1; c < labels.Count; c++) if (logits[c] > logits[best]) best = c;
            shown.Append(best == label ? "right " : "WRONG ").Append(labels[best]).Append(" (labelled ").Append(line.Label).Append("): ")
                .Append(line.Text.Length > 100 ? line.Text[..100] + "…" : line.Text).Append('\n');
        }

        if (shown.Length > 0) report.AddText("Held-out examples: the model's label", shown.ToString());
        // Which words attend to which in one example (the held-out one, or the first), cut to its first 24 words.
        var pictured = lines[order[0]];
        var words = HashedWords.Words(pictured.Text);
        if (words.Count > 24) words = words.GetRange(0, 24);
        var wordIds = HashedWords.Encode(string.Join(' ', words), info.Shape.Vocab, info.Shape.MaxSeq);
        ((ITokenModel)model).Forward(wordIds, 1, wordIds.Length);
        AttentionHeatMaps.Add(report, model, words, $"line {pictured.Line} of the data (labelled {pictured.Label})");
        return (outcome, report);
    }

    private static (TrainingOutcome, RunReport) TrainTranslator(ToolContext context, TrainRequest request, ToolModelInfo info, string outPath)
    {
        var settings = info.Settings!;
        var pairs = TranslationPairs.Read(request.Data);
        var (trainPairs, heldOut) = TranslationPairs.Split(pairs, settings.Seed, settings.Validation);
        if (trainPairs.Count == 0) throw new UserError($"{request.Data} has {pairs.Count} pairs and --validation holds out all of them; there is nothing to train on");
        // The target vocabulary comes from the training pairs only, and a resumed run keeps the one it saved.
        var characters = info.Characters.Length > 0
            ? TargetCharacters.FromCharacters(info.Characters)
            : TargetCharacters.Build(trainPairs.ConvertAll(pair => pair.Target), info.Shape.Outputs);
        info = info with { Characters = characters.Characters };
        var shape = info.Shape;

        // Teacher forcing: the decoder reads start + characters and learns characters + end. Sources are cut to the
        // words the encoder reads; pairs whose target is longer than the decoder reads are left out (and counted).
        List<(int[] Source, int[] Target)> Examples(List<TranslationPair> list, out int tooLong)
        {
            var examples = new List<(int[] Source, int[] Target)>(list.Count);
            tooLong = 0;
            foreach (var pair in list)
            {
                int[] target = characters.EncodeTarget(pair.Target);
                if (target.Length > shape.TargetMaxSeq + 1) tooLong++;
                else examples.Add((SourceTokens.Encode(pair.Source, shape.Vocab, shape.MaxSeq), target));
            }

            return examples;
        }

        var train = Examples(trainPairs, out int trainTooLong);
        var validation = Examples(heldOut, out int heldTooLong);
        if (train.Count == 0) throw new UserError($"{request.Data}: every training target is longer than the {shape.TargetMaxSeq - 1} characters --size {ModelCatalog.Name(info.Size)} writes");
        context.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{request.Data}: {pairs.Count:N0} pairs; {train.Count:N0} for training, {validation.Count:N0} held out; {characters.Count:N0} target ids; {trainTooLong + heldTooLong:N0} pairs left out (target over {shape.TargetMaxSeq - 1} characters)"));
        var model = ModelCatalog.Create(info.Task, info.Size, settings.Seed, settings.Batch);
        var job = new TrainingJob<(int[] Source, int[] Target)>(model, new SequenceToSequence(labelSmoothing: 0.1f), train, validation.Count > 0 ? validation : null, info, outPath, request.Resume, 1, "pairs");
        var outcome = TrainingLoop.Run(context, job);
        var report = RunReportWriter.Create(outcome);
        var translator = (ISequenceToSequenceModel)model;
        // Greedy translations of the first held-out pairs (or of the first pairs when nothing is held out), with their BLEU.
        var shownPairs = (heldOut.Count > 0 ? heldOut : trainPairs).GetRange(0, Math.Min(200, heldOut.Count > 0 ? heldOut.Count : trainPairs.Count));
        var (bleu, outputs) = Translating.Score(translator, outcome.Info, shownPairs, beam: 1);
        report.AddResult(heldOut.Count > 0 ? "held-out character BLEU-4 (greedy)" : "training character BLEU-4 (greedy)",
            (100 * bleu.Score).ToString("F1", CultureInfo.InvariantCulture) + $" on {shownPairs.Count} pairs");
        var shown = new System.Text.StringBuilder();
        for (int i = 0; i < Math.Min(12, outputs.Count); i++)
        {
            shown.Append(outputs[i].Pair.Source).Append('\n').Append("  → ").Append(outputs[i].Output).Append("   (reference: ").Append(outputs[i].Pair.Target).Append(")\n");
        }

        report.AddText("Translations (greedy) of the first held-out sources", shown.ToString());
        var first = shownPairs[0];
        var translated = Translating.Translate(translator, outcome.Info, characters, first.Source, beam: 1);
        Translating.AddCrossAttention(report, translator, outcome.Info, characters, first.Source, translated);
        return (outcome, report);
    }

    private static (TrainingOutcome, RunReport) TrainForecaster(ToolContext context, TrainRequest request, ToolModelInfo info, string outPath)
    {
        var settings = info.Settings!;
        var series = NumericSeries.Read(request.Data);
        int history = info.Shape.MaxSeq, horizon = info.Shape.Outputs;
        int split = series.Length - (int)(series.Length * settings.Validation);
        if (split < history + horizon)
        {
            throw new UserError(string.Create(CultureInfo.InvariantCulture,
                $"{request.Data} has {series.Length} values, {split} before the held-out part; --size {ModelCatalog.Name(info.Size)} needs at least {history + horizon} ({history} of history and {horizon} ahead)"));
        }

        float scale = info.History.Count > 0 || request.Resume is not null ? info.Scale : ForecastWindows.MeasureScale(series, history, horizon, split);
        info = info with { Scale = scale };
        var windows = new ForecastWindows(history, horizon, scale);
        var train = windows.Examples(series, history, split);
        var validation = windows.Examples(series, split, series.Length);
        if (train.Count == 0) throw new UserError($"{request.Data}: every training window has a missing value among its targets; there is nothing to learn from");
        context.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{request.Data}: {series.Length:N0} values ({series.FilledCount} missing, filled by interpolation and never a target); {train.Count:N0} training windows, {validation.Count:N0} held out"));
        var model = ModelCatalog.Create(info.Task, info.Size, settings.Seed, settings.Batch);
        var job = new TrainingJob<(float[] Steps, float[] Target)>(model, new SequenceRegression(), train, validation.Count > 0 ? validation : null, info, outPath, request.Resume, 1, "windows", MetricScale: scale);
        var outcome = TrainingLoop.Run(context, job);
        var report = RunReportWriter.Create(outcome);
        // The first held-out forecast against what happened, with the history it was made from.
        if (split + horizon <= series.Length)
        {
            const string Chart = "First held-out forecast";
            report.SetAxes(Chart, "step of the series", "value");
            for (int i = split - history; i < split + horizon; i++)
            {
                if (!series.Filled[i]) report.AddPoint(Chart, "actual", i, series.Values[i]);
            }

            var (steps, level) = windows.Input(series, split);
            var forecast = ((IFloatSequenceModel)model).Forward(steps, 1, history);
            for (int i = 0; i < horizon; i++) report.AddPoint(Chart, "forecast", split + i, forecast[i] * scale + level);
            // Which past steps the forecast drew on: the model ran on this window last. Labelled by steps before the forecast.
            var labels = new string[history];
            for (int i = 0; i < history; i++) labels[i] = (i - history).ToString(CultureInfo.InvariantCulture);
            AttentionHeatMaps.Add(report, model, labels, "the window of the first held-out forecast");
        }

        return (outcome, report);
    }
}
