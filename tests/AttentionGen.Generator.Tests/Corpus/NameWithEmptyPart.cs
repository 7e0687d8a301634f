// expect: none
// Name = "a..b": an empty part between dots.
using AttentionGen;

namespace Corpus;

[Model(Vocab = 100, MaxSeq = 8)]
[Embed(16, Name = "a..b")]
public partial class M;
