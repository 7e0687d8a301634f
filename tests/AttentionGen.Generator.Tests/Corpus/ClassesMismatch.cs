// expect: none
// Classes = 3 but the head has 2 units.
using AttentionGen;

namespace Corpus;

[Model(Vocab = 100, MaxSeq = 8, Classes = 3)]
[Embed(16)]
[MeanPool, Dense(2), Softmax]
public partial class M;
