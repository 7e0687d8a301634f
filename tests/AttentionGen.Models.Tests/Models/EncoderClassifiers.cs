using AttentionGen;

namespace AttentionGen.Models.Tests.Models;

/// <summary>Transformer encoder classifier: sinusoidal positions, two post-norm GELU blocks, first-token pooling.</summary>
[Model(Vocab = 300, MaxSeq = 20, Classes = 3)]
[Embed(32), SinusoidalPositions]
[Encoder(2, Heads = 4, FeedForward = 64, Activation = Activation.Gelu)]
[FirstTokenPool]
[Dense(3), Softmax]
public partial class EncoderClassifier;

/// <summary>Pre-norm variant with learned positions, mean pooling and a final LayerNorm.</summary>
[Model(Vocab = 250, MaxSeq = 18)]
[Embed(24), LearnedPositions(MaxLength = 32)]
[Encoder(3, Heads = 6, FeedForward = 48, NormFirst = true, Dropout = 0.05)]
[LayerNorm]
[MeanPool]
[Dense(1), Sigmoid]
public partial class PreNormEncoderClassifier;
