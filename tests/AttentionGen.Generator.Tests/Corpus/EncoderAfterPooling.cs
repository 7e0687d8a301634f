// expect: none
// [Encoder] after pooling.
using AttentionGen;

namespace Corpus;

[Model(Vocab = 100, MaxSeq = 8)]
[Embed(16)]
[MeanPool]
[Encoder(1, Heads = 2)]
public partial class M;
