// expect: none
// [Embed(Width)] where Width is not defined.
using AttentionGen;

namespace Corpus;

[Model(Vocab = 100, MaxSeq = 8)]
[Embed(Width)]
public partial class M;
