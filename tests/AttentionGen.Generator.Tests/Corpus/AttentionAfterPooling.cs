// expect: none
// [MultiHead] after [MeanPool].
using AttentionGen;

namespace Corpus;

[Model(Vocab = 100, MaxSeq = 8)]
[Embed(16)]
[MeanPool]
[MultiHead(2)]
public partial class M;
