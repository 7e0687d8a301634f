// expect: generated
// An abstract partial class: generated, though it cannot be instantiated.
using AttentionGen;

namespace Corpus;

[Model(Vocab = 100, MaxSeq = 8)]
[Embed(16)]
[MeanPool, Dense(2)]
public abstract partial class M;
