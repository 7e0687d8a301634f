// expect: none
// [SinusoidalPositions] as the first layer: nothing to add positions to.
using AttentionGen;

namespace Corpus;

[Model(Vocab = 100, MaxSeq = 8)]
[SinusoidalPositions, Embed(16)]
public partial class M;
