using System;
using System.Collections.Generic;
using System.IO;
using AttentionGen.Runtime;

namespace AttentionGen.Checkpoints;

/// <summary>
/// Saves and loads a model's weights as safetensors under their PyTorch state-dict names and shapes, so a file
/// written here loads with <c>safetensors.torch.load_file</c> into a matching PyTorch module, and the other way round.
/// A <see cref="TensorNameMap"/> does the same for PyTorch modules that name (or lay out) their tensors otherwise,
/// such as GPT-2's; <see cref="ModelParameters"/> reaches one parameter by its name.
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
    /// With <paramref name="nameMap"/>, each parameter is written under the names the map gives it instead (transposed
    /// where its rule says so, and once per name, so a tied parameter appears under each name the map maps to it),
    /// which makes a file another PyTorch module's <c>load_state_dict</c> takes as it is.
    /// </summary>
    /// <param name="model">The model whose parameters are saved; they are copied first, so the file is one consistent snapshot.</param>
    /// <param name="path">The file to create or replace.</param>
    /// <param name="extraMetadata">More metadata strings; a <c>"format"</c> entry must be <c>"pt"</c> if present.</param>
    /// <param name="nameMap">The names to save under; null for the model's own state-dict names.</param>
    /// <exception cref="InvalidOperationException">The name map gives a parameter no name that loads back into it, or transposes one that is not a matrix.</exception>
    public static void SaveWeights(IModel model, string path, IReadOnlyDictionary<string, string>? extraMetadata = null, TensorNameMap? nameMap = null)
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
                        $"extraMetadata sets \"{FormatKey}\" to {MessageText.Value(value)}; weights are saved as PyTorch tensors, so it can only be \"{PyTorchFormat}\".",
                        nameof(extraMetadata));
                }

                metadata[key] = value;
            }
        }

        metadata[FormatKey] = PyTorchFormat;

        var infos = model.ParameterInfos;
        float[] snapshot = model.Parameters.ToArray();
        var tensors = new List<SafetensorsTensor>(infos.Count);
        foreach (var info in infos)
        {
            CheckRange(model, info, snapshot.Length);
            var shape = new long[info.Shape.Count];
            for (int d = 0; d < shape.Length; d++) shape[d] = info.Shape[d];
            var data = snapshot.AsMemory(info.Offset, info.Length);
            if (nameMap is null)
            {
                tensors.Add(new SafetensorsTensor(info.Name, shape, data));
                continue;
            }

            var shadowed = new List<string>();
            var fileNames = nameMap.FileNamesOf(info.Name, shadowed);
            if (fileNames.Count == 0)
            {
                throw new InvalidOperationException(
                    $"The name map gives parameter {MessageText.Name(info.Name)} no name that loads back into it: {string.Join("; ", shadowed)}. " +
                    $"Order the rules so the file could be loaded back. Rules: {nameMap}.");
            }

            foreach (var (fileName, transposed) in fileNames)
            {
                if (transposed && info.Shape.Count != 2)
                {
                    throw new InvalidOperationException(
                        $"The name map saves parameter {MessageText.Name(info.Name)} transposed as {MessageText.Name(fileName)}, but it has {info.Shape.Count} dimensions; only a matrix can be transposed.");
                }

                tensors.Add(transposed
                    ? new SafetensorsTensor(fileName, [shape[1], shape[0]], Transpose(data.Span, info.Shape[0], info.Shape[1]))
                    : new SafetensorsTensor(fileName, shape, data));
            }
        }

        Safetensors.Write(path, tensors, metadata);
    }

    /// <summary>
    /// Loads weights into <paramref name="model"/>, strictly and all-or-nothing. Every parameter must be in the file
    /// under its state-dict name (or the name <see cref="CheckpointLoadOptions.NameMap"/> maps to it) with exactly the
    /// model's shape, and the file must hold no other tensors (except those the map ignores). The dtype should be
    /// F32; F16 and BF16 are also accepted (widened exactly), and F64 (rounded to the nearest float). NaN and
    /// infinite values are refused unless <see cref="CheckpointLoadOptions.AllowNonFiniteValues"/> is set. The file
    /// is read through one handle, so a writer replacing it meanwhile cannot mix two files. Everything is checked,
    /// and every tensor read into a staging buffer, before the first parameter is changed; on any failure the model
    /// keeps the weights it had.
    /// </summary>
    /// <param name="model">The model to fill.</param>
    /// <param name="path">A safetensors file, such as one written by <see cref="SaveWeights"/> or by <c>safetensors.torch.save_file</c>.</param>
    /// <param name="options">A name map, and whether non-finite values are allowed; null for the defaults.</param>
    /// <exception cref="InvalidDataException">
    /// The path is not a regular file, the file is not valid safetensors, or it does not fit the model. The message
    /// names the file and lists every problem: each missing parameter with its expected dtype and shape (and the file
    /// names the map gives it), each tensor with a wrong shape or dtype with the expected and the found ones, each
    /// non-finite value with its tensor and index, two tensors for one parameter that differ, and all unexpected
    /// tensor names (with the names the map gave them).
    /// </exception>
    public static void LoadWeights(IModel model, string path, CheckpointLoadOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentException.ThrowIfNullOrEmpty(path);
        using var file = Safetensors.Open(path);
        WeightLoading.Load(model, file, options ?? CheckpointLoadOptions.Default);
    }

    /// <summary>
    /// As <see cref="LoadWeights(IModel, string, CheckpointLoadOptions?)"/>, from safetensors bytes read from
    /// <paramref name="stream"/>'s current position to its end (e.g. a download or an archive entry).
    /// </summary>
    /// <param name="model">The model to fill.</param>
    /// <param name="stream">A readable stream; it is not closed.</param>
    /// <param name="options">A name map, and whether non-finite values are allowed; null for the defaults.</param>
    /// <exception cref="InvalidDataException">The bytes are not valid safetensors, or do not fit the model; the message lists every problem.</exception>
    public static void LoadWeights(IModel model, Stream stream, CheckpointLoadOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(stream);
        using var file = Safetensors.Read(stream);
        WeightLoading.Load(model, file, options ?? CheckpointLoadOptions.Default);
    }

    /// <summary>
    /// As <see cref="LoadWeights(IModel, string, CheckpointLoadOptions?)"/>, from a file already opened with
    /// <see cref="Safetensors.Open(string)"/> or read with <see cref="Safetensors.Read(string)"/>.
    /// </summary>
    /// <param name="model">The model to fill.</param>
    /// <param name="file">The checkpoint; it stays open.</param>
    /// <param name="options">A name map, and whether non-finite values are allowed; null for the defaults.</param>
    /// <exception cref="InvalidDataException">The file does not fit the model; the message lists every problem.</exception>
    public static void LoadWeights(IModel model, SafetensorsFile file, CheckpointLoadOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(file);
        WeightLoading.Load(model, file, options ?? CheckpointLoadOptions.Default);
    }

    /// <summary>
    /// As <see cref="LoadWeights(IModel, string, CheckpointLoadOptions?)"/>, from tensors in memory, e.g. weights
    /// computed or converted by the program itself. The tensors are checked exactly as a file's are.
    /// </summary>
    /// <param name="model">The model to fill.</param>
    /// <param name="tensors">The tensors by name (each key must be its tensor's <see cref="SafetensorsTensor.Name"/>).</param>
    /// <param name="options">A name map, and whether non-finite values are allowed; null for the defaults.</param>
    /// <exception cref="ArgumentException">A key is not its tensor's name, or a tensor is null.</exception>
    /// <exception cref="InvalidDataException">The tensors do not fit the model; the message lists every problem.</exception>
    public static void LoadWeights(IModel model, IReadOnlyDictionary<string, SafetensorsTensor> tensors, CheckpointLoadOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(tensors);
        var list = new List<SafetensorsTensor>(tensors.Count);
        foreach (var (name, tensor) in tensors)
        {
            if (tensor is null || tensor.Name != name)
            {
                throw new ArgumentException(
                    $"tensors[{MessageText.Name(name)}] is {(tensor is null ? "null" : "named " + MessageText.Name(tensor.Name))}; each key must be its tensor's name.",
                    nameof(tensors));
            }

            list.Add(tensor);
        }

        // The same bytes a file would hold, so in-memory tensors meet exactly the checks a file meets.
        using var bytes = new MemoryStream();
        Safetensors.Write(bytes, list);
        using var file = Safetensors.FromBytes("(tensors in memory)", bytes.ToArray());
        WeightLoading.Load(model, file, options ?? CheckpointLoadOptions.Default);
    }

    private static float[] Transpose(ReadOnlySpan<float> matrix, int rows, int columns)
    {
        var transposed = new float[matrix.Length];
        for (int r = 0; r < rows; r++)
        {
            for (int c = 0; c < columns; c++) transposed[c * rows + r] = matrix[r * columns + c];
        }

        return transposed;
    }

    internal static void CheckRange(IModel model, ParameterInfo info, int parameterCount)
    {
        if (info.Offset < 0 || (long)info.Offset + info.Length > parameterCount)
        {
            throw new InvalidOperationException(
                $"{model.GetType().Name} lists parameter {MessageText.Name(info.Name)} at offset {info.Offset} with {info.Length} elements, outside its {parameterCount} parameters.");
        }
    }
}
