// expect: none
// [Embed(64, Size = 3)]: Embed has no Size property.
using AttentionGen;

namespace Corpus;

[Model(Vocab = 100, MaxSeq = 8)]
[Embed(64, Size = 3)]
public partial class M;
