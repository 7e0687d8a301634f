// expect: generated
// Name = "0": a valid state-dict part, not a valid identifier start.
using AttentionGen;

namespace Corpus;

[Model(Vocab = 100, MaxSeq = 8)]
[Embed(16, Name = "0")]
[MeanPool, Dense(2, Name = "1.2")]
public partial class M;
