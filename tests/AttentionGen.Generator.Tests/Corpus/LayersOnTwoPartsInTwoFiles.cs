// expect: none
// Layers on both parts of a class split over two files: their order is undefined.
using AttentionGen;

namespace Corpus;

[Model(Vocab = 100, MaxSeq = 8)]
[Embed(16)]
public partial class M;

// ---- file: Second.cs
using AttentionGen;

namespace Corpus;

[MultiHead(2)]
public partial class M;
