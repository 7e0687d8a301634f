// expect: none
// [Embed] without its width: no constructor matches.
using AttentionGen;

namespace Corpus;

[Model(Vocab = 100, MaxSeq = 8)]
[Embed]
[MultiHead(2)]
public partial class M;
