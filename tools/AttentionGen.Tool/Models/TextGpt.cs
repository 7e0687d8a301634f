using AttentionGen;

namespace AttentionGen.Tool.Models;

// Character GPTs over bytes: the vocabulary is the 256 byte values, so any text file in any language trains
// without a vocabulary to build or store (UTF-8 characters outside ASCII take two to four positions). Pre-norm
// causal blocks with GELU (tanh), learned positions and an LM head tied to the embedding, as GPT-2 and nanoGPT.

/// <summary><c>--size small</c>: 64 bytes of context, width 64, 2 blocks.</summary>
[Model(Vocab = 256, MaxSeq = 64)]
[Embed(64), LearnedPositions]
[Encoder(2, Heads = 4, FeedForward = 256, NormFirst = true, Causal = true, Activation = Activation.GeluTanh, Dropout = 0)]
[LayerNorm]
[LmHead(Tied = true)]
public partial class TextGptSmall;

/// <summary><c>--size base</c>: 128 bytes of context, width 128, 4 blocks.</summary>
[Model(Vocab = 256, MaxSeq = 128)]
[Embed(128), LearnedPositions]
[Encoder(4, Heads = 4, FeedForward = 512, NormFirst = true, Causal = true, Activation = Activation.GeluTanh, Dropout = 0.1)]
[LayerNorm]
[LmHead(Tied = true)]
public partial class TextGptBase;
