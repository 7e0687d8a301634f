using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text.Json;
using AttentionGen.Checkpoints;
using AttentionGen.Runtime;
using AttentionGen.Tool.Models;
using AttentionGen.Training;

namespace AttentionGen.Tool.Runs;

/// <summary>The settings a run was trained with; a resumed run keeps them.</summary>
internal sealed record RunSettings(int Epochs, int Batch, float LearningRate, ulong Seed, double Validation, string Data);

/// <summary>One finished epoch, as kept in the checkpoint so a resumed run's report has the whole curve.</summary>
internal sealed record EpochRecord(int Epoch, long Steps, double TrainLoss, double? ValidationLoss, double? ValidationMetric, double Seconds);

/// <summary>
/// What the tool needs besides the weights to use a model: which declared model it is, how its data is encoded
/// (the labels of a classifier, the scale of a forecaster), how it was trained and the loss history.
/// </summary>
/// <param name="Characters">A translator's target characters in id order (from id 4; see <see cref="Data.TargetCharacters"/>).</param>
internal sealed record ToolModelInfo(TaskKind Task, ModelSize Size, IReadOnlyList<string> Labels, float Scale, RunSettings? Settings, IReadOnlyList<EpochRecord> History, string Characters = "")
{
    public ModelShape Shape => ModelCatalog.Shape(Task, Size);
}

/// <summary>
/// The tool's files are safetensors checkpoints with PyTorch state-dict names (see <see cref="TrainingCheckpoint"/>)
/// plus metadata entries under <c>attentiongen.tool.</c>: <c>train</c> writes a training checkpoint (weights,
/// optimizer state and position, resumable), <c>export</c> a weights-only file. Both load for evaluate, predict,
/// generate and inspect.
/// </summary>
internal static class ToolCheckpoint
{
    public const string TaskKey = "attentiongen.tool.task";
    public const string SizeKey = "attentiongen.tool.size";
    public const string LabelsKey = "attentiongen.tool.labels";
    public const string ScaleKey = "attentiongen.tool.scale";
    public const string CharactersKey = "attentiongen.tool.target_characters";
    public const string SettingsKey = "attentiongen.tool.settings";
    public const string HistoryKey = "attentiongen.tool.history";

    public static Dictionary<string, string> Metadata(ToolModelInfo info)
    {
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [TaskKey] = ModelCatalog.Name(info.Task),
            [SizeKey] = ModelCatalog.Name(info.Size),
            [HistoryKey] = JsonSerializer.Serialize(info.History),
        };
        if (info.Task == TaskKind.Classify) metadata[LabelsKey] = JsonSerializer.Serialize(info.Labels);
        if (info.Task == TaskKind.Forecast) metadata[ScaleKey] = info.Scale.ToString("R", CultureInfo.InvariantCulture);
        if (info.Task == TaskKind.Translate) metadata[CharactersKey] = info.Characters;
        if (info.Settings is { } settings) metadata[SettingsKey] = JsonSerializer.Serialize(settings);
        return metadata;
    }

    /// <summary>
    /// Writes the trainer's resumable checkpoint with the tool's metadata added, atomically: the trainer writes a
    /// temporary file next to <paramref name="path"/>, which is then rewritten (itself through a temporary file and a
    /// rename) to <paramref name="path"/> with the metadata merged in.
    /// </summary>
    public static void SaveTraining<TExample>(Trainer<TExample> trainer, string path, ToolModelInfo info)
    {
        string full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        string staging = full + "." + Environment.ProcessId.ToString(CultureInfo.InvariantCulture) + ".trainer";
        try
        {
            trainer.SaveCheckpoint(staging);
            using (var file = Safetensors.Open(staging))
            {
                var metadata = new Dictionary<string, string>(file.Metadata, StringComparer.Ordinal);
                foreach (var (key, value) in Metadata(info)) metadata[key] = value;
                var tensors = new List<SafetensorsTensor>();
                foreach (var tensor in file.Tensors)
                {
                    var shape = new long[tensor.Shape.Count];
                    for (int d = 0; d < shape.Length; d++) shape[d] = tensor.Shape[d];
                    tensors.Add(new SafetensorsTensor(tensor.Name, shape, file.ReadFloats(tensor.Name)));
                }

                Safetensors.Write(full, tensors, metadata);
            }
        }
        finally
        {
            File.Delete(staging);
        }
    }

    /// <summary>Reads the tool's metadata; a file the tool did not write, or not safetensors at all, is one clear error.</summary>
    public static ToolModelInfo Read(string path, out bool isTrainingCheckpoint)
    {
        Data.InputFile.Require(path, "checkpoint");
        IReadOnlyDictionary<string, string> meta;
        try
        {
            using var file = Safetensors.Open(path);
            meta = file.Metadata;
        }
        catch (Exception e) when (e is InvalidDataException or IOException or UnauthorizedAccessException)
        {
            throw new UserError($"'{path}' is not a safetensors checkpoint: {OneLine(e.Message)}");
        }

        isTrainingCheckpoint = meta.TryGetValue(TrainingCheckpoint.KindKey, out string? kind) && kind == TrainingCheckpoint.TrainingKind;
        if (!meta.TryGetValue(TaskKey, out string? taskText) || ModelCatalog.ParseTask(taskText) is not { } task
            || !meta.TryGetValue(SizeKey, out string? sizeText) || ModelCatalog.ParseSize(sizeText) is not { } size)
        {
            throw new UserError($"'{path}' was not written by attentiongen train or export (its metadata has no '{TaskKey}' and '{SizeKey}')");
        }

        try
        {
            var labels = meta.TryGetValue(LabelsKey, out string? labelText) ? JsonSerializer.Deserialize<List<string>>(labelText) ?? [] : [];
            float scale = meta.TryGetValue(ScaleKey, out string? scaleText) ? float.Parse(scaleText, CultureInfo.InvariantCulture) : 1f;
            var settings = meta.TryGetValue(SettingsKey, out string? settingsText) ? JsonSerializer.Deserialize<RunSettings>(settingsText) : null;
            var history = meta.TryGetValue(HistoryKey, out string? historyText) ? JsonSerializer.Deserialize<List<EpochRecord>>(historyText) ?? [] : [];
            if (task == TaskKind.Classify && labels.Count == 0) throw new FormatException($"'{LabelsKey}' is missing or empty");
            if (task == TaskKind.Forecast && !(scale > 0 && float.IsFinite(scale))) throw new FormatException($"'{ScaleKey}' is {scale}");
            string characters = meta.TryGetValue(CharactersKey, out string? characterText) ? characterText : "";
            if (task == TaskKind.Translate && characters.Length == 0) throw new FormatException($"'{CharactersKey}' is missing or empty");
            return new ToolModelInfo(task, size, labels, scale, settings, history, characters);
        }
        catch (Exception e) when (e is JsonException or FormatException or OverflowException)
        {
            throw new UserError($"'{path}' has unreadable attentiongen metadata: {OneLine(e.Message)}");
        }
    }

    /// <summary>The model of a checkpoint, for inference, with its weights loaded (from either kind of file).</summary>
    public static (IModel Model, ToolModelInfo Info) LoadForInference(string path, int maxBatch)
    {
        var info = Read(path, out _);
        var model = ModelCatalog.Create(info.Task, info.Size, seed: 0, maxBatch, inferenceOnly: true);
        try
        {
            TrainingCheckpoint.LoadWeights(model, path);
        }
        catch (InvalidDataException e)
        {
            throw new UserError(OneLine(e.Message));
        }

        return (model, info);
    }

    /// <summary>Requires the checkpoint's task to be one the command works on.</summary>
    public static void RequireTask(string path, ToolModelInfo info, string command, params TaskKind[] tasks)
    {
        if (Array.IndexOf(tasks, info.Task) >= 0) return;
        var names = Array.ConvertAll(tasks, t => ModelCatalog.Name(t));
        string wanted = names.Length == 1 ? names[0] : string.Join(", ", names[..^1]) + " or " + names[^1];
        string instead = info.Task == TaskKind.Text ? "; use attentiongen generate" : info.Task is TaskKind.Classify or TaskKind.Forecast or TaskKind.Translate ? "; use attentiongen predict" : "";
        throw new UserError($"'{path}' is a {ModelCatalog.Name(info.Task)} model; {command} needs a {wanted} model{instead}");
    }

    /// <summary>A runtime message (which may list several problems on several lines) as one line.</summary>
    public static string OneLine(string message) =>
        string.Join("; ", message.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).Replace(":;", ":", StringComparison.Ordinal);
}
