// expect: none
// [LayerNorm(8)] on width 16.
using AttentionGen;

namespace Corpus;

[Model(Vocab = 100, MaxSeq = 8)]
[Embed(16)]
[LayerNorm(8)]
public partial class M;
