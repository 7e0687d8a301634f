// expect: none
// An argument that is not a constant: a static field.
using AttentionGen;

namespace Corpus;

[Model(Vocab = 100, MaxSeq = 8)]
[Embed(Width)]
public partial class M
{
    private static int Width = 16;
}
