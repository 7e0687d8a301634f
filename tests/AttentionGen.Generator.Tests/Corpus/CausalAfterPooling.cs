// expect: none
// [MultiHead(Causal = true)] after pooling: no sequence axis to mask.
using AttentionGen;

namespace Corpus;

[Model(Vocab = 100, MaxSeq = 8)]
[Embed(16)]
[LastTokenPool]
[MultiHead(2, Causal = true)]
public partial class M;
