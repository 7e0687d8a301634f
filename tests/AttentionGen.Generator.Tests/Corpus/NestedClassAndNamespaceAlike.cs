// expect: generated
// Ns.Outer.Inner as a nested class and as a class in namespace Ns.Outer: the same hint name from two models (a compiler error too).
using AttentionGen;

namespace Corpus;

namespace Ns
{
    public partial class Outer
    {
        [Model(Vocab = 100, MaxSeq = 8)]
        [Embed(16)]
        [MeanPool, Dense(2)]
        public partial class Inner;
    }
}

namespace Ns.Outer
{
    [Model(Vocab = 100, MaxSeq = 8)]
    [Embed(8)]
    [MeanPool, Dense(2)]
    public partial class Inner;
}
