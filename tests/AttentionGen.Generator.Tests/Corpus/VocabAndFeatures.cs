// expect: none
// Both Vocab and Features.
using AttentionGen;

namespace Corpus;

[Model(Vocab = 100, Features = 4, MaxSeq = 8)]
[Embed(16)]
public partial class M;
