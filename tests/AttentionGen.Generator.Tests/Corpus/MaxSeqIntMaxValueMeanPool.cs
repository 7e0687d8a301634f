// expect: none
// Every parameter fits, but the activations of one sequence of int.MaxValue positions do not (AG0203 on MaxSeq).
using AttentionGen;

namespace Corpus;

[Model(Vocab = 10, MaxSeq = int.MaxValue)]
[Embed(4)]
[MeanPool]
public partial class M;
