using System;
using System.Collections.Generic;
using System.Linq;

namespace AttentionGen.Runtime;

/// <summary>
/// A model's parameters and gradients by state-dict name, e.g. to set one weight by hand, inspect a gradient, or
/// copy a tensor between models: <c>model.Parameter("encoder.layers.0.norm1.weight").Fill(1f)</c>.
/// </summary>
public static class ModelParameters
{
    private const int ClosestShown = 3;

    /// <summary>The parameter named <paramref name="name"/>: its shape and where it lives in <see cref="IModel.Parameters"/>.</summary>
    /// <param name="model">Any model.</param>
    /// <param name="name">A state-dict name, exactly (case-sensitive).</param>
    /// <exception cref="ArgumentException">The model has no parameter by that name; the message gives the closest names it has.</exception>
    public static ParameterInfo GetParameterInfo(this IModel model, string name)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(name);
        var infos = model.ParameterInfos;
        foreach (var info in infos)
        {
            if (info.Name == name) return info;
        }

        var closest = infos
            .Select(info => (info.Name, Distance: EditDistance(name, info.Name)))
            .OrderBy(c => c.Distance)
            .ThenBy(c => c.Name, StringComparer.Ordinal)
            .Take(ClosestShown)
            .Select(c => MessageText.Name(c.Name));
        throw new ArgumentException(
            $"{model.GetType().Name} has no parameter named {MessageText.Name(name)}; the closest of its {infos.Count} are {string.Join(", ", closest)}.",
            nameof(name));
    }

    /// <summary>The values of the parameter named <paramref name="name"/>, row-major in its PyTorch shape; writes change the model.</summary>
    /// <inheritdoc cref="GetParameterInfo(IModel, string)"/>
    public static Span<float> Parameter(this IModel model, string name)
    {
        var info = model.GetParameterInfo(name);
        return model.Parameters.Slice(info.Offset, info.Length);
    }

    /// <summary>The gradient of the parameter named <paramref name="name"/>, laid out as the parameter.</summary>
    /// <inheritdoc cref="GetParameterInfo(IModel, string)"/>
    public static Span<float> Gradient(this IModel model, string name)
    {
        var info = model.GetParameterInfo(name);
        return model.Gradients.Slice(info.Offset, info.Length);
    }

    /// <summary>Levenshtein distance, on names shortened for messages, so a huge name cannot make the search slow.</summary>
    private static int EditDistance(string a, string b)
    {
        const int Longest = 256;
        if (a.Length > Longest) a = a[..Longest];
        if (b.Length > Longest) b = b[..Longest];
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (int j = 0; j <= b.Length; j++) previous[j] = j;
        for (int i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (int j = 1; j <= b.Length; j++)
            {
                int substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
                current[j] = Math.Min(substitution, Math.Min(previous[j], current[j - 1]) + 1);
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }
}
