// expect: none
// Vocab = "1000": a string for an int property of [Model].
using AttentionGen;

namespace Corpus;

[Model(Vocab = "1000", MaxSeq = 8)]
[Embed(16)]
public partial class M;
