// expect: none
// [Decoder(65536)]: would generate ~600,000 lines and more string literals than an assembly holds (AG0205).
using AttentionGen;

namespace Corpus;

[Model(Vocab = 100, MaxSeq = 8, TargetVocab = 100, TargetMaxSeq = 8)]
[Embed(16)]
[TargetEmbed(16)]
[Decoder(65536, Heads = 1, FeedForward = 128)]
[LmHead]
public partial class M;
