// expect: none
// [Model] on an enum: a compiler error.
using AttentionGen;

namespace Corpus;

[Model(Vocab = 100, MaxSeq = 8)]
public enum E { A }
