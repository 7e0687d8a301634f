// expect: none
// Two output activations.
using AttentionGen;

namespace Corpus;

[Model(Vocab = 100, MaxSeq = 8)]
[Embed(16)]
[MeanPool, Dense(2), Softmax, Sigmoid]
public partial class M;
