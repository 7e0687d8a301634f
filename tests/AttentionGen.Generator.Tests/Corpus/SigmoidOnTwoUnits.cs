// expect: none
// [Sigmoid] needs exactly one unit.
using AttentionGen;

namespace Corpus;

[Model(Vocab = 100, MaxSeq = 8)]
[Embed(16)]
[MeanPool, Dense(2), Sigmoid]
public partial class M;
