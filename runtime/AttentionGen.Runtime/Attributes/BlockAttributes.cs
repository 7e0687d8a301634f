using System;

namespace AttentionGen;

/// <summary>
/// A stack of Transformer encoder blocks, each PyTorch's <c>nn.TransformerEncoderLayer</c>: self-attention,
/// feed-forward <c>linear2(dropout(activation(linear1(x))))</c>, residuals, LayerNorm after each sub-layer
/// (post-norm, PyTorch's default) or before (<see cref="NormFirst"/>). Parameters are named
/// <c>encoder.layers.{i}.self_attn.*</c>, <c>.linear1.*</c>, <c>.linear2.*</c>, <c>.norm1.*</c>, <c>.norm2.*</c>.
/// With <see cref="Causal"/> and <see cref="NormFirst"/> this is the GPT block.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class EncoderAttribute : Attribute
{
    /// <param name="layers">Number of blocks.</param>
    public EncoderAttribute(int layers) => Layers = layers;

    /// <summary>Number of blocks.</summary>
    public int Layers { get; }

    /// <summary>Attention heads per block; required, must divide the width.</summary>
    public int Heads { get; set; }

    /// <summary>Hidden width of the feed-forward network. Default 2048, PyTorch's <c>dim_feedforward</c>.</summary>
    public int FeedForward { get; set; } = 2048;

    /// <summary>Feed-forward activation. Default ReLU, as PyTorch.</summary>
    public Activation Activation { get; set; } = Activation.Relu;

    /// <summary>Dropout after attention and in the feed-forward network while training. Default 0.1, as PyTorch.</summary>
    public double Dropout { get; set; } = 0.1;

    /// <summary>LayerNorm before each sub-layer (pre-norm) instead of after. Default false, as PyTorch.</summary>
    public bool NormFirst { get; set; }

    /// <summary>Mask future positions in self-attention.</summary>
    public bool Causal { get; set; }

    /// <summary>LayerNorm epsilon. Default 1e-5, as PyTorch.</summary>
    public double LayerNormEps { get; set; } = 1e-5;

    /// <summary>Optional: the expected input width (PyTorch's <c>d_model</c>); checked against the previous layer.</summary>
    public int Width { get; set; }

    /// <summary>Parameter name prefix; default <c>encoder</c>.</summary>
    public string? Name { get; set; }
}

/// <summary>
/// A stack of Transformer decoder blocks, each PyTorch's <c>nn.TransformerDecoderLayer</c>: causal
/// self-attention, cross-attention to the encoder's output (<c>multihead_attn</c>), feed-forward, residuals and
/// LayerNorms (<c>norm1..3</c>). Comes after <see cref="TargetEmbedAttribute"/>. Parameters are named
/// <c>decoder.layers.{i}.*</c>.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class DecoderAttribute : Attribute
{
    /// <param name="layers">Number of blocks.</param>
    public DecoderAttribute(int layers) => Layers = layers;

    /// <summary>Number of blocks.</summary>
    public int Layers { get; }

    /// <summary>Attention heads per block (self- and cross-attention); required, must divide the width.</summary>
    public int Heads { get; set; }

    /// <summary>Hidden width of the feed-forward network. Default 2048, as PyTorch.</summary>
    public int FeedForward { get; set; } = 2048;

    /// <summary>Feed-forward activation. Default ReLU, as PyTorch.</summary>
    public Activation Activation { get; set; } = Activation.Relu;

    /// <summary>Dropout while training. Default 0.1, as PyTorch.</summary>
    public double Dropout { get; set; } = 0.1;

    /// <summary>Pre-norm instead of post-norm. Default false, as PyTorch.</summary>
    public bool NormFirst { get; set; }

    /// <summary>LayerNorm epsilon. Default 1e-5.</summary>
    public double LayerNormEps { get; set; } = 1e-5;

    /// <summary>Optional: the expected input width; checked against the previous layer.</summary>
    public int Width { get; set; }

    /// <summary>Parameter name prefix; default <c>decoder</c>.</summary>
    public string? Name { get; set; }
}
