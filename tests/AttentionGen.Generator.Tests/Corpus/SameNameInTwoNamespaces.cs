// expect: generated
// Two models named M in different namespaces: distinct hint names.
using AttentionGen;

namespace First
{
    [Model(Vocab = 100, MaxSeq = 8)]
    [Embed(16)]
    [MeanPool, Dense(2)]
    public partial class M;
}

namespace Second
{
    [Model(Vocab = 100, MaxSeq = 8)]
    [Embed(8)]
    [MeanPool, Dense(2)]
    public partial class M;
}
