// expect: none
// [Model(MaxSeq = 8)] with layers: neither Vocab nor Features.
using AttentionGen;

namespace Corpus;

[Model(MaxSeq = 8)]
[Embed(16)]
public partial class M;
