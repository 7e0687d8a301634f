// expect: none
// [Decoder] with no [TargetEmbed] before it.
using AttentionGen;

namespace Corpus;

[Model(Vocab = 100, MaxSeq = 8, TargetVocab = 50, TargetMaxSeq = 8)]
[Embed(16)]
[Encoder(1, Heads = 2)]
[Decoder(1, Heads = 2)]
[LmHead]
public partial class M;
