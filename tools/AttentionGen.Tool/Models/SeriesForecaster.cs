using AttentionGen;

namespace AttentionGen.Tool.Models;

// Forecasters of one numeric series: each step is two features (the value minus the window's mean, divided by one
// scale from the training data; and 1 where the value was missing and filled by interpolation). An encoder reads the
// window, the last step's representation summarizes it, and one linear layer writes every future step at once.

/// <summary><c>--size small</c>: 64 steps of history, 16 steps ahead.</summary>
[Model(Features = 2, MaxSeq = 64)]
[InputProjection(32), SinusoidalPositions]
[Encoder(2, Heads = 4, FeedForward = 64, Dropout = 0)]
[LastTokenPool]
[Dense(16)]
public partial class SeriesForecasterSmall;

/// <summary><c>--size base</c>: 128 steps of history, 32 steps ahead.</summary>
[Model(Features = 2, MaxSeq = 128)]
[InputProjection(64), SinusoidalPositions]
[Encoder(3, Heads = 4, FeedForward = 128, Dropout = 0)]
[LastTokenPool]
[Dense(32)]
public partial class SeriesForecasterBase;
