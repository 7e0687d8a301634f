// expect: generated
// Eps = 1e-300 is positive and finite as a double but rounds to 0 as a float; the literal must still compile.
using AttentionGen;

namespace Corpus;

[Model(Vocab = 100, MaxSeq = 8)]
[Embed(16)]
[LayerNorm(Eps = 1e-300)]
public partial class M;
