using AttentionGen;

namespace AttentionGen.Bench.Backends;

/// <summary>W1: encoder classifier, 2 post-norm ReLU blocks of width 128, sequence 128, batch 32.</summary>
[Model(Vocab = 8000, MaxSeq = 128, Classes = 2)]
[Embed(128), SinusoidalPositions]
[Encoder(2, Heads = 8, FeedForward = 512, Dropout = 0)]
[MeanPool]
[Dense(2), Softmax]
public partial class W1Classifier;

/// <summary>W2: character GPT, 4 pre-norm causal blocks of width 192, exact GELU, tied head, sequence 128, batch 16.</summary>
[Model(Vocab = 65, MaxSeq = 128)]
[Embed(192), LearnedPositions]
[Encoder(4, Heads = 6, FeedForward = 768, NormFirst = true, Causal = true, Activation = Activation.Gelu, Dropout = 0)]
[LayerNorm]
[LmHead(Tied = true)]
public partial class W2CharGpt;

/// <summary>W3: one multi-head attention layer (8 heads of 64, with its projections) over 512 positions, batch 8.</summary>
[Model(Features = 512, MaxSeq = 512)]
[MultiHead(8)]
public partial class W3Attention;

/// <summary>W3, causal.</summary>
[Model(Features = 512, MaxSeq = 512)]
[MultiHead(8, Causal = true)]
public partial class W3CausalAttention;

/// <summary>
/// W4: the GPT-2-small shape, 12 pre-norm causal blocks of width 768 with 12 heads and a 3072 feed-forward, GELU's tanh
/// approximation as GPT-2 uses it, learned positions, tied head over GPT-2's 50257 tokens; sequence 256, batch 4. The
/// position table has the workload's 256 rows rather than GPT-2's 1024: rows no step reads cost nothing but memory.
/// </summary>
[Model(Vocab = 50257, MaxSeq = 256)]
[Embed(768), LearnedPositions]
[Encoder(12, Heads = 12, FeedForward = 3072, NormFirst = true, Causal = true, Activation = Activation.GeluTanh, Dropout = 0)]
[LayerNorm]
[LmHead(Tied = true)]
public partial class W4Gpt2Small;

/// <summary>W3 at sequence 4096, batch 1: the same layer with room for 4096 positions, for memory linear in the sequence.</summary>
[Model(Features = 512, MaxSeq = 4096)]
[MultiHead(8)]
public partial class W3Attention4096;

/// <summary>W3 at sequence 4096, batch 1, causal.</summary>
[Model(Features = 512, MaxSeq = 4096)]
[MultiHead(8, Causal = true)]
public partial class W3CausalAttention4096;
