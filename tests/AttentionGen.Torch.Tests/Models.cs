using AttentionGen;

namespace AttentionGen.Torch.Tests;

// One model of every kind, each with padding where the kind allows. Dropout is 0 where outputs are compared in
// training mode, so both backends are deterministic; DropoutClassifier keeps its dropout to test train/eval.

/// <summary>Attention alone over float vectors.</summary>
[Model(Features = 8, MaxSeq = 6)]
[SelfAttention]
public partial class AttentionOnly;

/// <summary>Two causal heads over float vectors, then a projection per position.</summary>
[Model(Features = 8, MaxSeq = 7)]
[MultiHead(2, Causal = true)]
[Dense(5)]
public partial class CausalAttention;

/// <summary>Post-norm encoder classifier with sinusoidal positions and mean pooling.</summary>
[Model(Vocab = 50, MaxSeq = 12, Classes = 3)]
[Embed(16), SinusoidalPositions]
[Encoder(2, Heads = 4, FeedForward = 32, Dropout = 0)]
[MeanPool]
[Dense(3), Softmax]
public partial class PostNormClassifier;

/// <summary>Pre-norm encoder with learned positions, exact GELU, first-token pooling, a hidden ReLU layer and a sigmoid output.</summary>
[Model(Vocab = 30, MaxSeq = 10)]
[Embed(12), LearnedPositions]
[Encoder(1, Heads = 3, FeedForward = 24, NormFirst = true, Activation = Activation.Gelu, Dropout = 0)]
[LayerNorm]
[FirstTokenPool]
[Dense(8, Activation = Activation.Relu)]
[Dense(1), Sigmoid]
public partial class PreNormClassifier;

/// <summary>Pre-norm causal GPT with GELU (tanh), a final LayerNorm and a head tied to the embedding.</summary>
[Model(Vocab = 40, MaxSeq = 16)]
[Embed(16), LearnedPositions]
[Encoder(2, Heads = 2, FeedForward = 64, NormFirst = true, Causal = true, Activation = Activation.GeluTanh, Dropout = 0)]
[LayerNorm]
[LmHead(Tied = true)]
public partial class TiedGpt;

/// <summary>Encoder-decoder with cross-attention and an untied head.</summary>
[Model(Vocab = 30, MaxSeq = 9, TargetVocab = 25, TargetMaxSeq = 8)]
[Embed(16), SinusoidalPositions]
[Encoder(1, Heads = 2, FeedForward = 32, Dropout = 0)]
[TargetEmbed(16), SinusoidalPositions]
[Decoder(2, Heads = 2, FeedForward = 32, Dropout = 0)]
[LmHead]
public partial class Translator;

/// <summary>Float-sequence regressor: input projection, learned positions, one GELU block, last-step pooling.</summary>
[Model(Features = 3, MaxSeq = 10)]
[InputProjection(12), LearnedPositions]
[Encoder(1, Heads = 3, FeedForward = 24, Activation = Activation.Gelu, Dropout = 0)]
[LastTokenPool]
[Dense(1)]
public partial class Forecaster;

/// <summary>A classifier that keeps its dropout (0.1 in the block, 0.2 before the head): eval is deterministic, training is not.</summary>
[Model(Vocab = 20, MaxSeq = 8, Classes = 2)]
[Embed(8), SinusoidalPositions]
[Encoder(1, Heads = 2, FeedForward = 16)]
[MeanPool]
[Dropout(0.2)]
[Dense(2), Softmax]
public partial class DropoutClassifier;

/// <summary>GPT-2 style names chosen by the user, two of them under one dotted prefix: the state dict nests them.</summary>
[Model(Vocab = 40, MaxSeq = 8)]
[Embed(16, Name = "wte"), LearnedPositions(Name = "wpe")]
[Encoder(2, Heads = 2, FeedForward = 32, NormFirst = true, Causal = true, Dropout = 0, Name = "transformer.h")]
[LayerNorm(Name = "transformer.ln_f")]
[LmHead(Name = "head")]
public partial class DottedNames;
