// expect: none
// Eps = 1e300 is a finite double but infinite as a float.
using AttentionGen;

namespace Corpus;

[Model(Vocab = 100, MaxSeq = 8)]
[Embed(16)]
[Encoder(1, Heads = 2, LayerNormEps = 1e300)]
public partial class M;
