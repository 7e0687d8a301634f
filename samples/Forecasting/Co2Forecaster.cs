using AttentionGen;

namespace Forecasting;

/// <summary>
/// Weekly CO2, 52 weeks ahead from up to 156 weeks of history. Each week is 4 features (the level-removed value, the
/// "this week was filled" mark, and the week's place in the year as sine and cosine); a two-block Transformer encoder
/// reads the window, the last week's representation summarizes it, and one linear layer writes all 52 future weeks
/// at once (direct multi-step forecasting: no forecast is fed back as an input).
/// </summary>
[Model(Features = 4, MaxSeq = 156)]
[InputProjection(32), SinusoidalPositions]
[Encoder(2, Heads = 4, FeedForward = 64, Dropout = 0)]
[LastTokenPool]
[Dense(52)]
public partial class Co2Forecaster;
