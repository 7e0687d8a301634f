// expect: none
// [InputProjection] on a Vocab model.
using AttentionGen;

namespace Corpus;

[Model(Vocab = 100, MaxSeq = 8)]
[InputProjection(16)]
public partial class M;
