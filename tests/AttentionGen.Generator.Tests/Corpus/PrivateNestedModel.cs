// expect: generated
// A private model nested in a partial class.
using AttentionGen;

namespace Corpus;

public partial class Outer
{
    [Model(Features = 2, MaxSeq = 4)]
    [Dense(3)]
    private sealed partial class M;
}
