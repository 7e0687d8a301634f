// expect: none
// [Dense()] without units.
using AttentionGen;

namespace Corpus;

[Model(Vocab = 100, MaxSeq = 8)]
[Embed(16)]
[MeanPool, Dense()]
public partial class M;
