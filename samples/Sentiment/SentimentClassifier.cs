using AttentionGen;

namespace Sentiment;

/// <summary>
/// Movie-review polarity: word embeddings with sinusoidal positions, one Transformer encoder block (four heads of 16
/// features, a 128-wide feed-forward network, residuals and LayerNorms), mean pooling over the words of each review
/// and a two-class softmax head, with dropout on the embeddings and on the pooled review.
/// 10,662 short reviews are little data: a narrow model (64 features, one block) with heavy dropout generalizes best;
/// two blocks or 128 features scored no better on the validation reviews and train two to three times slower.
/// Try changing Heads = 4 to Heads = 6 and building: AG0101 points at the 6.
/// </summary>
[Model(Vocab = 10_000, MaxSeq = 64, Classes = 2)]
[Embed(64), SinusoidalPositions, Dropout(0.3)]
[Encoder(1, Heads = 4, FeedForward = 128, Dropout = 0.1)]
[MeanPool, Dropout(0.3)]
[Dense(2), Softmax]
public partial class SentimentClassifier;
