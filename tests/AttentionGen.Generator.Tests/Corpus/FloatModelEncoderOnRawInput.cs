// expect: generated
// A Features model whose first layer is an encoder: the input is copied into the arena before the in-place blocks.
using AttentionGen;

namespace Corpus;

[Model(Features = 4, MaxSeq = 8)]
[Encoder(2, Heads = 2, FeedForward = 8, NormFirst = true, Activation = Activation.Gelu)]
[LayerNorm(4, Eps = 1e-3)]
[MeanPool]
[Dense(1), Sigmoid]
public partial class M;
