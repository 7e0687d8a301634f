using AttentionGen;

namespace AttentionGen.Models.Tests.Models;

// Small models for the gradient checks, covering the layer options the other models do not use.

/// <summary>
/// Pre-norm encoder-decoder: learned source and target positions (<c>pos_embed</c>, <c>target_pos_embed</c>), a GELU-tanh
/// pre-norm encoder, a pre-norm GELU decoder, a final LayerNorm and a head tied to the target embedding; dropout 0.1.
/// </summary>
[Model(Vocab = 40, MaxSeq = 10, TargetVocab = 30, TargetMaxSeq = 9)]
[Embed(16), LearnedPositions]
[Encoder(1, Heads = 2, FeedForward = 24, NormFirst = true, Activation = Activation.GeluTanh)]
[TargetEmbed(16), LearnedPositions]
[Decoder(2, Heads = 4, FeedForward = 20, NormFirst = true, Activation = Activation.Gelu)]
[LayerNorm]
[LmHead(Tied = true)]
public partial class PreNormGeluTranslator;

/// <summary>
/// Float regressor: input projection, LayerNorm(width) with its own epsilon, multi-head attention with attention dropout,
/// mean pooling, a bias-free GELU layer, a GELU-tanh layer, dropout, a bias-free linear output, sigmoid head.
/// </summary>
[Model(Features = 5, MaxSeq = 9)]
[InputProjection(12)]
[LayerNorm(12, Eps = 1e-3, Name = "input_norm")]
[MultiHead(3, Dropout = 0.2)]
[MeanPool]
[Dense(10, Activation = Activation.Gelu, Bias = false)]
[Dense(7, Activation = Activation.GeluTanh), Dropout(0.3)]
[Dense(1, Bias = false), Sigmoid]
public partial class DenseHeadRegressor;

/// <summary>
/// Causal single-head attention with attention dropout, a GELU-tanh Dense applied at every position before last-token
/// pooling, softmax head.
/// </summary>
[Model(Vocab = 60, MaxSeq = 11, Classes = 4)]
[Embed(8), SinusoidalPositions]
[SelfAttention(Causal = true, Dropout = 0.1)]
[Dense(12, Activation = Activation.GeluTanh)]
[LastTokenPool]
[Dense(4), Softmax]
public partial class CausalSelfAttentionClassifier;
