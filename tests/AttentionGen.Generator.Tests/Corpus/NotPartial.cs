// expect: none
// [Model] on a class that is not partial.
using AttentionGen;

namespace Corpus;

[Model(Vocab = 100, MaxSeq = 8)]
[Embed(16)]
public class M;
