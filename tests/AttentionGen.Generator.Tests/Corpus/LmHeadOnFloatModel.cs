// expect: none
// [LmHead] on a Features model: there is no vocabulary to predict.
using AttentionGen;

namespace Corpus;

[Model(Features = 4, MaxSeq = 8)]
[InputProjection(16)]
[LmHead]
public partial class M;
