namespace AttentionGen.Core;

/// <summary>Every layer attribute of the language, by what it does.</summary>
internal enum LayerKind
{
    Embed,
    InputProjection,
    TargetEmbed,
    SinusoidalPositions,
    LearnedPositions,
    MultiHead,
    SelfAttention,
    Encoder,
    Decoder,
    LayerNorm,
    Dropout,
    Dense,
    LmHead,
    MeanPool,
    FirstTokenPool,
    LastTokenPool,
    Softmax,
    Sigmoid,
}

/// <summary>Mirrors <c>AttentionGen.Activation</c> (the core cannot reference the runtime assembly).</summary>
internal enum ActivationKind
{
    None = 0,
    Relu = 1,
    Gelu = 2,
    GeluTanh = 3,
}
