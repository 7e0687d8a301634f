using AttentionGen;

namespace AttentionGen.Bench;

/// <summary>A sentence classifier of the size the Sentiment sample uses.</summary>
[Model(Vocab = 8000, MaxSeq = 48)]
[Embed(64), SinusoidalPositions]
[MultiHead(8)]
[MeanPool]
[Dense(2), Softmax]
public partial class BenchClassifier;

/// <summary>A small GPT: 4 pre-norm causal blocks of width 128.</summary>
[Model(Vocab = 65, MaxSeq = 64)]
[Embed(128), LearnedPositions]
[Encoder(4, Heads = 4, FeedForward = 512, NormFirst = true, Causal = true, Activation = Activation.GeluTanh, Dropout = 0)]
[LayerNorm]
[LmHead(Tied = true)]
public partial class BenchGpt;
