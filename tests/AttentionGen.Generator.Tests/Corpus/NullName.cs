// expect: generated
// Name = null is the default name.
using AttentionGen;

namespace Corpus;

[Model(Vocab = 100, MaxSeq = 8)]
[Embed(16, Name = null)]
[MeanPool, Dense(2, Name = null)]
public partial class M;
