// expect: none
// LearnedPositions(MaxLength = -4).
using AttentionGen;

namespace Corpus;

[Model(Vocab = 100, MaxSeq = 8)]
[Embed(16), LearnedPositions(MaxLength = -4)]
public partial class M;
