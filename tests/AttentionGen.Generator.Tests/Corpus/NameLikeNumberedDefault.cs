// expect: generated
// Name = "dense0" beside two unnamed Dense layers that default to dense_0 and dense_1.
using AttentionGen;

namespace Corpus;

[Model(Vocab = 100, MaxSeq = 8)]
[Embed(16)]
[MeanPool]
[Dense(8)]
[Dense(8, Name = "dense0")]
[Dense(2)]
public partial class M;
