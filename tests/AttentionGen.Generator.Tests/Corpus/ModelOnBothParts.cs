// expect: none
// [Model] on both parts: a duplicate attribute, a compiler error.
using AttentionGen;

namespace Corpus;

[Model(Vocab = 100, MaxSeq = 8)]
[Embed(16)]
public partial class M;

// ---- file: Second.cs
using AttentionGen;

namespace Corpus;

[Model(Vocab = 100, MaxSeq = 8)]
public partial class M;
