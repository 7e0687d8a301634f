// expect: none
// Two embeddings that each fit one array but together exceed the parameter limit.
using AttentionGen;

namespace Corpus;

[Model(Vocab = 1100000, MaxSeq = 8, TargetVocab = 1100000, TargetMaxSeq = 8)]
[Embed(1000)]
[TargetEmbed(1000)]
[Decoder(1, Heads = 8, FeedForward = 8)]
[LmHead(Tied = true)]
public partial class M;
