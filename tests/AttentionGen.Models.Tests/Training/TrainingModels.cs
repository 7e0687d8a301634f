using AttentionGen;

namespace AttentionGen.Models.Tests.Training;

// Kept here rather than in Models/: the generator's snapshot tests take every file in Models/ as a snapshot case.

/// <summary>Movie-review polarity, small enough to learn from a slice of the shipped reviews in a few seconds.</summary>
[Model(Vocab = 2000, MaxSeq = 24, Classes = 2)]
[Embed(32), SinusoidalPositions]
[MultiHead(4)]
[MeanPool]
[Dense(2)]
public partial class ReviewClassifier;

/// <summary>A tiny classifier with dropout, for the trainer's determinism, resume and allocation tests.</summary>
[Model(Vocab = 50, MaxSeq = 10, Classes = 3)]
[Embed(16), LearnedPositions]
[MultiHead(2)]
[MeanPool]
[Dense(16, Activation = Activation.Relu), Dropout(0.25)]
[Dense(3)]
public partial class TinyDropoutClassifier;

/// <summary>
/// <see cref="TinyDropoutClassifier"/>'s parameters, name for name and shape for shape, with another dropout rate: a
/// different model whose checkpoints a shape check alone cannot tell apart.
/// </summary>
[Model(Vocab = 50, MaxSeq = 10, Classes = 3)]
[Embed(16), LearnedPositions]
[MultiHead(2)]
[MeanPool]
[Dense(16, Activation = Activation.Relu), Dropout(0.5)]
[Dense(3)]
public partial class TinyDropoutClassifierTwin;
