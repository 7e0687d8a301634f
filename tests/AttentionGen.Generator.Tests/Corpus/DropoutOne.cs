// expect: none
// [Dropout(1.0)]: p must be below 1.
using AttentionGen;

namespace Corpus;

[Model(Vocab = 100, MaxSeq = 8)]
[Embed(16)]
[Dropout(1.0)]
public partial class M;
