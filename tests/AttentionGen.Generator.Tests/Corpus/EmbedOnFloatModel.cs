// expect: none
// [Embed] on a Features model.
using AttentionGen;

namespace Corpus;

[Model(Features = 4, MaxSeq = 8)]
[Embed(16)]
public partial class M;
