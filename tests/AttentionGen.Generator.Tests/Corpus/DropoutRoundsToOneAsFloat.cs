// expect: none
// Below 1 as a double, 1 as the float the kernels use (AG0202).
using AttentionGen;

namespace Corpus;

[Model(Vocab = 100, MaxSeq = 8)]
[Embed(16)]
[Dropout(0.99999999)]
[MeanPool, Dense(2)]
public partial class M;
