// expect: generated
// [Embed(Dims * 2)] with const int Dims = 32, and constants from another class: valid.
using AttentionGen;

namespace Corpus;

public static class Sizes
{
    public const int Vocabulary = 1000;
    public const int Heads = 4;
}

[Model(Vocab = Sizes.Vocabulary, MaxSeq = Dims / 2)]
[Embed(Dims * 2)]
[MultiHead(Sizes.Heads * 2, Causal = Dims > 16, Dropout = 1.0 / Dims)]
[MeanPool, Dense(Dims - 30)]
public partial class M
{
    private const int Dims = 32;
}
