// expect: none
// An encoder's Dropout = double.PositiveInfinity.
using AttentionGen;

namespace Corpus;

[Model(Vocab = 100, MaxSeq = 8)]
[Embed(16)]
[Encoder(1, Heads = 2, Dropout = double.PositiveInfinity)]
public partial class M;
