// expect: generated
// A Features model with one identity layer: the output is the input.
using AttentionGen;

namespace Corpus;

[Model(Features = 3, MaxSeq = 4)]
[Dropout(0.5)]
public partial class M;
