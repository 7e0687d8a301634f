using System;

namespace AttentionGen;

/// <summary>
/// Layer normalization over the last axis (PyTorch's <c>nn.LayerNorm(width)</c>, weight 1, bias 0).
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class LayerNormAttribute : Attribute
{
    /// <summary>Normalize over the previous layer's width.</summary>
    public LayerNormAttribute() { }

    /// <param name="width">The expected width (PyTorch's <c>normalized_shape</c>); checked against the previous layer.</param>
    public LayerNormAttribute(int width) => Width = width;

    /// <summary>The expected width, or 0 for "whatever comes in".</summary>
    public int Width { get; }

    /// <summary>Epsilon added to the variance. Default 1e-5, as PyTorch (Keras uses 1e-3).</summary>
    public double Eps { get; set; } = 1e-5;

    /// <summary>Parameter name prefix; default <c>norm</c>.</summary>
    public string? Name { get; set; }
}

/// <summary>Dropout with probability <c>p</c> while training; the identity at inference.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class DropoutAttribute : Attribute
{
    /// <param name="p">Probability of zeroing an element, in [0, 1).</param>
    public DropoutAttribute(double p) => P = p;

    /// <summary>Probability of zeroing an element.</summary>
    public double P { get; }
}

/// <summary>
/// A fully connected layer <c>y = x·Wᵀ + b</c> (PyTorch's <c>nn.Linear(in, units)</c>, weight <c>(units, in)</c>),
/// applied to the last axis, followed by an optional activation. After pooling it is a classification head.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class DenseAttribute : Attribute
{
    /// <param name="units">Output features.</param>
    public DenseAttribute(int units) => Units = units;

    /// <summary>Output features.</summary>
    public int Units { get; }

    /// <summary>Activation after the linear map. Default none.</summary>
    public Activation Activation { get; set; }

    /// <summary>Whether the layer has a bias. Default true, as PyTorch.</summary>
    public bool Bias { get; set; } = true;

    /// <summary>Parameter name prefix; default <c>dense</c> (numbered <c>dense_0</c>, <c>dense_1</c>… when there are several).</summary>
    public string? Name { get; set; }
}

/// <summary>
/// Language-model head: projects every position to <c>Vocab</c> logits (<c>TargetVocab</c> after a decoder)
/// with a bias-free linear layer, or with the embedding table itself when <see cref="Tied"/> (saved once).
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class LmHeadAttribute : Attribute
{
    /// <summary>Reuse the (target) embedding table as the output projection, as GPT-2 does.</summary>
    public bool Tied { get; set; }

    /// <summary>Parameter name prefix; default <c>lm_head</c>.</summary>
    public string? Name { get; set; }
}
