// expect: none
// Two layers both named "block".
using AttentionGen;

namespace Corpus;

[Model(Vocab = 100, MaxSeq = 8)]
[Embed(16)]
[MultiHead(2, Name = "block")]
[MeanPool, Dense(2, Name = "block")]
public partial class M;
