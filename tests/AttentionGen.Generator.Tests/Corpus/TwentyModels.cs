// expect: generated
// Twenty models in one file: twenty sources, each compiled.
using AttentionGen;

namespace Corpus;

/// <summary>Model number 1.</summary>
[Model(Vocab = 50, MaxSeq = 8)]
[Embed(16)]
[MultiHead(4)]
[MeanPool, Dense(2), Softmax]
public partial class Model01;

/// <summary>Model number 2.</summary>
[Model(Vocab = 51, MaxSeq = 8)]
[Embed(8), SinusoidalPositions]
[Encoder(1, Heads = 2, FeedForward = 16)]
[LmHead]
public partial class Model02;

/// <summary>Model number 3.</summary>
[Model(Features = 3, MaxSeq = 8)]
[InputProjection(8)]
[SelfAttention(Causal = true)]
[LastTokenPool, Dense(1)]
public partial class Model03;

/// <summary>Model number 4.</summary>
[Model(Vocab = 53, MaxSeq = 8)]
[Embed(12), LearnedPositions]
[Encoder(2, Heads = 3, FeedForward = 24, NormFirst = true, Causal = true)]
[LayerNorm]
[LmHead(Tied = true)]
public partial class Model04;

/// <summary>Model number 5.</summary>
[Model(Vocab = 54, MaxSeq = 8)]
[Embed(16)]
[MultiHead(4)]
[MeanPool, Dense(2), Softmax]
public partial class Model05;

/// <summary>Model number 6.</summary>
[Model(Vocab = 55, MaxSeq = 8)]
[Embed(8), SinusoidalPositions]
[Encoder(1, Heads = 2, FeedForward = 16)]
[LmHead]
public partial class Model06;

/// <summary>Model number 7.</summary>
[Model(Features = 3, MaxSeq = 8)]
[InputProjection(8)]
[SelfAttention(Causal = true)]
[LastTokenPool, Dense(1)]
public partial class Model07;

/// <summary>Model number 8.</summary>
[Model(Vocab = 57, MaxSeq = 8)]
[Embed(12), LearnedPositions]
[Encoder(2, Heads = 3, FeedForward = 24, NormFirst = true, Causal = true)]
[LayerNorm]
[LmHead(Tied = true)]
public partial class Model08;

/// <summary>Model number 9.</summary>
[Model(Vocab = 58, MaxSeq = 8)]
[Embed(16)]
[MultiHead(4)]
[MeanPool, Dense(2), Softmax]
public partial class Model09;

/// <summary>Model number 10.</summary>
[Model(Vocab = 59, MaxSeq = 8)]
[Embed(8), SinusoidalPositions]
[Encoder(1, Heads = 2, FeedForward = 16)]
[LmHead]
public partial class Model10;

/// <summary>Model number 11.</summary>
[Model(Features = 3, MaxSeq = 8)]
[InputProjection(8)]
[SelfAttention(Causal = true)]
[LastTokenPool, Dense(1)]
public partial class Model11;

/// <summary>Model number 12.</summary>
[Model(Vocab = 61, MaxSeq = 8)]
[Embed(12), LearnedPositions]
[Encoder(2, Heads = 3, FeedForward = 24, NormFirst = true, Causal = true)]
[LayerNorm]
[LmHead(Tied = true)]
public partial class Model12;

/// <summary>Model number 13.</summary>
[Model(Vocab = 62, MaxSeq = 8)]
[Embed(16)]
[MultiHead(4)]
[MeanPool, Dense(2), Softmax]
public partial class Model13;

/// <summary>Model number 14.</summary>
[Model(Vocab = 63, MaxSeq = 8)]
[Embed(8), SinusoidalPositions]
[Encoder(1, Heads = 2, FeedForward = 16)]
[LmHead]
public partial class Model14;

/// <summary>Model number 15.</summary>
[Model(Features = 3, MaxSeq = 8)]
[InputProjection(8)]
[SelfAttention(Causal = true)]
[LastTokenPool, Dense(1)]
public partial class Model15;

/// <summary>Model number 16.</summary>
[Model(Vocab = 65, MaxSeq = 8)]
[Embed(12), LearnedPositions]
[Encoder(2, Heads = 3, FeedForward = 24, NormFirst = true, Causal = true)]
[LayerNorm]
[LmHead(Tied = true)]
public partial class Model16;

/// <summary>Model number 17.</summary>
[Model(Vocab = 66, MaxSeq = 8)]
[Embed(16)]
[MultiHead(4)]
[MeanPool, Dense(2), Softmax]
public partial class Model17;

/// <summary>Model number 18.</summary>
[Model(Vocab = 67, MaxSeq = 8)]
[Embed(8), SinusoidalPositions]
[Encoder(1, Heads = 2, FeedForward = 16)]
[LmHead]
public partial class Model18;

/// <summary>Model number 19.</summary>
[Model(Features = 3, MaxSeq = 8)]
[InputProjection(8)]
[SelfAttention(Causal = true)]
[LastTokenPool, Dense(1)]
public partial class Model19;

/// <summary>Model number 20.</summary>
[Model(Vocab = 69, MaxSeq = 8)]
[Embed(12), LearnedPositions]
[Encoder(2, Heads = 3, FeedForward = 24, NormFirst = true, Causal = true)]
[LayerNorm]
[LmHead(Tied = true)]
public partial class Model20;
