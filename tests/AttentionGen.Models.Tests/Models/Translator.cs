using AttentionGen;

namespace AttentionGen.Models.Tests.Models;

/// <summary>Encoder-decoder translation: encoder stack, decoder with causal self-attention and cross-attention, LM head.</summary>
[Model(Vocab = 200, MaxSeq = 16, TargetVocab = 180, TargetMaxSeq = 14)]
[Embed(32), SinusoidalPositions]
[Encoder(2, Heads = 4, FeedForward = 64)]
[TargetEmbed(32), SinusoidalPositions]
[Decoder(2, Heads = 4, FeedForward = 64)]
[LmHead]
public partial class Translator;
