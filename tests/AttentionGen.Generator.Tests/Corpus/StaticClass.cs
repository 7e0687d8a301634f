// expect: none
// A static class cannot have a constructor.
using AttentionGen;

namespace Corpus;

[Model(Vocab = 100, MaxSeq = 8)]
[Embed(16)]
public static partial class M;
