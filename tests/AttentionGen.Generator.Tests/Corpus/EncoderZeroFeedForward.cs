// expect: none
// FeedForward = 0.
using AttentionGen;

namespace Corpus;

[Model(Vocab = 100, MaxSeq = 8)]
[Embed(16)]
[Encoder(1, Heads = 2, FeedForward = 0)]
public partial class M;
