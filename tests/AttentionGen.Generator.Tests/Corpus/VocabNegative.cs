// expect: none
// Vocab = -5.
using AttentionGen;

namespace Corpus;

[Model(Vocab = -5, MaxSeq = 8)]
[Embed(16)]
public partial class M;
