// expect: generated
// Layer names that spell Forward's parameters and Backward's locals: the buffers named after them must not collide.
using AttentionGen;

namespace Corpus;

[Model(Features = 4, MaxSeq = 8)]
[InputProjection(8, Name = "inputs")]
[LayerNorm(Name = "training")]
[Dense(8, Name = "seqLen")]
[Dense(8, Name = "outputGradient")]
[Dense(8, Name = "outputLength")]
[LayerNorm(Name = "input")]
[MeanPool]
[Dense(2, Name = "logits"), Softmax]
public partial class M;
