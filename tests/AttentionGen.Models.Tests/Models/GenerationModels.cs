using AttentionGen;

namespace AttentionGen.Models.Tests.Models;

// Decoder-only causal language models beside TinyGpt (learned positions, pre-norm, tied head), so the generation
// session is checked on each variant its emission handles.

/// <summary>Sinusoidal positions, a dropout layer, two stacks (post-norm ReLU, then pre-norm GELU), a final LayerNorm, an untied head.</summary>
[Model(Vocab = 40, MaxSeq = 24)]
[Embed(24), SinusoidalPositions, Dropout(0.1)]
[Encoder(2, Heads = 3, FeedForward = 48, Causal = true, Activation = Activation.Relu, Dropout = 0.1)]
[Encoder(1, Heads = 2, FeedForward = 40, NormFirst = true, Causal = true, Activation = Activation.Gelu, Name = "upper")]
[LayerNorm]
[LmHead]
public partial class SinusoidalGpt;

/// <summary>Learned positions longer than MaxSeq, post-norm blocks and no final LayerNorm, a tied head.</summary>
[Model(Vocab = 30, MaxSeq = 12)]
[Embed(16), LearnedPositions(MaxLength = 20)]
[Encoder(2, Heads = 2, FeedForward = 32, Causal = true)]
[LmHead(Tied = true)]
public partial class PostNormGpt;
