using System;
using System.Collections.Generic;
using System.Globalization;
using AttentionGen.Reports;
using AttentionGen.Runtime;
using AttentionGen.Tool.Models;

namespace AttentionGen.Tool.Runs;

/// <summary>
/// Adds to a report the attention weights of every attention layer of the tool's models for one input, one panel
/// per head, with the input's tokens on both axes. The caller has just run a batch-1 Forward of that input on a
/// trainable instance (the generated AttentionWeights recomputes the weights from the queries and keys it kept).
/// </summary>
internal static class AttentionHeatMaps
{
    public static void Add(RunReport report, IModel model, IReadOnlyList<string> tokens, string input)
    {
        int layers = LayerNames(model).Count;
        for (int layer = 0; layer < layers; layer++)
        {
            var map = Weights(model, layer);
            report.AddAttentionMap($"Attention of {map.Layer} on {input}", tokens, tokens, map.Weights, map.Heads);
        }
    }

    /// <summary>A byte as a readable axis label: printable ASCII as itself, space and line breaks as symbols, others as hex.</summary>
    public static string ByteLabel(int value) => value switch
    {
        ' ' => "␣",
        '\n' => "⏎",
        '\t' => "⇥",
        >= 33 and < 127 => ((char)value).ToString(),
        _ => "0x" + value.ToString("X2", CultureInfo.InvariantCulture),
    };

    private static IReadOnlyList<string> LayerNames(IModel model) => model switch
    {
        TextGptSmall => TextGptSmall.AttentionLayers,
        TextGptBase => TextGptBase.AttentionLayers,
        TextClassifierSmall => TextClassifierSmall.AttentionLayers,
        TextClassifierBase => TextClassifierBase.AttentionLayers,
        SeriesForecasterSmall => SeriesForecasterSmall.AttentionLayers,
        SeriesForecasterBase => SeriesForecasterBase.AttentionLayers,
        _ => throw new ArgumentException($"{model.GetType().Name} is not one of the tool's models.", nameof(model)),
    };

    private static AttentionMap Weights(IModel model, int layer) => model switch
    {
        TextGptSmall m => m.AttentionWeights(layer, 0),
        TextGptBase m => m.AttentionWeights(layer, 0),
        TextClassifierSmall m => m.AttentionWeights(layer, 0),
        TextClassifierBase m => m.AttentionWeights(layer, 0),
        SeriesForecasterSmall m => m.AttentionWeights(layer, 0),
        SeriesForecasterBase m => m.AttentionWeights(layer, 0),
        _ => throw new ArgumentException($"{model.GetType().Name} is not one of the tool's models.", nameof(model)),
    };
}
