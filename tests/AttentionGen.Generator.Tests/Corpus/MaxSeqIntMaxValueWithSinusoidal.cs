// expect: none
// MaxSeq = int.MaxValue with SinusoidalPositions(MaxLength = int.MaxValue): a table of 2^31 x 16 floats.
using AttentionGen;

namespace Corpus;

[Model(Vocab = 100, MaxSeq = int.MaxValue)]
[Embed(16), SinusoidalPositions(MaxLength = int.MaxValue)]
[MeanPool, Dense(2)]
public partial class M;
