// expect: none
// [LmHead] after pooling: a language-model head needs a sequence.
using AttentionGen;

namespace Corpus;

[Model(Vocab = 100, MaxSeq = 8)]
[Embed(16)]
[MeanPool]
[LmHead]
public partial class M;
