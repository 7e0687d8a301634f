// expect: none
// [Encoder(Heads = 4)]: the layer count is a constructor argument.
using AttentionGen;

namespace Corpus;

[Model(Vocab = 100, MaxSeq = 8)]
[Embed(16)]
[Encoder(Heads = 4)]
public partial class M;
