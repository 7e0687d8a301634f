using AttentionGen;

namespace AttentionGen.Models.Tests.Models;

/// <summary>One self-attention layer over float vectors: Q/K/V projections, scaled dot product, softmax, weighted sum.</summary>
[Model(Features = 16, MaxSeq = 12)]
[SelfAttention]
public partial class SingleHeadAttention;
