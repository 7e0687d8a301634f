// expect: none
// [Encoder(300_000)]: refused before any per-block work (AG0205), not after a minute of analysis.
using AttentionGen;

namespace Corpus;

[Model(Vocab = 100, MaxSeq = 8)]
[Embed(16)]
[Encoder(300_000, Heads = 2, FeedForward = 32)]
[MeanPool, Dense(2)]
public partial class M;
