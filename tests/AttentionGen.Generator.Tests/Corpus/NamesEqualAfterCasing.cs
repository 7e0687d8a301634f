// expect: generated
// "a_b" and "aB" are different state-dict prefixes that read alike as C# identifiers.
using AttentionGen;

namespace Corpus;

[Model(Vocab = 100, MaxSeq = 8)]
[Embed(16)]
[MeanPool]
[Dense(8, Name = "a_b")]
[Dense(2, Name = "aB")]
public partial class M;
