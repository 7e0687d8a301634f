// expect: generated
// A syntax error: the class body never closes. Generation goes on, so the members stay while the user types.
using AttentionGen;

namespace Corpus;

[Model(Vocab = 100, MaxSeq = 8)]
[Embed(16)]
[MeanPool, Dense(2)]
public partial class M
{
    public void F() {
