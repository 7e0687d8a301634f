using System;
using AttentionGen.Runtime;

namespace AttentionGen.Tool.Models;

/// <summary>The four architectures the tool trains.</summary>
internal enum TaskKind
{
    /// <summary>A character (byte-level) GPT: next-byte prediction on a text file.</summary>
    Text,

    /// <summary>A text classifier: label&lt;TAB&gt;text lines.</summary>
    Classify,

    /// <summary>A forecaster of one numeric series: a CSV column.</summary>
    Forecast,

    /// <summary>An encoder-decoder translator: source&lt;TAB&gt;target lines, words in, characters out.</summary>
    Translate,
}

/// <summary>The declared size variants: shapes are compile-time constants, so each size is its own generated class.</summary>
internal enum ModelSize
{
    Small,
    Base,
}

/// <summary>The constants of one declared model that the tool's data handling needs.</summary>
/// <param name="MaxSeq">Tokens (text, classify) or steps of history (forecast) the model reads at most.</param>
/// <param name="Vocab">Token ids the model knows (0 for forecast).</param>
/// <param name="Outputs">Classes (classify), steps ahead (forecast), or the vocabulary (text; the target vocabulary for translate).</param>
/// <param name="TargetMaxSeq">Target tokens the decoder reads at most (translate: the start token and the characters written so far).</param>
internal sealed record ModelShape(string TypeName, int MaxSeq, int Vocab, int Outputs, int ParameterCount, int TargetMaxSeq = 0);

/// <summary>Maps a task and a size to its generated model class.</summary>
internal static class ModelCatalog
{
    public static string Name(TaskKind task) => task switch
    {
        TaskKind.Text => "text",
        TaskKind.Classify => "classify",
        TaskKind.Forecast => "forecast",
        TaskKind.Translate => "translate",
        _ => throw new ArgumentOutOfRangeException(nameof(task)),
    };

    public static string Name(ModelSize size) => size == ModelSize.Small ? "small" : "base";

    public static TaskKind? ParseTask(string? text) => text switch
    {
        "text" => TaskKind.Text,
        "classify" => TaskKind.Classify,
        "forecast" => TaskKind.Forecast,
        "translate" => TaskKind.Translate,
        _ => null,
    };

    public static ModelSize? ParseSize(string? text) => text switch
    {
        "small" => ModelSize.Small,
        "base" => ModelSize.Base,
        _ => null,
    };

    public static ModelShape Shape(TaskKind task, ModelSize size) => (task, size) switch
    {
        (TaskKind.Text, ModelSize.Small) => new(nameof(TextGptSmall), TextGptSmall.MaxSeq, TextGptSmall.Vocab, TextGptSmall.Vocab, TextGptSmall.ParameterCount),
        (TaskKind.Text, ModelSize.Base) => new(nameof(TextGptBase), TextGptBase.MaxSeq, TextGptBase.Vocab, TextGptBase.Vocab, TextGptBase.ParameterCount),
        (TaskKind.Classify, ModelSize.Small) => new(nameof(TextClassifierSmall), TextClassifierSmall.MaxSeq, TextClassifierSmall.Vocab, TextClassifierSmall.Outputs, TextClassifierSmall.ParameterCount),
        (TaskKind.Classify, ModelSize.Base) => new(nameof(TextClassifierBase), TextClassifierBase.MaxSeq, TextClassifierBase.Vocab, TextClassifierBase.Outputs, TextClassifierBase.ParameterCount),
        (TaskKind.Forecast, ModelSize.Small) => new(nameof(SeriesForecasterSmall), SeriesForecasterSmall.MaxSeq, 0, SeriesForecasterSmall.Outputs, SeriesForecasterSmall.ParameterCount),
        (TaskKind.Forecast, ModelSize.Base) => new(nameof(SeriesForecasterBase), SeriesForecasterBase.MaxSeq, 0, SeriesForecasterBase.Outputs, SeriesForecasterBase.ParameterCount),
        (TaskKind.Translate, ModelSize.Small) => new(nameof(TranslatorSmall), TranslatorSmall.MaxSeq, TranslatorSmall.Vocab, TranslatorSmall.TargetVocab, TranslatorSmall.ParameterCount, TranslatorSmall.TargetMaxSeq),
        (TaskKind.Translate, ModelSize.Base) => new(nameof(TranslatorBase), TranslatorBase.MaxSeq, TranslatorBase.Vocab, TranslatorBase.TargetVocab, TranslatorBase.ParameterCount, TranslatorBase.TargetMaxSeq),
        _ => throw new ArgumentOutOfRangeException(nameof(size)),
    };

    /// <summary>A new model of the task and size: seeded for training, or for inference only (half the memory).</summary>
    public static IModel Create(TaskKind task, ModelSize size, ulong seed, int maxBatch, bool inferenceOnly = false) => (task, size) switch
    {
        (TaskKind.Text, ModelSize.Small) => new TextGptSmall(seed, maxBatch, inferenceOnly),
        (TaskKind.Text, ModelSize.Base) => new TextGptBase(seed, maxBatch, inferenceOnly),
        (TaskKind.Classify, ModelSize.Small) => new TextClassifierSmall(seed, maxBatch, inferenceOnly),
        (TaskKind.Classify, ModelSize.Base) => new TextClassifierBase(seed, maxBatch, inferenceOnly),
        (TaskKind.Forecast, ModelSize.Small) => new SeriesForecasterSmall(seed, maxBatch, inferenceOnly),
        (TaskKind.Forecast, ModelSize.Base) => new SeriesForecasterBase(seed, maxBatch, inferenceOnly),
        (TaskKind.Translate, ModelSize.Small) => new TranslatorSmall(seed, maxBatch, inferenceOnly),
        (TaskKind.Translate, ModelSize.Base) => new TranslatorBase(seed, maxBatch, inferenceOnly),
        _ => throw new ArgumentOutOfRangeException(nameof(size)),
    };
}
