// expect: generated
// Dense layers on a sequence (per position), one without bias, and a per-position sigmoid.
using AttentionGen;

namespace Corpus;

[Model(Vocab = 100, MaxSeq = 8)]
[Embed(16)]
[Dense(8, Bias = false, Activation = Activation.GeluTanh)]
[Dense(1), Sigmoid]
public partial class M;
