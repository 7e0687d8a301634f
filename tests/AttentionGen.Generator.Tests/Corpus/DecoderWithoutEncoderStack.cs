// expect: generated
// A decoder straight on the source embeddings (no [Encoder]): the memory is the embedded source; legal.
using AttentionGen;

namespace Corpus;

[Model(Vocab = 100, MaxSeq = 8, TargetVocab = 50, TargetMaxSeq = 6)]
[Embed(16)]
[TargetEmbed(16), LearnedPositions]
[Decoder(1, Heads = 2, FeedForward = 32, NormFirst = true)]
[LayerNorm]
[LmHead(Tied = true)]
public partial class M;
