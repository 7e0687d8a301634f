// expect: none
// Sinusoidal and learned positions on the same sequence.
using AttentionGen;

namespace Corpus;

[Model(Vocab = 100, MaxSeq = 8)]
[Embed(16), SinusoidalPositions, LearnedPositions]
public partial class M;
