// expect: none
// [Embed("64")]: a string where the width goes. The compiler reports it; the generator stays silent.
using AttentionGen;

namespace Corpus;

[Model(Vocab = 100, MaxSeq = 8)]
[Embed("64")]
[MultiHead(8)]
public partial class M;
