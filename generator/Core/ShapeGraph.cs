namespace AttentionGen.Core;

/// <summary>Which token stream a tensor belongs to: the source (encoder) side or the target (decoder) side.</summary>
internal enum Stream
{
    Source,
    Target,
}

/// <summary>
/// A tensor's shape. Batch and sequence lengths are bounded at run time; the width is a constant.
/// Rank 3 is a sequence (batch, seq, width); rank 2 is one vector per example (batch, width).
/// </summary>
internal readonly record struct TensorShape(int Rank, int Width, Stream Stream, bool TokenIds = false)
{
    public static TensorShape Tokens(Stream stream) => new(2, 0, stream, TokenIds: true);

    public static TensorShape Sequence(int width, Stream stream) => new(3, width, stream);

    public static TensorShape Vector(int width, Stream stream) => new(2, width, stream);

    public bool IsSequence => Rank == 3;

    public string SequenceAxis => Stream == Stream.Target ? "target_seq" : "seq";

    public override string ToString() =>
        TokenIds ? "(batch, " + SequenceAxis + ") token ids"
        : IsSequence ? "(batch, " + SequenceAxis + ", " + Format.Value(Width) + ")"
        : "(batch, " + Format.Value(Width) + ")";
}

/// <summary>How a parameter starts, following the PyTorch module it mirrors.</summary>
internal enum InitKind
{
    Zeros,
    Ones,
    Normal,          // nn.Embedding: N(0, 1)
    LinearWeight,    // nn.Linear: U(±1/√fan_in)
    LinearBias,      // nn.Linear: U(±1/√fan_in)
    XavierUniform,   // nn.MultiheadAttention in_proj_weight: U(±√(6/(fan_in+fan_out)))
}

/// <summary>One parameter: its PyTorch state-dict name, its (rows, columns) shape (columns 0 for a vector), and its initializer.</summary>
internal sealed record ParameterSpec(string Name, int Rows, int Columns, InitKind Init, int FanIn, int FanOut)
{
    /// <summary>
    /// The attribute index of the layer it belongs to. Ownership is by layer, never by name: a user's Name may put a
    /// layer's parameters under another layer's prefix ("encoder.layers.0").
    /// </summary>
    public int Owner { get; init; }

    public long Length => Columns == 0 ? Rows : (long)Rows * Columns;

    public string ShapeText => Columns == 0 ? "(" + Format.Value(Rows) + ")" : "(" + Format.Value(Rows) + ", " + Format.Value(Columns) + ")";
}

/// <summary>One layer with its resolved input and output shapes and its state-dict prefix.</summary>
internal sealed record ShapeNode(LayerSpec Layer, string Prefix, TensorShape Input, TensorShape Output);

/// <summary>
/// Shape inference's result for a valid model: every layer with its shapes, every parameter, the inputs and
/// the output. Plain values, so the generator's later steps cache on it.
/// </summary>
internal sealed record ShapeGraph(
    ModelSpec Spec,
    EquatableArray<ShapeNode> Nodes,
    EquatableArray<ParameterSpec> Parameters,
    TensorShape Input,
    TensorShape Output,
    bool HasTarget,
    OutputActivation OutputActivation)
{
    public long ParameterCount
    {
        get
        {
            long total = 0;
            foreach (var parameter in Parameters) total += parameter.Length;
            return total;
        }
    }
}

/// <summary>What <c>Predict</c> applies to the forward pass's logits.</summary>
internal enum OutputActivation
{
    None,
    Softmax,
    Sigmoid,
}
