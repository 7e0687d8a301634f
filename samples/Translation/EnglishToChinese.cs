using AttentionGen;

namespace Translation;

/// <summary>
/// English words in, Chinese characters out: a two-block Transformer encoder over the English words, a two-block
/// decoder over the Chinese characters read so far (causal self-attention, cross-attention to the encoder's output),
/// and a head giving the next character's logits. Sinusoidal positions on both sides, post-norm blocks as PyTorch's
/// <c>nn.Transformer</c>. Vocab and TargetVocab are capacities: the vocabularies built from the training split fill
/// them from the most frequent word or character down (see <see cref="EnglishWords"/> and <see cref="ChineseCharacters"/>).
/// </summary>
[Model(Vocab = 4608, MaxSeq = 16, TargetVocab = 2560, TargetMaxSeq = 24)]
[Embed(128), SinusoidalPositions]
[Encoder(2, Heads = 4, FeedForward = 256)]
[TargetEmbed(128), SinusoidalPositions]
[Decoder(2, Heads = 4, FeedForward = 256)]
[LmHead]
public partial class EnglishToChinese;
