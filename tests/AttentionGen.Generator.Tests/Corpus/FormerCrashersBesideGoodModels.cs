// expect: generated
// The declarations that once threw inside the generator, beside good models: every model gets its code.
using AttentionGen;

namespace Corpus;

[Model(Features = 3, MaxSeq = 2)]
[Softmax]
public partial class OnlySoftmax;

[Model(Vocab = 10, MaxSeq = 4)]
[Embed(4)]
[Encoder(1, Heads = 2, FeedForward = 8)]
[Dense(4, Name = "encoder.layers.0")]
public partial class NamedInsideBlock;

[Model(Vocab = 100, MaxSeq = 8)]
[Embed(16), MultiHead(4)]
[MeanPool, Dense(2), Softmax]
public partial class Classifier;

[Model(Features = 4, MaxSeq = 8)]
[InputProjection(8), Encoder(1, Heads = 2, FeedForward = 16)]
[Dense(1)]
public partial class Regressor;
