using System;

namespace AttentionGen;

/// <summary>
/// Multi-head self-attention, exactly PyTorch's <c>nn.MultiheadAttention(width, heads)</c> applied as
/// <c>attn(x, x, x)</c>: packed Q/K/V projection <c>in_proj_weight (3·width, width)</c> (rows Q, K, V; head h
/// uses features [h·width/heads, (h+1)·width/heads)), scaled dot product, softmax, weighted sum, output
/// projection. Input and output <c>(batch, seq, width)</c>. No residual: use <see cref="EncoderAttribute"/>
/// for full Transformer blocks. Padding is masked from per-sequence lengths given at run time.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class MultiHeadAttribute : Attribute
{
    /// <param name="heads">Number of heads; must divide the width.</param>
    public MultiHeadAttribute(int heads) => Heads = heads;

    /// <summary>Number of heads.</summary>
    public int Heads { get; }

    /// <summary>Mask future positions (query i sees keys 0..i).</summary>
    public bool Causal { get; set; }

    /// <summary>Dropout on the attention weights while training, in [0, 1). Default 0 (PyTorch's default).</summary>
    public double Dropout { get; set; }

    /// <summary>Optional: the expected input width (PyTorch's <c>embed_dim</c>); checked against the previous layer.</summary>
    public int Width { get; set; }

    /// <summary>Parameter name prefix; default <c>self_attn</c>.</summary>
    public string? Name { get; set; }
}

/// <summary>
/// A single-head self-attention layer: <see cref="MultiHeadAttribute"/> with one head
/// (Q/K/V projections, scaled dot product, softmax, weighted sum, output projection).
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class SelfAttentionAttribute : Attribute
{
    /// <summary>Mask future positions.</summary>
    public bool Causal { get; set; }

    /// <summary>Dropout on the attention weights while training, in [0, 1).</summary>
    public double Dropout { get; set; }

    /// <summary>Optional: the expected input width; checked against the previous layer.</summary>
    public int Width { get; set; }

    /// <summary>Parameter name prefix; default <c>self_attn</c>.</summary>
    public string? Name { get; set; }
}
