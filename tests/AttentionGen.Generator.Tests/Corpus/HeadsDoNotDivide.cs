// expect: none
// [MultiHead(6)] on width 64.
using AttentionGen;

namespace Corpus;

[Model(Vocab = 100, MaxSeq = 8)]
[Embed(64)]
[MultiHead(6)]
public partial class M;
