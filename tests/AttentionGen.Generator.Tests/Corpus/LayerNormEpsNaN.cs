// expect: none
// [LayerNorm(Eps = double.NaN)].
using AttentionGen;

namespace Corpus;

[Model(Vocab = 100, MaxSeq = 8)]
[Embed(16)]
[LayerNorm(Eps = double.NaN)]
public partial class M;
