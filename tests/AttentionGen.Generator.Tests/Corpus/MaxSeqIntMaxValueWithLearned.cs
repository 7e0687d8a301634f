// expect: none
// MaxSeq = int.MaxValue with LearnedPositions: the position table would not fit one array.
using AttentionGen;

namespace Corpus;

[Model(Vocab = 100, MaxSeq = int.MaxValue)]
[Embed(16), LearnedPositions]
[MeanPool, Dense(2)]
public partial class M;
