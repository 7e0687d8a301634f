using System;
using System.Collections.Generic;
using System.IO;
using AttentionGen.Runtime;

namespace AttentionGen.Checkpoints;

/// <summary>
/// Saves and loads a model's weights as safetensors under their PyTorch state-dict names and shapes, so a file
/// written here loads with <c>safetensors.torch.load_file</c> into a matching PyTorch module, and the other way round.
/// </summary>
public static class Checkpoint
{
    /// <summary>The metadata key PyTorch-oriented tools read; <see cref="SaveWeights"/> sets it to <see cref="PyTorchFormat"/>.</summary>
    public const string FormatKey = "format";

    /// <summary>The <see cref="FormatKey"/> value for PyTorch tensors.</summary>
    public const string PyTorchFormat = "pt";

    /// <summary>
    /// Writes every parameter of <paramref name="model"/> as an F32 tensor named and shaped as in its state dict,
    /// in <see cref="IModel.ParameterInfos"/> order (tied weights appear once, as the model lists them once), with
    /// <c>__metadata__</c> holding <c>{"format": "pt"}</c> and <paramref name="extraMetadata"/>. The write is atomic:
    /// see <see cref="Safetensors.Write(string, IReadOnlyList{SafetensorsTensor}, IReadOnlyDictionary{string, string}?)"/>.
    /// </summary>
    /// <param name="model">The model whose parameters are saved; they are copied first, so the file is one consistent snapshot.</param>
    /// <param name="path">The file to create or replace.</param>
    /// <param name="extraMetadata">More metadata strings; a <c>"format"</c> entry must be <c>"pt"</c> if present.</param>
    public static void SaveWeights(IModel model, string path, IReadOnlyDictionary<string, string>? extraMetadata = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentException.ThrowIfNullOrEmpty(path);

        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        if (extraMetadata is not null)
        {
            foreach (var (key, value) in extraMetadata)
            {
                if (key == FormatKey && value != PyTorchFormat)
                {
                    throw new ArgumentException(
                        $"extraMetadata sets \"{FormatKey}\" to \"{value}\"; weights are saved as PyTorch tensors, so it can only be \"{PyTorchFormat}\".",
                        nameof(extraMetadata));
                }

                metadata[key] = value;
            }
        }

        metadata[FormatKey] = PyTorchFormat;

        var infos = model.ParameterInfos;
        float[] snapshot = model.Parameters.ToArray();
        var tensors = new SafetensorsTensor[infos.Count];
        for (int i = 0; i < tensors.Length; i++)
        {
            var info = infos[i];
            CheckRange(model, info, snapshot.Length);
            var shape = new long[info.Shape.Count];
            for (int d = 0; d < shape.Length; d++) shape[d] = info.Shape[d];
            tensors[i] = new SafetensorsTensor(info.Name, shape, snapshot.AsMemory(info.Offset, info.Length));
        }

        Safetensors.Write(path, tensors, metadata);
    }

    /// <summary>
    /// Loads weights into <paramref name="model"/>, strictly and all-or-nothing. Every parameter must be in the file
    /// under its state-dict name with exactly the model's shape, and the file must hold no other tensors. The dtype
    /// should be F32; F16 and BF16 are also accepted (widened exactly), and F64 (rounded to the nearest float).
    /// Everything is checked, and every tensor read into a staging buffer, before the first parameter is changed;
    /// on any failure the model keeps the weights it had.
    /// </summary>
    /// <param name="model">The model to fill.</param>
    /// <param name="path">A safetensors file, such as one written by <see cref="SaveWeights"/> or by <c>safetensors.torch.save_file</c>.</param>
    /// <exception cref="InvalidDataException">
    /// The file is not valid safetensors, or does not fit the model. The message names the file and lists every
    /// problem: each missing parameter with its expected dtype and shape, each parameter with a wrong shape or dtype
    /// with the expected and the found ones, and all unexpected tensor names.
    /// </exception>
    public static void LoadWeights(IModel model, string path)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentException.ThrowIfNullOrEmpty(path);
        var file = Safetensors.Read(path);
        var infos = model.ParameterInfos;
        int parameterCount = model.Parameters.Length;

        var problems = new List<string>();
        var expected = new HashSet<string>(StringComparer.Ordinal);
        foreach (var info in infos)
        {
            CheckRange(model, info, parameterCount);
            expected.Add(info.Name);
            string expectedShape = "[" + string.Join(", ", info.Shape) + "]";
            if (!file.TryGetInfo(info.Name, out var found))
            {
                problems.Add($"missing parameter '{info.Name}': expected F32 {expectedShape}, the file has no tensor by that name");
                continue;
            }

            bool dtypeOk = found.DType is SafetensorsDType.F32 or SafetensorsDType.F16 or SafetensorsDType.BF16 or SafetensorsDType.F64;
            bool shapeOk = found.Shape.Count == info.Shape.Count;
            for (int d = 0; shapeOk && d < info.Shape.Count; d++) shapeOk = found.Shape[d] == info.Shape[d];
            if (!dtypeOk || !shapeOk)
            {
                string what = !dtypeOk && !shapeOk ? "dtype and shape" : !dtypeOk ? "dtype" : "shape";
                problems.Add(
                    $"parameter '{info.Name}': wrong {what}: expected F32 {expectedShape}, found {found.DType.HeaderName()} {found.ShapeText}" +
                    (dtypeOk ? "" : " (F32, F16, BF16 and F64 can be loaded)"));
            }
        }

        var unexpected = new List<string>();
        foreach (var name in file.Names)
        {
            if (!expected.Contains(name)) unexpected.Add("'" + name + "' " + file.Info(name).ShapeText);
        }

        if (unexpected.Count > 0)
        {
            problems.Add($"{unexpected.Count} unexpected tensor{(unexpected.Count == 1 ? "" : "s")} the model has no parameter for: {string.Join(", ", unexpected)}");
        }

        if (problems.Count > 0)
        {
            throw new InvalidDataException(
                $"Cannot load weights from '{file.Path}' into {model.GetType().Name}: " +
                (problems.Count == 1 ? problems[0] : $"{problems.Count} problems:{Environment.NewLine}  - " + string.Join(Environment.NewLine + "  - ", problems)) +
                ".");
        }

        var staging = new float[parameterCount];
        foreach (var info in infos) file.ReadFloats(info.Name, staging.AsSpan(info.Offset, info.Length));

        var parameters = model.Parameters;
        foreach (var info in infos) staging.AsSpan(info.Offset, info.Length).CopyTo(parameters.Slice(info.Offset, info.Length));
    }

    private static void CheckRange(IModel model, ParameterInfo info, int parameterCount)
    {
        if (info.Offset < 0 || (long)info.Offset + info.Length > parameterCount)
        {
            throw new InvalidOperationException(
                $"{model.GetType().Name} lists parameter '{info.Name}' at offset {info.Offset} with {info.Length} elements, outside its {parameterCount} parameters.");
        }
    }
}
