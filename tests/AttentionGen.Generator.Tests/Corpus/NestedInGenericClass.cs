// expect: none
// A model inside a generic partial class.
using AttentionGen;

namespace Corpus;

public partial class Outer<T>
{
    [Model(Vocab = 100, MaxSeq = 8)]
    [Embed(16)]
    public partial class M;
}
