using System;

namespace AttentionGen;

/// <summary>
/// Token embedding: looks each token id up in a <c>(Vocab, width)</c> table, like PyTorch's <c>nn.Embedding</c>.
/// Input <c>(batch, seq)</c> token ids, output <c>(batch, seq, width)</c>. Initialized from N(0, 1).
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class EmbedAttribute : Attribute
{
    /// <param name="width">Features per token (the model width, PyTorch's <c>embedding_dim</c>).</param>
    public EmbedAttribute(int width) => Width = width;

    /// <summary>Features per token.</summary>
    public int Width { get; }

    /// <summary>Parameter name prefix in the state dict; default <c>embed</c>.</summary>
    public string? Name { get; set; }
}

/// <summary>
/// Projects a float sequence of <see cref="ModelAttribute.Features"/> features per step to the model width
/// with a linear layer (PyTorch's <c>nn.Linear(Features, width)</c>). Output <c>(batch, seq, width)</c>.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class InputProjectionAttribute : Attribute
{
    /// <param name="width">The model width.</param>
    public InputProjectionAttribute(int width) => Width = width;

    /// <summary>The model width.</summary>
    public int Width { get; }

    /// <summary>Parameter name prefix; default <c>input_proj</c>.</summary>
    public string? Name { get; set; }
}

/// <summary>
/// Starts the decoder side of an encoder-decoder model: embeds <c>(batch, targetSeq)</c> target token ids
/// from a <c>(TargetVocab, width)</c> table. Everything after it reads the target stream; the encoder's
/// output becomes the memory that <see cref="DecoderAttribute"/> attends to.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class TargetEmbedAttribute : Attribute
{
    /// <param name="width">Features per target token; must equal the encoder's output width.</param>
    public TargetEmbedAttribute(int width) => Width = width;

    /// <summary>Features per target token.</summary>
    public int Width { get; }

    /// <summary>Parameter name prefix; default <c>target_embed</c>.</summary>
    public string? Name { get; set; }
}
