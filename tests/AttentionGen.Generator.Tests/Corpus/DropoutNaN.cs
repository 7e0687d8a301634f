// expect: none
// Dropout = double.NaN.
using AttentionGen;

namespace Corpus;

[Model(Vocab = 100, MaxSeq = 8)]
[Embed(16)]
[MultiHead(2, Dropout = double.NaN)]
public partial class M;
