using System;

namespace AttentionGen;

/// <summary>
/// Adds fixed sinusoidal position encodings ("Attention Is All You Need"; the PyTorch tutorial's
/// <c>PositionalEncoding</c>): <c>pe[p, 2i] = sin(p / 10000^(2i/width))</c>, <c>pe[p, 2i+1] = cos(…)</c>.
/// Place it right after <see cref="EmbedAttribute"/>, <see cref="InputProjectionAttribute"/> or
/// <see cref="TargetEmbedAttribute"/>. No parameters.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class SinusoidalPositionsAttribute : Attribute
{
    /// <summary>Rows of the encoding table; the sequence it follows may not be longer. Default 5000, as in the PyTorch tutorial.</summary>
    public int MaxLength { get; set; } = 5000;
}

/// <summary>
/// Adds a learned position embedding (a <c>(MaxLength, width)</c> <c>nn.Embedding</c>, N(0, 1) initialized),
/// as GPT does. Place it right after an embedding or input projection.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class LearnedPositionsAttribute : Attribute
{
    /// <summary>Rows of the table; 0 (the default) means the sequence's maximum length.</summary>
    public int MaxLength { get; set; }

    /// <summary>Parameter name prefix; default <c>pos_embed</c> (<c>target_pos_embed</c> on the target side).</summary>
    public string? Name { get; set; }
}
