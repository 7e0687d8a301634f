// expect: generated
// Containing types of every kind the generator re-declares: record, record struct, interface.
using AttentionGen;

namespace Corpus;

public partial record Outer(int X)
{
    public partial record struct Middle
    {
        public partial interface IInner
        {
            [Model(Vocab = 100, MaxSeq = 8)]
            [Embed(16)]
            [MeanPool, Dense(2)]
            public partial class M;
        }
    }
}
