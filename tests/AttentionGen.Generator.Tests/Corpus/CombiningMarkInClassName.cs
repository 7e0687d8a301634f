// expect: generated
// A class name with a combining accent (U+0301), a character hint names do not allow.
using AttentionGen;

namespace Corpus;

[Model(Vocab = 100, MaxSeq = 8)]
[Embed(16)]
[MeanPool, Dense(2)]
public partial class Café;
