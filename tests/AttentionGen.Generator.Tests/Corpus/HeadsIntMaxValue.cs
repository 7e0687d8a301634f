// expect: none
// [MultiHead(int.MaxValue)]: more heads than features.
using AttentionGen;

namespace Corpus;

[Model(Vocab = 100, MaxSeq = 8)]
[Embed(16)]
[MultiHead(int.MaxValue)]
public partial class M;
