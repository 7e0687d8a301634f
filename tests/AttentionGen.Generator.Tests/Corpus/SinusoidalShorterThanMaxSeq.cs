// expect: none
// SinusoidalPositions(MaxLength = 4) with MaxSeq = 8: positions past row 3 have no encoding.
using AttentionGen;

namespace Corpus;

[Model(Vocab = 100, MaxSeq = 8)]
[Embed(16), SinusoidalPositions(MaxLength = 4)]
public partial class M;
