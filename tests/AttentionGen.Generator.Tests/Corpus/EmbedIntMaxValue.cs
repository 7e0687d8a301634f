// expect: none
// [Embed(int.MaxValue)]: the table would hold Vocab x 2^31 floats.
using AttentionGen;

namespace Corpus;

[Model(Vocab = 1000, MaxSeq = 8)]
[Embed(int.MaxValue)]
[MeanPool, Dense(2)]
public partial class M;
