// expect: generated
// An output activation written before the layers: it marks the output wherever it is written.
using AttentionGen;

namespace Corpus;

[Softmax]
[Model(Vocab = 100, MaxSeq = 8)]
[Embed(16)]
[MeanPool, Dense(3)]
public partial class M;
