// expect: generated
// A Name under an encoder block's own names: its parameters (encoder.layers.0.weight) are unique, but share the block's prefix.
using AttentionGen;

namespace Corpus;

[Model(Vocab = 10, MaxSeq = 4)]
[Embed(4)]
[Encoder(1, Heads = 2, FeedForward = 8)]
[Dense(4, Name = "encoder.layers.0")]
public partial class M;
