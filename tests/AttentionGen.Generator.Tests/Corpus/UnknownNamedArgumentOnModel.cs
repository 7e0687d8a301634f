// expect: none
// [Model(Width = 4)]: Model has no Width property.
using AttentionGen;

namespace Corpus;

[Model(Vocab = 100, MaxSeq = 8, Width = 4)]
[Embed(16)]
public partial class M;
