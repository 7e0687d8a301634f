// expect: none
// [TargetEmbed] without TargetVocab.
using AttentionGen;

namespace Corpus;

[Model(Vocab = 100, MaxSeq = 8, TargetMaxSeq = 8)]
[Embed(16)]
[TargetEmbed(16)]
[Decoder(1, Heads = 2)]
public partial class M;
