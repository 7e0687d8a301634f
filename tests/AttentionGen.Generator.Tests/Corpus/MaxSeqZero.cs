// expect: none
// MaxSeq = 0.
using AttentionGen;

namespace Corpus;

[Model(Vocab = 100, MaxSeq = 0)]
[Embed(16)]
public partial class M;
