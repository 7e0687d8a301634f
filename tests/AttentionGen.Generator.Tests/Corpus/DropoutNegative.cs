// expect: none
// [Dropout(-0.1)].
using AttentionGen;

namespace Corpus;

[Model(Vocab = 100, MaxSeq = 8)]
[Embed(16)]
[Dropout(-0.1)]
public partial class M;
