// expect: generated
// TextModel and Textmodel: hint names compare ignoring case, so the two files need different names.
using AttentionGen;

namespace Corpus;

[Model(Vocab = 100, MaxSeq = 8)]
[Embed(16)]
[MeanPool, Dense(2)]
public partial class TextModel;

[Model(Vocab = 100, MaxSeq = 8)]
[Embed(8)]
[MeanPool, Dense(2)]
public partial class Textmodel;
