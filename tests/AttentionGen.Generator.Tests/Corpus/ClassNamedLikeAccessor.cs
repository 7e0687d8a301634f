// expect: generated
// A model class named EmbedWeight, like the accessor of its embed.weight: the accessor takes another name.
using AttentionGen;

namespace Corpus;

[Model(Vocab = 100, MaxSeq = 8)]
[Embed(16)]
[Encoder(1, Heads = 2, FeedForward = 32)]
[LmHead]
public partial class EmbedWeight;

[Model(Vocab = 100, MaxSeq = 8)]
[Embed(16)]
[Encoder(1, Heads = 2, FeedForward = 32)]
[LmHead]
public partial class EncoderBlock;
