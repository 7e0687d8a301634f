// expect: none
// [Encoder(0)]: a stack of no blocks.
using AttentionGen;

namespace Corpus;

[Model(Vocab = 100, MaxSeq = 8)]
[Embed(16)]
[Encoder(0, Heads = 2)]
public partial class M;
