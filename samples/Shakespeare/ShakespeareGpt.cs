using AttentionGen;

namespace Shakespeare;

/// <summary>
/// A small GPT over Tiny Shakespeare's 65 characters: token and learned position embeddings, pre-norm causal blocks
/// with GELU (tanh), a final LayerNorm and an LM head tied to the embedding, as in GPT-2 and nanoGPT.
/// </summary>
[Model(Vocab = 65, MaxSeq = 64)]
[Embed(64), LearnedPositions]
[Encoder(2, Heads = 4, FeedForward = 256, NormFirst = true, Causal = true, Activation = Activation.GeluTanh, Dropout = 0)]
[LayerNorm]
[LmHead(Tied = true)]
public partial class ShakespeareGpt;
