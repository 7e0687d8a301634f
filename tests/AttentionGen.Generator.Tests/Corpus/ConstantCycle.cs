// expect: none
// const int A = B; const int B = A; used as an argument: a compiler error.
using AttentionGen;

namespace Corpus;

[Model(Vocab = 100, MaxSeq = 8)]
[Embed(A)]
public partial class M
{
    private const int A = B;
    private const int B = A;
}
