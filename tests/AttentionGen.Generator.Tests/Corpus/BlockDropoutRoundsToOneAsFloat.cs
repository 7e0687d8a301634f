// expect: none
// A block's dropout below 1 as a double, 1 as a float (AG0202).
using AttentionGen;

namespace Corpus;

[Model(Vocab = 100, MaxSeq = 8)]
[Embed(16)]
[Encoder(1, Heads = 2, FeedForward = 32, Dropout = 0.99999999)]
[MeanPool, Dense(2)]
public partial class M;
