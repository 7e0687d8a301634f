using AttentionGen;

namespace AttentionGen.Models.Tests.Models;

/// <summary>GPT-style causal language model: token + learned positions, pre-norm causal blocks, final LayerNorm, tied head.</summary>
[Model(Vocab = 65, MaxSeq = 32)]
[Embed(32), LearnedPositions]
[Encoder(2, Heads = 4, FeedForward = 128, NormFirst = true, Causal = true, Activation = Activation.GeluTanh, Dropout = 0)]
[LayerNorm]
[LmHead(Tied = true)]
public partial class TinyGpt;
