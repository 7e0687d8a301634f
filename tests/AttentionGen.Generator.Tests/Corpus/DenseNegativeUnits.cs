// expect: none
// [Dense(-1)].
using AttentionGen;

namespace Corpus;

[Model(Vocab = 100, MaxSeq = 8)]
[Embed(16)]
[MeanPool, Dense(-1)]
public partial class M;
