namespace AttentionGen.Core;

/// <summary>How a layer is written in messages and generated comments: as the user wrote it, e.g. "MultiHead(8)".</summary>
internal static class LayerText
{
    public static string Describe(LayerSpec layer) => layer.Kind switch
    {
        LayerKind.Embed => "Embed(" + Format.Value(layer.Size) + ")",
        LayerKind.InputProjection => "InputProjection(" + Format.Value(layer.Size) + ")",
        LayerKind.TargetEmbed => "TargetEmbed(" + Format.Value(layer.Size) + ")",
        LayerKind.SinusoidalPositions => "SinusoidalPositions",
        LayerKind.LearnedPositions => "LearnedPositions",
        LayerKind.MultiHead => "MultiHead(" + Format.Value(layer.Heads) + ")",
        LayerKind.SelfAttention => "SelfAttention",
        LayerKind.Encoder => "Encoder(" + Format.Value(layer.Size) + ")",
        LayerKind.Decoder => "Decoder(" + Format.Value(layer.Size) + ")",
        LayerKind.LayerNorm => "LayerNorm",
        LayerKind.Dropout => "Dropout(" + Format.Value(layer.Dropout) + ")",
        LayerKind.Dense => "Dense(" + Format.Value(layer.Size) + (layer.Activation == ActivationKind.None ? "" : ", Activation = " + layer.Activation) + ")",
        LayerKind.LmHead => "LmHead",
        LayerKind.MeanPool => "MeanPool",
        LayerKind.FirstTokenPool => "FirstTokenPool",
        LayerKind.LastTokenPool => "LastTokenPool",
        LayerKind.Softmax => "Softmax",
        LayerKind.Sigmoid => "Sigmoid",
        _ => layer.Kind.ToString(),
    };
}
