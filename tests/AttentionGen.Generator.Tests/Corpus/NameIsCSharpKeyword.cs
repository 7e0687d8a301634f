// expect: generated
// Layer names that are C# keywords are valid state-dict names; the generated identifiers must not break.
using AttentionGen;

namespace Corpus;

[Model(Vocab = 100, MaxSeq = 8)]
[Embed(16, Name = "int")]
[MultiHead(2, Name = "class")]
[LayerNorm(Name = "return")]
[MeanPool, Dense(2, Name = "default")]
public partial class M;
