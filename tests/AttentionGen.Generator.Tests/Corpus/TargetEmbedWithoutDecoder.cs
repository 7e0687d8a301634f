// expect: none
// [TargetEmbed] with no [Decoder] after it.
using AttentionGen;

namespace Corpus;

[Model(Vocab = 100, MaxSeq = 8, TargetVocab = 50, TargetMaxSeq = 8)]
[Embed(16)]
[TargetEmbed(16)]
[LmHead]
public partial class M;
