// expect: none
// Eps = 1e-300 is a positive double but 0 as the float the kernels use: AG0204, not a division by zero.
using AttentionGen;

namespace Corpus;

[Model(Vocab = 100, MaxSeq = 8)]
[Embed(16)]
[LayerNorm(Eps = 1e-300)]
public partial class M;
