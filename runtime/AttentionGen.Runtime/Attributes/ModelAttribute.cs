using System;

namespace AttentionGen;

/// <summary>
/// Marks a <c>partial</c> class as a model and gives its model-level constants. The layer attributes on the
/// same declaration, read top to bottom and left to right, describe the network; the generator emits its
/// parameters, initialization and forward pass.
/// </summary>
/// <remarks>
/// A token model sets <see cref="Vocab"/>; a float-sequence model sets <see cref="Features"/>. Every model sets
/// <see cref="MaxSeq"/>. An encoder-decoder also sets <see cref="TargetVocab"/> and <see cref="TargetMaxSeq"/>.
/// </remarks>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class ModelAttribute : Attribute
{
    /// <summary>Number of distinct input token ids (the embedding table's rows).</summary>
    public int Vocab { get; set; }

    /// <summary>Longest input sequence the model accepts.</summary>
    public int MaxSeq { get; set; }

    /// <summary>Float features per time step, for models that read float sequences instead of tokens.</summary>
    public int Features { get; set; }

    /// <summary>Number of distinct target token ids (encoder-decoder models).</summary>
    public int TargetVocab { get; set; }

    /// <summary>Longest target sequence (encoder-decoder models).</summary>
    public int TargetMaxSeq { get; set; }

    /// <summary>Optional: the number of output classes; when set, the model's output width must equal it.</summary>
    public int Classes { get; set; }
}
