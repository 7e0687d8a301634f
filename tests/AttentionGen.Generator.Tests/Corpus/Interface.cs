// expect: none
// [Model] on an interface: a compiler error.
using AttentionGen;

namespace Corpus;

[Model(Vocab = 100, MaxSeq = 8)]
[Embed(16)]
public partial interface IM;
