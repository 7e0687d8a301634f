// expect: none
// Name = "".
using AttentionGen;

namespace Corpus;

[Model(Vocab = 100, MaxSeq = 8)]
[Embed(16, Name = "")]
public partial class M;
