// expect: none
// [Encoder(100000, FeedForward = 100000)]: each block fits, the whole stack does not; inference must stay fast.
using AttentionGen;

namespace Corpus;

[Model(Vocab = 100, MaxSeq = 8)]
[Embed(64)]
[Encoder(100000, Heads = 8, FeedForward = 100000)]
[MeanPool, Dense(2)]
public partial class M;
