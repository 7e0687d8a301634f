// expect: generated
// Layer names that spell the generated code's own locals and scratch buffers (rows, tokens, qkv, probabilities...).
using AttentionGen;

namespace Corpus;

[Model(Vocab = 100, MaxSeq = 8)]
[Embed(16, Name = "tokens")]
[MultiHead(2, Name = "qkv")]
[MultiHead(2, Name = "context")]
[LayerNorm(Name = "rows")]
[MeanPool]
[Dense(8, Name = "batch")]
[Dense(4, Name = "lengths")]
[Dense(2, Name = "probabilities"), Softmax]
public partial class M;
