// expect: none
// Name = "my layer".
using AttentionGen;

namespace Corpus;

[Model(Vocab = 100, MaxSeq = 8)]
[Embed(16)]
[LayerNorm(Name = "my layer")]
public partial class M;
