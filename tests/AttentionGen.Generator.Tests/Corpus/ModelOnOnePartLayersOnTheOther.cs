// expect: generated
// [Model] on one part, every layer on the other: one ordered list of layers, so it is valid.
using AttentionGen;

namespace Corpus;

[Model(Vocab = 100, MaxSeq = 8)]
public partial class M;

// ---- file: Second.cs
using AttentionGen;

namespace Corpus;

[Embed(16)]
[MeanPool, Dense(2)]
public partial class M
{
    public int Extra() => 1;
}
