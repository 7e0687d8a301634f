// expect: none
// [MultiHead(8.5)]: a fractional head count does not convert to int.
using AttentionGen;

namespace Corpus;

[Model(Vocab = 100, MaxSeq = 8)]
[Embed(64)]
[MultiHead(8.5)]
public partial class M;
