// expect: none
// An encoder's Activation = (Activation)(-1): no such activation.
using AttentionGen;

namespace Corpus;

[Model(Vocab = 100, MaxSeq = 8)]
[Embed(16)]
[Encoder(1, Heads = 2, FeedForward = 32, Activation = (Activation)(-1))]
public partial class M;
