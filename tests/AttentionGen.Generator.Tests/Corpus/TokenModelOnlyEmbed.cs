// expect: generated
// A token model that is only an embedding.
using AttentionGen;

namespace Corpus;

[Model(Vocab = 10, MaxSeq = 4)]
[Embed(2)]
public partial class M;
