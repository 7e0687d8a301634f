// expect: none
// [MeanPool, FirstTokenPool]: the second pool has no sequence left.
using AttentionGen;

namespace Corpus;

[Model(Vocab = 100, MaxSeq = 8)]
[Embed(16)]
[MeanPool, FirstTokenPool]
[Dense(2)]
public partial class M;
