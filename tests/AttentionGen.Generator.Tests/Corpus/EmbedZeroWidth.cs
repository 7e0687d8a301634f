// expect: none
// [Embed(0)]: a width must be positive.
using AttentionGen;

namespace Corpus;

[Model(Vocab = 100, MaxSeq = 8)]
[Embed(0)]
public partial class M;
