// expect: none
// [MultiHead] written before [Embed].
using AttentionGen;

namespace Corpus;

[Model(Vocab = 100, MaxSeq = 8)]
[MultiHead(2)]
[Embed(16)]
public partial class M;
