// expect: generated
// A float model whose only layer is its output activation: Forward returns the input, Predict its softmax.
using AttentionGen;

namespace Corpus;

[Model(Features = 3, MaxSeq = 2)]
[Softmax]
public partial class M;
