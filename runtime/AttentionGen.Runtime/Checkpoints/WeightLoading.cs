using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using AttentionGen.Runtime;

namespace AttentionGen.Checkpoints;

/// <summary>
/// Fills a model from a checkpoint, strictly and all-or-nothing: each file tensor is mapped to a parameter (through
/// the options' <see cref="TensorNameMap"/>, if any), every parameter must be filled and every tensor used, dtypes and
/// shapes must fit, tensors mapped to one parameter must be equal bit for bit, and values must be finite unless the
/// options allow otherwise. Everything is read into a staging array and checked before the first parameter changes.
/// </summary>
internal static class WeightLoading
{
    /// <summary>Lists in messages stop after this many entries, so a file of a million stray tensors still gives a short message.</summary>
    private const int ListedAtMost = 20;

    public static void Load(IModel model, SafetensorsFile file, CheckpointLoadOptions options)
    {
        var map = options.NameMap;
        var infos = model.ParameterInfos;
        int parameterCount = model.Parameters.Length;
        var parameters = new Dictionary<string, ParameterInfo>(StringComparer.Ordinal);
        foreach (var info in infos)
        {
            Checkpoint.CheckRange(model, info, parameterCount);
            parameters[info.Name] = info;
        }

        // Which file tensors fill which parameter.
        var sources = new Dictionary<string, List<Source>>(StringComparer.Ordinal);
        var unexpected = new List<string>();
        foreach (var tensor in file.Tensors)
        {
            var (target, transposed) = map is null ? (tensor.Name, false) : map.Resolve(tensor.Name);
            if (target is null) continue;
            if (!parameters.ContainsKey(target))
            {
                unexpected.Add(MessageText.Name(tensor.Name) + " " + tensor.ShapeText + (target == tensor.Name ? "" : $" (mapped to {MessageText.Name(target)})"));
                continue;
            }

            if (!sources.TryGetValue(target, out var list)) sources[target] = list = [];
            list.Add(new Source(tensor, transposed));
        }

        var problems = new List<string>();
        foreach (var info in infos)
        {
            string expectedShape = "[" + string.Join(", ", info.Shape) + "]";
            if (!sources.TryGetValue(info.Name, out var list))
            {
                problems.Add($"missing parameter {MessageText.Name(info.Name)}: expected F32 {expectedShape}, the file has no tensor {ExpectedFileNames(map, info.Name)}");
                continue;
            }

            foreach (var source in list) CheckFits(info, source, list.Count > 1 || map is not null, problems);
        }

        if (unexpected.Count > 0)
        {
            // First, so it is shown however many parameters are missing: together with them it says what stays unmatched on either side.
            problems.Insert(0, $"{unexpected.Count} unexpected tensor{(unexpected.Count == 1 ? "" : "s")} the model has no parameter for: {Listed(unexpected)}");
        }

        ThrowIfAny(model, file, problems);

        // Everything fits: read each parameter from its first tensor, compare any copies, check the values.
        var staging = new float[parameterCount];
        foreach (var info in infos)
        {
            var list = sources[info.Name];
            var slice = staging.AsSpan(info.Offset, info.Length);
            Read(file, list[0], info, slice, options, problems);
            for (int i = 1; i < list.Count; i++)
            {
                var copy = new float[info.Length];
                Read(file, list[i], info, copy, options, problems);
                int differ = FirstBitDifference(slice, copy);
                if (differ >= 0)
                {
                    problems.Add(string.Create(CultureInfo.InvariantCulture,
                        $"tensors {MessageText.Name(list[0].Tensor.Name)} and {MessageText.Name(list[i].Tensor.Name)} both map to parameter {MessageText.Name(info.Name)} " +
                        $"but differ at element {differ} ({slice[differ]:R} and {copy[differ]:R}); one parameter can be loaded from two tensors only when they are equal bit for bit, as a tied head and its embedding are"));
                }
            }
        }

        ThrowIfAny(model, file, problems);
        var destination = model.Parameters;
        foreach (var info in infos) staging.AsSpan(info.Offset, info.Length).CopyTo(destination.Slice(info.Offset, info.Length));
    }

    private static void CheckFits(ParameterInfo info, Source source, bool nameTheTensor, List<string> problems)
    {
        var found = source.Tensor;
        string where = nameTheTensor ? $" (from {MessageText.Name(found.Name)}{(source.Transposed ? ", stored transposed" : "")})" : "";
        bool dtypeOk = found.DType is SafetensorsDType.F32 or SafetensorsDType.F16 or SafetensorsDType.BF16 or SafetensorsDType.F64;
        long[] expected = ExpectedFileShape(info, source.Transposed);
        bool shapeOk = found.Shape.Count == expected.Length && !(source.Transposed && expected.Length != 2);
        for (int d = 0; shapeOk && d < expected.Length; d++) shapeOk = found.Shape[d] == expected[d];
        if (!dtypeOk || !shapeOk)
        {
            string what = !dtypeOk && !shapeOk ? "dtype and shape" : !dtypeOk ? "dtype" : "shape";
            string transposedNote = source.Transposed && info.Shape.Count != 2 ? $"; only a matrix can be stored transposed, and the parameter has {info.Shape.Count} dimensions" : "";
            problems.Add(
                $"parameter {MessageText.Name(info.Name)}{where}: wrong {what}: expected F32 [{string.Join(", ", expected)}], found {found.DType.HeaderName()} {found.ShapeText}" +
                (dtypeOk ? "" : " (F32, F16, BF16 and F64 can be loaded)") + transposedNote);
        }
    }

    /// <summary>The shape the file must have: the parameter's, or for a transposed matrix, its two axes swapped.</summary>
    private static long[] ExpectedFileShape(ParameterInfo info, bool transposed)
    {
        var shape = new long[info.Shape.Count];
        for (int d = 0; d < shape.Length; d++) shape[d] = info.Shape[d];
        if (transposed && shape.Length == 2) (shape[0], shape[1]) = (shape[1], shape[0]);
        return shape;
    }

    /// <summary>Reads one tensor into the parameter's layout and checks its values are finite (unless allowed).</summary>
    private static void Read(SafetensorsFile file, Source source, ParameterInfo info, Span<float> destination, CheckpointLoadOptions options, List<string> problems)
    {
        float[]? stored = null;
        Span<float> asStored = destination;
        if (source.Transposed)
        {
            stored = new float[info.Length];
            asStored = stored;
        }

        file.ReadFloats(source.Tensor.Name, asStored);
        if (!options.AllowNonFiniteValues)
        {
            int bad = FirstNonFinite(asStored);
            if (bad >= 0)
            {
                problems.Add(string.Create(CultureInfo.InvariantCulture,
                    $"tensor {MessageText.Name(source.Tensor.Name)} element {bad} is {asStored[bad]}; non-finite weights are refused " +
                    $"(a diverged run or a damaged file) unless {nameof(CheckpointLoadOptions)}.{nameof(CheckpointLoadOptions.AllowNonFiniteValues)} is set"));
            }
        }

        if (stored is not null)
        {
            // Stored (in, out), wanted (out, in): element (i, o) of the file is element (o, i) of the parameter.
            int rows = info.Shape[0], columns = info.Shape[1];
            for (int i = 0; i < columns; i++)
            {
                for (int o = 0; o < rows; o++) destination[o * columns + i] = stored[i * rows + o];
            }
        }
    }

    private static int FirstNonFinite(ReadOnlySpan<float> values)
    {
        for (int i = 0; i < values.Length; i++)
        {
            if (!float.IsFinite(values[i])) return i;
        }

        return -1;
    }

    private static int FirstBitDifference(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        for (int i = 0; i < a.Length; i++)
        {
            if (BitConverter.SingleToInt32Bits(a[i]) != BitConverter.SingleToInt32Bits(b[i])) return i;
        }

        return -1;
    }

    private static string ExpectedFileNames(TensorNameMap? map, string modelName)
    {
        if (map is null) return "by that name";
        var names = map.FileNamesOf(modelName);
        var shown = new List<string>();
        foreach (var (fileName, transposed) in names) shown.Add(MessageText.Name(fileName) + (transposed ? " (transposed)" : ""));
        return (shown.Count == 1 ? "" : "any of ") + string.Join(", ", shown) + " that the name map gives for it";
    }

    private static string Listed(List<string> items) =>
        items.Count <= ListedAtMost
            ? string.Join(", ", items)
            : string.Join(", ", items.GetRange(0, ListedAtMost)) + $" and {items.Count - ListedAtMost} more";

    private static void ThrowIfAny(IModel model, SafetensorsFile file, List<string> problems)
    {
        if (problems.Count == 0) return;
        var shown = problems.Count <= ListedAtMost ? problems : [.. problems.GetRange(0, ListedAtMost), $"and {problems.Count - ListedAtMost} more problems"];
        throw new InvalidDataException(
            $"Cannot load weights from '{file.Path}' into {model.GetType().Name}: " +
            (problems.Count == 1 ? problems[0] : $"{problems.Count} problems:{Environment.NewLine}  - " + string.Join(Environment.NewLine + "  - ", shown)) +
            ".");
    }

    private readonly record struct Source(SafetensorsTensorInfo Tensor, bool Transposed);
}
