// expect: none
// LmHead(Tied = true) after a Dense(8) on Embed(16): the embedding table has the wrong shape for the head.
using AttentionGen;

namespace Corpus;

[Model(Vocab = 100, MaxSeq = 8)]
[Embed(16)]
[Dense(8)]
[LmHead(Tied = true)]
public partial class M;
