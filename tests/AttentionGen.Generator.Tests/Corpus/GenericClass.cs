// expect: none
// A generic model class.
using AttentionGen;

namespace Corpus;

[Model(Vocab = 100, MaxSeq = 8)]
[Embed(16)]
public partial class M<T>;
