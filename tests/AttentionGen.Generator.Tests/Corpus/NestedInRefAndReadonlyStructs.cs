// expect: generated
// Containing structs declared readonly and ref: the generated parts must agree with them.
using AttentionGen;

namespace Corpus;

public readonly partial struct Outer
{
    public ref partial struct Middle
    {
        [Model(Vocab = 100, MaxSeq = 8)]
        [Embed(16)]
        [MeanPool, Dense(2)]
        public partial class M;
    }
}
