// expect: none
// A partial model inside a class that is not partial.
using AttentionGen;

namespace Corpus;

public class Outer
{
    [Model(Vocab = 100, MaxSeq = 8)]
    [Embed(16)]
    public partial class M;
}
