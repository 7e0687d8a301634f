using AttentionGen;

namespace AttentionGen.Models.Tests.Parity;

// The five configurations that tests/parity/make_fixtures.py builds in PyTorch, module for module and name for name.
// Dropout is 0 so both sides are deterministic; everything else is each layer's PyTorch default unless written.

/// <summary>Post-norm Transformer encoder classifier with padding masks (cross-entropy).</summary>
[Model(Vocab = 50, MaxSeq = 12, Classes = 3)]
[Embed(16), SinusoidalPositions]
[Encoder(2, Heads = 4, FeedForward = 32, Dropout = 0)]
[MeanPool]
[Dense(3), Softmax]
public partial class ParityEncoderClassifier;

/// <summary>Pre-norm causal GPT with learned positions, GELU (tanh), final LayerNorm and a tied head (cross-entropy on next tokens).</summary>
[Model(Vocab = 40, MaxSeq = 16)]
[Embed(16), LearnedPositions]
[Encoder(2, Heads = 2, FeedForward = 64, NormFirst = true, Causal = true, Activation = Activation.GeluTanh, Dropout = 0)]
[LayerNorm]
[LmHead(Tied = true)]
public partial class ParityGpt;

/// <summary>A single self-attention layer over float vectors (mean squared error against a target sequence).</summary>
[Model(Features = 8, MaxSeq = 6)]
[SelfAttention]
public partial class ParitySelfAttention;

/// <summary>Encoder-decoder with cross-attention (cross-entropy with label smoothing 0.1 and ignored padding).</summary>
[Model(Vocab = 30, MaxSeq = 9, TargetVocab = 25, TargetMaxSeq = 8)]
[Embed(16), SinusoidalPositions]
[Encoder(1, Heads = 2, FeedForward = 32, Dropout = 0)]
[TargetEmbed(16), SinusoidalPositions]
[Decoder(2, Heads = 2, FeedForward = 32, Dropout = 0)]
[LmHead]
public partial class ParityTranslator;

/// <summary>Float-sequence regressor: input projection, learned positions, one GELU encoder block, last-step pooling (mean squared error).</summary>
[Model(Features = 3, MaxSeq = 10)]
[InputProjection(12), LearnedPositions]
[Encoder(1, Heads = 3, FeedForward = 24, Activation = Activation.Gelu, Dropout = 0)]
[LastTokenPool]
[Dense(1)]
public partial class ParityForecaster;
