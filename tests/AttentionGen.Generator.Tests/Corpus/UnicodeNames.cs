// expect: generated
// Non-ASCII namespace and class names.
using AttentionGen;

namespace Modèles.Données
{
    [Model(Vocab = 100, MaxSeq = 8)]
    [Embed(16)]
    [MeanPool, Dense(2)]
    public partial class Modèle;
}
