// expect: none
// A Dense named like the attention's output projection: both would have self_attn.out_proj.weight and .bias (AG0014).
using AttentionGen;

namespace Corpus;

[Model(Vocab = 10, MaxSeq = 4)]
[Embed(4)]
[MultiHead(2)]
[Dense(4, Name = "self_attn.out_proj")]
public partial class M;
