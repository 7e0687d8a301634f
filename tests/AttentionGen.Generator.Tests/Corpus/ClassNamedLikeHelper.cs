// expect: generated
// Model classes named like the generated private helpers (SelfAttention, FeedForward, CrossAttention, P, Buffer).
using AttentionGen;

namespace Corpus;

[Model(Vocab = 100, MaxSeq = 8)]
[Embed(16)]
[Encoder(1, Heads = 2, FeedForward = 32)]
[MultiHead(2)]
[LmHead]
public partial class SelfAttention;

[Model(Vocab = 100, MaxSeq = 8)]
[Embed(16)]
[Encoder(1, Heads = 2, FeedForward = 32)]
[LmHead]
public partial class FeedForward;

[Model(Vocab = 100, MaxSeq = 8)]
[Embed(16)]
[LmHead]
public partial class P;

[Model(Vocab = 100, MaxSeq = 8)]
[Embed(16)]
[LmHead]
public partial class Buffer;

[Model(Vocab = 100, MaxSeq = 8, TargetVocab = 20, TargetMaxSeq = 8)]
[Embed(16)]
[TargetEmbed(16)]
[Decoder(1, Heads = 2, FeedForward = 32)]
[LmHead]
public partial class CrossAttention;
