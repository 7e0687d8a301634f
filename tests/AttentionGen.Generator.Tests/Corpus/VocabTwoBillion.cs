// expect: none
// Vocab = 2000000000: the embedding table would not fit one array.
using AttentionGen;

namespace Corpus;

[Model(Vocab = 2000000000, MaxSeq = 8)]
[Embed(64)]
[MeanPool, Dense(2)]
public partial class M;
