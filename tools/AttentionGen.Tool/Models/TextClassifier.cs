using AttentionGen;

namespace AttentionGen.Tool.Models;

// Text classifiers over hashed words: each lower-cased word maps to one of Vocab − 2 buckets by a fixed hash
// (ids 0 and 1 are padding and unknown), so any corpus fits without a vocabulary to build or store, at the cost of
// rare collisions. The output has 16 classes: a data set may use up to 16 labels; the unused outputs only learn
// never to win. Encoder blocks over word embeddings with sinusoidal positions, mean-pooled.

/// <summary><c>--size small</c>: 8,192 buckets, the first 64 words, width 64, one block.</summary>
[Model(Vocab = 8192, MaxSeq = 64, Classes = 16)]
[Embed(64), SinusoidalPositions]
[Encoder(1, Heads = 4, FeedForward = 128, Dropout = 0.1)]
[MeanPool]
[Dense(16), Softmax]
public partial class TextClassifierSmall;

/// <summary><c>--size base</c>: 32,768 buckets, the first 128 words, width 128, two blocks.</summary>
[Model(Vocab = 32768, MaxSeq = 128, Classes = 16)]
[Embed(128), SinusoidalPositions]
[Encoder(2, Heads = 8, FeedForward = 256, Dropout = 0.1)]
[MeanPool]
[Dense(16), Softmax]
public partial class TextClassifierBase;
