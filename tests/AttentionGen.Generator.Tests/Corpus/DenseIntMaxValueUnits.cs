// expect: none
// [Dense(int.MaxValue)]: the weight would hold 16 x 2^31 floats.
using AttentionGen;

namespace Corpus;

[Model(Vocab = 100, MaxSeq = 8)]
[Embed(16)]
[MeanPool, Dense(int.MaxValue)]
public partial class M;
