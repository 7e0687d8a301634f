using System;
using System.Globalization;

namespace AttentionGen.Runtime;

/// <summary>
/// How <see cref="TokenSampler"/> turns a row of logits into the next token: divide by a temperature, keep the
/// <see cref="TopK"/> most likely tokens, keep the smallest most-likely set whose probability reaches
/// <see cref="TopP"/> (nucleus sampling), renormalize and draw. Applied in that order, as common text generators do.
/// </summary>
public sealed class SamplingOptions
{
    /// <summary>Sampling from the model's own distribution: temperature 1, no top-k, no top-p.</summary>
    public static SamplingOptions Default { get; } = new();

    /// <summary>Always the most likely token (temperature 0).</summary>
    public static SamplingOptions Greedy { get; } = new(temperature: 0);

    /// <param name="temperature">Divides the logits: below 1 sharpens the distribution, above 1 flattens it, 0 takes the most likely token. Finite, 0 or more.</param>
    /// <param name="topK">Keep only the k most likely tokens; 0 keeps all.</param>
    /// <param name="topP">Keep the smallest set of most likely tokens whose probability is at least p, in (0, 1]; 1 keeps all.</param>
    /// <exception cref="ArgumentOutOfRangeException">An argument is outside its range; the message names it and the value.</exception>
    public SamplingOptions(float temperature = 1f, int topK = 0, float topP = 1f)
    {
        if (!(temperature >= 0) || float.IsInfinity(temperature))
            throw new ArgumentOutOfRangeException(nameof(temperature), temperature, string.Create(CultureInfo.InvariantCulture, $"temperature is {temperature}; it must be a finite number, 0 or more (0 takes the most likely token)."));
        if (topK < 0)
            throw new ArgumentOutOfRangeException(nameof(topK), topK, $"topK is {topK}; it must be 0 (keep every token) or more.");
        if (!(topP > 0 && topP <= 1))
            throw new ArgumentOutOfRangeException(nameof(topP), topP, string.Create(CultureInfo.InvariantCulture, $"topP is {topP}; it must be in (0, 1] (1 keeps every token)."));
        Temperature = temperature;
        TopK = topK;
        TopP = topP;
    }

    /// <summary>The divisor of the logits; 0 means greedy.</summary>
    public float Temperature { get; }

    /// <summary>How many of the most likely tokens are kept; 0 keeps all.</summary>
    public int TopK { get; }

    /// <summary>The probability mass the kept most likely tokens must reach; 1 keeps all.</summary>
    public float TopP { get; }

    /// <inheritdoc/>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"temperature {Temperature}, top-k {(TopK == 0 ? "off" : TopK.ToString(CultureInfo.InvariantCulture))}, top-p {(TopP == 1 ? "off" : TopP.ToString(CultureInfo.InvariantCulture))}");
}
