// expect: none
// [Embed(16, Width = 8)]: Width is the constructor argument, a get-only property.
using AttentionGen;

namespace Corpus;

[Model(Vocab = 100, MaxSeq = 8)]
[Embed(16, Width = 8)]
public partial class M;
