// expect: generated
// Names built from constant expressions: nameof and concatenation.
using AttentionGen;

namespace Corpus;

[Model(Vocab = 100, MaxSeq = 8)]
[Embed(16, Name = nameof(M) + "_embed")]
[Encoder(1, Heads = 2, FeedForward = 32, Name = "enc" + "oder_stack")]
[LmHead]
public partial class M;
