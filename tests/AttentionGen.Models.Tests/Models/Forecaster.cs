using AttentionGen;

namespace AttentionGen.Models.Tests.Models;

/// <summary>Time-series forecaster: 3 float features per step projected to width 16, one encoder block, next value from the last step.</summary>
[Model(Features = 3, MaxSeq = 24)]
[InputProjection(16), SinusoidalPositions]
[Encoder(1, Heads = 2, FeedForward = 32)]
[LastTokenPool]
[Dense(8, Activation = Activation.Relu)]
[Dense(1)]
public partial class Forecaster;
