// expect: none
// [LayerNorm(Eps = -1)].
using AttentionGen;

namespace Corpus;

[Model(Vocab = 100, MaxSeq = 8)]
[Embed(16)]
[LayerNorm(Eps = -1)]
public partial class M;
