// expect: none
// [TargetEmbed(32)] against an encoder output of width 16.
using AttentionGen;

namespace Corpus;

[Model(Vocab = 100, MaxSeq = 8, TargetVocab = 50, TargetMaxSeq = 8)]
[Embed(16)]
[Encoder(1, Heads = 2)]
[TargetEmbed(32)]
[Decoder(1, Heads = 2)]
[LmHead]
public partial class M;
