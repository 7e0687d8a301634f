// expect: generated
// Pre-norm decoder, learned positions on both sides, a head tied to the target embedding, softmax over TargetVocab.
using AttentionGen;

namespace Corpus;

[Model(Vocab = 60, MaxSeq = 10, TargetVocab = 40, TargetMaxSeq = 12)]
[Embed(16), LearnedPositions(Name = "src_pos")]
[Encoder(1, Heads = 2, FeedForward = 32, NormFirst = true, Width = 16, LayerNormEps = 1e-6)]
[LayerNorm]
[TargetEmbed(16), LearnedPositions]
[Decoder(2, Heads = 4, FeedForward = 24, NormFirst = true, Activation = Activation.Gelu)]
[LayerNorm]
[LmHead(Tied = true), Softmax]
public partial class M;
