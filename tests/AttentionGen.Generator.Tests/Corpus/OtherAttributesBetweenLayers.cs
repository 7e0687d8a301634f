// expect: generated
// Unrelated attributes between the layers are ignored.
using AttentionGen;

namespace Corpus;

[Model(Vocab = 100, MaxSeq = 8)]
[System.Obsolete("old")]
[Embed(16)]
[System.Serializable]
[MeanPool, Dense(2)]
[System.Diagnostics.DebuggerDisplay("M")]
public partial class M;
