// expect: none
// [Model(Vocab = 100)]: MaxSeq is required.
using AttentionGen;

namespace Corpus;

[Model(Vocab = 100)]
[Embed(16)]
public partial class M;
