using AttentionGen;

namespace AttentionGen.Tool.Models;

// Translators of source<TAB>target pairs: the source side as words and punctuation marks hashed into Vocab − 2 buckets (as the classifier,
// so no source vocabulary is built or stored), the target side as characters, from a vocabulary of at most
// TargetVocab ids built from the training targets and saved in the checkpoint. A Transformer encoder over the words,
// a decoder over the characters written so far (causal self-attention, cross-attention to the encoder), a head
// giving the next character's logits. Post-norm blocks and sinusoidal positions, as PyTorch's nn.Transformer.

/// <summary><c>--size small</c>: 8,192 word buckets, 24 source words, 2,048 target ids, 31 characters out, width 64, one block each side.</summary>
[Model(Vocab = 8192, MaxSeq = 24, TargetVocab = 2048, TargetMaxSeq = 32)]
[Embed(64), SinusoidalPositions]
[Encoder(1, Heads = 4, FeedForward = 128, Dropout = 0)]
[TargetEmbed(64), SinusoidalPositions]
[Decoder(1, Heads = 4, FeedForward = 128, Dropout = 0)]
[LmHead]
public partial class TranslatorSmall;

/// <summary><c>--size base</c>: 32,768 word buckets, 32 source words, 4,096 target ids, 47 characters out, width 128, two blocks each side.</summary>
[Model(Vocab = 32768, MaxSeq = 32, TargetVocab = 4096, TargetMaxSeq = 48)]
[Embed(128), SinusoidalPositions]
[Encoder(2, Heads = 4, FeedForward = 256, Dropout = 0.1)]
[TargetEmbed(128), SinusoidalPositions]
[Decoder(2, Heads = 4, FeedForward = 256, Dropout = 0.1)]
[LmHead]
public partial class TranslatorBase;
