// expect: none
// unchecked((int)4000000000) is negative: a size must be positive.
using AttentionGen;

namespace Corpus;

[Model(Vocab = 100, MaxSeq = 8)]
[Embed(unchecked((int)4000000000))]
public partial class M;
