// expect: none
// [Model] is not allowed on a struct: a compiler error.
using AttentionGen;

namespace Corpus;

[Model(Vocab = 100, MaxSeq = 8)]
[Embed(16)]
public partial struct M;
