// expect: none
// [Encoder(1)]: Heads has no default.
using AttentionGen;

namespace Corpus;

[Model(Vocab = 100, MaxSeq = 8)]
[Embed(16)]
[Encoder(1)]
public partial class M;
