// expect: generated
// A syntax error: the [Model( ... ) attribute list is never closed. The parser recovers the attributes; keeping the generated members while the user types avoids a cascade of errors.
using AttentionGen;

namespace Corpus;

[Model(Vocab = 100, MaxSeq = 8)
[Embed(16)]
[MeanPool, Dense(2)]
public partial class M;
