// expect: generated
// Activation = 2 is a compiler error (CS0266), yet Roslyn binds it as Gelu; generating adds no error, and the same code once the cast is written.
using AttentionGen;

namespace Corpus;

[Model(Vocab = 100, MaxSeq = 8)]
[Embed(16)]
[MeanPool, Dense(4, Activation = 2)]
public partial class M;
