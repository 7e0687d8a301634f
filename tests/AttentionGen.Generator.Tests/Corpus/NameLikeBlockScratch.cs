// expect: generated
// Layer names that spell an encoder block's scratch buffers.
using AttentionGen;

namespace Corpus;

[Model(Vocab = 100, MaxSeq = 8)]
[Embed(16)]
[MultiHead(2, Name = "sublayer")]
[Encoder(1, Heads = 2, FeedForward = 32, NormFirst = true)]
[MultiHead(2, Name = "hidden")]
[MultiHead(2, Name = "normed")]
[LmHead]
public partial class M;
