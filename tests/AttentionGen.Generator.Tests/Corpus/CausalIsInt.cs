// expect: none
// Causal = 1: C# has no int-to-bool conversion.
using AttentionGen;

namespace Corpus;

[Model(Vocab = 100, MaxSeq = 8)]
[Embed(16)]
[MultiHead(2, Causal = 1)]
public partial class M;
