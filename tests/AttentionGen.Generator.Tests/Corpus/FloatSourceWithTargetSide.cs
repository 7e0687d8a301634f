// expect: none
// Float inputs with a decoder side: sequence-to-sequence models read source tokens (AG0012 on Features).
using AttentionGen;

namespace Corpus;

[Model(Features = 4, MaxSeq = 8, TargetVocab = 10, TargetMaxSeq = 6)]
[InputProjection(8)]
[TargetEmbed(8)]
[Decoder(1, Heads = 2, FeedForward = 16)]
[LmHead]
public partial class M;
