// expect: none
// LayerNormEps = double.PositiveInfinity.
using AttentionGen;

namespace Corpus;

[Model(Vocab = 100, MaxSeq = 8)]
[Embed(16)]
[Encoder(1, Heads = 2, LayerNormEps = double.PositiveInfinity)]
public partial class M;
