namespace AttentionGen.Core;

/// <summary>
/// The attributes' default values, which the core needs because Roslyn reports only the arguments written
/// in source. AttributeDefaultsTests checks these against the attribute classes so the two cannot drift.
/// </summary>
internal static class AttributeDefaults
{
    public const int FeedForward = 2048;          // PyTorch dim_feedforward
    public const double BlockDropout = 0.1;       // PyTorch TransformerEncoderLayer dropout
    public const double LayerNormEps = 1e-5;      // PyTorch LayerNorm eps
    public const int SinusoidalMaxLength = 5000;  // PyTorch tutorial PositionalEncoding max_len
}
