// expect: generated
// Dropout = 0.999999: in range, the identity at inference.
using AttentionGen;

namespace Corpus;

[Model(Vocab = 100, MaxSeq = 8)]
[Embed(16)]
[Dropout(0.999999)]
[MeanPool, Dense(2)]
public partial class M;
