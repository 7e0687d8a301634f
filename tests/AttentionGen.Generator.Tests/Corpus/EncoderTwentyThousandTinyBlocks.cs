// expect: none
// Tiny blocks, each within every array limit, but 240,000 parameter tensors (AG0205).
using AttentionGen;

namespace Corpus;

[Model(Vocab = 100, MaxSeq = 8)]
[Embed(1)]
[Encoder(20000, Heads = 1, FeedForward = 1)]
[MeanPool, Dense(2)]
public partial class M;
