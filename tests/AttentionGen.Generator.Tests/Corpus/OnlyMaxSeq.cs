// expect: none
// [Model(MaxSeq = 8)] and no layers.
using AttentionGen;

namespace Corpus;

[Model(MaxSeq = 8)]
public partial class M;
