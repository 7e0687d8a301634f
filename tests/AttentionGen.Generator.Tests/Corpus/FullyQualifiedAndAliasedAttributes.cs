// expect: generated
// Attributes written with global::, the Attribute suffix and a using alias.
using M2 = AttentionGen.MultiHeadAttribute;

namespace Corpus;

[global::AttentionGen.ModelAttribute(Vocab = 100, MaxSeq = 8)]
[AttentionGen.EmbedAttribute(16)]
[M2(2)]
[global::AttentionGen.MeanPool, AttentionGen.Dense(2)]
public partial class M;
