// expect: none
// Activation = (Activation)99 compiles but names no activation; shape inference rejects it, so nothing is generated.
using AttentionGen;

namespace Corpus;

[Model(Vocab = 100, MaxSeq = 8)]
[Embed(16)]
[MeanPool, Dense(4, Activation = (Activation)99)]
public partial class M;
