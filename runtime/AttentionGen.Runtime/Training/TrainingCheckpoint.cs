using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using AttentionGen.Checkpoints;
using AttentionGen.Runtime;

namespace AttentionGen.Training;

/// <summary>
/// The resumable training checkpoint that <see cref="Trainer{TExample}.SaveCheckpoint"/> writes: one safetensors
/// file holding
/// <list type="bullet">
/// <item><description>every parameter as F32 under its PyTorch state-dict name and shape, exactly as <see cref="Checkpoint.SaveWeights"/> writes them;</description></item>
/// <item><description>
/// the optimizer's state arrays as flat F32 tensors over the model's parameter array, named <c>optimizer.</c> plus
/// the PyTorch name: <c>optimizer.exp_avg</c> and <c>optimizer.exp_avg_sq</c> for AdamW,
/// <c>optimizer.momentum_buffer</c> for SGD with momentum (none before the first step);
/// </description></item>
/// <item><description>
/// <c>__metadata__</c> strings: <c>format</c> = <c>pt</c>, <c>attentiongen.checkpoint</c> = <c>training</c>, the model
/// and objective, the step, epoch and batch within the epoch, the batch size, the running sums of the epoch's
/// loss, the early-stopping state, the shuffle generator's state at the start of the epoch and the model's dropout
/// generator (<c>trainer.shuffle_rng</c>, <c>model.dropout_rng</c>: five hexadecimal words as
/// <see cref="Rng.SaveState"/> lays them out), and the optimizer's kind, step count, learning rate and
/// hyper-parameters (floats as round-trip decimals).
/// </description></item>
/// </list>
/// Writes are atomic (a temporary file moved over the old one). Loading checks everything against the trainer
/// before changing anything.
/// </summary>
/// <remarks>
/// <see cref="Checkpoint.LoadWeights(IModel, string, CheckpointLoadOptions?)"/> stays strict and refuses a training checkpoint, whose optimizer tensors it
/// has no parameters for; <see cref="LoadWeights"/> here reads the weights of either kind of file. In PyTorch, load
/// the file with <c>safetensors.torch.load_file</c> and keep the keys that do not start with <c>optimizer.</c>.
/// </remarks>
public static class TrainingCheckpoint
{
    /// <summary>The prefix of the optimizer state tensors' names.</summary>
    public const string OptimizerPrefix = "optimizer.";

    /// <summary>The metadata key that marks a training checkpoint.</summary>
    public const string KindKey = "attentiongen.checkpoint";

    /// <summary>The <see cref="KindKey"/> value of a training checkpoint.</summary>
    public const string TrainingKind = "training";

    internal const string VersionKey = "attentiongen.checkpoint_version";
    internal const string Version = "1";

    /// <summary>
    /// Loads only the weights from a training checkpoint (or from a weights file written by
    /// <see cref="Checkpoint.SaveWeights"/>), strictly and all-or-nothing: every parameter must be present with the
    /// model's exact shape, the <c>optimizer.*</c> tensors are skipped, and any other tensor is an error.
    /// </summary>
    /// <param name="model">The model to fill.</param>
    /// <param name="path">The checkpoint.</param>
    /// <exception cref="InvalidDataException">The file is not valid safetensors or does not fit the model; the message lists every problem. The model is unchanged.</exception>
    public static void LoadWeights(IModel model, string path)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentException.ThrowIfNullOrEmpty(path);
        // One handle from the header to the last tensor: a checkpoint saved meanwhile cannot mix into this one.
        using var file = Safetensors.Open(path);
        var problems = new List<string>();
        CheckParameters(model, file, problems, allowOptimizerTensors: true);
        ThrowIfAny(model, file, problems);
        float[] staging = ReadParameters(model, file);
        staging.CopyTo(model.Parameters);
    }

    /// <summary>Adds a problem for each missing, misshapen or unexpected tensor; optimizer tensors are left to the caller.</summary>
    internal static void CheckParameters(IModel model, SafetensorsFile file, List<string> problems, bool allowOptimizerTensors)
    {
        int parameterCount = model.Parameters.Length;
        var expected = new HashSet<string>(StringComparer.Ordinal);
        foreach (var info in model.ParameterInfos)
        {
            if (info.Offset < 0 || (long)info.Offset + info.Length > parameterCount)
            {
                throw new InvalidOperationException(
                    $"{model.GetType().Name} lists parameter {MessageText.Name(info.Name)} at offset {info.Offset} with {info.Length} elements, outside its {parameterCount} parameters.");
            }

            expected.Add(info.Name);
            string shape = "[" + string.Join(", ", info.Shape) + "]";
            if (!file.TryGetInfo(info.Name, out var found))
            {
                problems.Add($"missing parameter {MessageText.Name(info.Name)}: expected F32 {shape}");
                continue;
            }

            bool shapeOk = found.Shape.Count == info.Shape.Count;
            for (int d = 0; shapeOk && d < info.Shape.Count; d++)
            {
                shapeOk = found.Shape[d] == info.Shape[d];
            }

            bool dtypeOk = found.DType is SafetensorsDType.F32 or SafetensorsDType.F16 or SafetensorsDType.BF16 or SafetensorsDType.F64;
            if (!shapeOk || !dtypeOk)
            {
                problems.Add($"parameter {MessageText.Name(info.Name)}: expected F32 {shape}, found {found.DType.HeaderName()} {found.ShapeText}");
            }
        }

        var unexpected = new List<string>();
        foreach (var name in file.Names)
        {
            if (!expected.Contains(name) && !(allowOptimizerTensors && name.StartsWith(OptimizerPrefix, StringComparison.Ordinal)))
            {
                unexpected.Add(MessageText.Name(name) + " " + file.Info(name).ShapeText);
            }
        }

        if (unexpected.Count > 0)
        {
            const int Listed = 20;
            problems.Add($"{unexpected.Count} unexpected tensor(s) the model has no parameter for: {string.Join(", ", unexpected.GetRange(0, Math.Min(Listed, unexpected.Count)))}" +
                (unexpected.Count > Listed ? $" and {unexpected.Count - Listed} more" : ""));
        }
    }

    /// <summary>Reads every parameter into a new array laid out as the model's parameter array; all values must be finite.</summary>
    internal static float[] ReadParameters(IModel model, SafetensorsFile file)
    {
        var staging = new float[model.Parameters.Length];
        foreach (var info in model.ParameterInfos)
        {
            var slice = staging.AsSpan(info.Offset, info.Length);
            file.ReadFloats(info.Name, slice);
            int bad = NonFinite.IndexOf(slice);
            if (bad >= 0)
            {
                throw new InvalidDataException(string.Create(
                    CultureInfo.InvariantCulture,
                    $"Cannot load '{file.Path}' into {model.GetType().Name}: parameter {MessageText.Name(info.Name)}[{bad}] is {slice[bad]}; a checkpoint of a diverged run cannot be resumed."));
            }
        }

        return staging;
    }

    internal static void ThrowIfAny(IModel model, SafetensorsFile file, List<string> problems)
    {
        if (problems.Count > 0)
        {
            throw new InvalidDataException(
                $"Cannot load '{file.Path}' into {model.GetType().Name}: " +
                (problems.Count == 1 ? problems[0] : $"{problems.Count} problems:{Environment.NewLine}  - " + string.Join(Environment.NewLine + "  - ", problems)) +
                ". Nothing was changed.");
        }
    }

    /// <summary>Five hexadecimal words, space-separated, as <see cref="Rng.SaveState"/> lays them out.</summary>
    internal static string RngText(ReadOnlySpan<ulong> state)
    {
        var words = new string[state.Length];
        for (int i = 0; i < words.Length; i++)
        {
            words[i] = state[i].ToString("x16", CultureInfo.InvariantCulture);
        }

        return string.Join(' ', words);
    }

    /// <summary>Parses <see cref="RngText"/> and checks the state is one a generator accepts; null with a problem otherwise.</summary>
    internal static ulong[]? ParseRng(string key, string? text, List<string> problems)
    {
        if (text is null)
        {
            problems.Add($"metadata {MessageText.Name(key)} is missing");
            return null;
        }

        var words = text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var state = new ulong[Rng.StateLength];
        bool ok = words.Length == Rng.StateLength;
        for (int i = 0; ok && i < words.Length; i++)
        {
            ok = ulong.TryParse(words[i], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out state[i]);
        }

        if (ok)
        {
            try
            {
                new Rng(0).RestoreState(state);
            }
            catch (ArgumentException e)
            {
                problems.Add($"metadata {MessageText.Name(key)} is not a generator state: {e.Message}");
                return null;
            }

            return state;
        }

        problems.Add($"metadata {MessageText.Name(key)} is {MessageText.Value(text)}; expected {Rng.StateLength} hexadecimal words");
        return null;
    }
}
