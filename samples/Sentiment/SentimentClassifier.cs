using AttentionGen;

namespace Sentiment;

/// <summary>
/// Movie-review polarity: word embeddings with sinusoidal positions, one multi-head self-attention layer,
/// mean pooling over the words of each review, and a two-class softmax head.
/// Try changing MultiHead(8) to MultiHead(6) and building: AG0101 points at the 6.
/// </summary>
[Model(Vocab = 8000, MaxSeq = 48, Classes = 2)]
[Embed(64), SinusoidalPositions]
[MultiHead(8)]
[MeanPool]
[Dense(2), Softmax]
public partial class SentimentClassifier;
