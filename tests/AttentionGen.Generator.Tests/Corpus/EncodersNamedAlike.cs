// expect: generated
// Two encoder stacks "a_b" and "aB": their block methods and offset classes must not clash.
using AttentionGen;

namespace Corpus;

[Model(Vocab = 100, MaxSeq = 8)]
[Embed(16)]
[Encoder(1, Heads = 2, FeedForward = 32, Name = "a_b")]
[Encoder(1, Heads = 4, FeedForward = 16, Name = "aB")]
[LmHead]
public partial class M;
