// expect: none
// [MultiHead(-2)].
using AttentionGen;

namespace Corpus;

[Model(Vocab = 100, MaxSeq = 8)]
[Embed(16)]
[MultiHead(-2)]
public partial class M;
