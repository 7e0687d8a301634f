using AttentionGen;

namespace Shakespeare;

/// <summary>
/// A small GPT over Tiny Shakespeare's 65 characters: token and learned position embeddings, four pre-norm causal
/// blocks of width 192 (6 heads of 32 features) with GELU (tanh), a final LayerNorm and an LM head tied to the
/// embedding, as in GPT-2 and nanoGPT. About 1.8 M parameters, a context of 128 characters.
/// </summary>
[Model(Vocab = 65, MaxSeq = 128)]
[Embed(192), LearnedPositions]
[Encoder(4, Heads = 6, FeedForward = 768, NormFirst = true, Causal = true, Activation = Activation.GeluTanh, Dropout = 0)]
[LayerNorm]
[LmHead(Tied = true)]
public partial class ShakespeareGpt;
