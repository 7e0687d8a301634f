// expect: none
// A model class named _parameters, like the generated parameter array.
using AttentionGen;

namespace Corpus;

[Model(Vocab = 100, MaxSeq = 8)]
[Embed(16)]
[MeanPool, Dense(2)]
public partial class _parameters;
