// expect: none
// A model class named Vocab: the generated constant cannot share its class's name.
using AttentionGen;

namespace Corpus;

[Model(Vocab = 100, MaxSeq = 8)]
[Embed(16)]
[MeanPool, Dense(2)]
public partial class Vocab;
