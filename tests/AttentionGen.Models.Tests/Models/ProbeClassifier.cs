using AttentionGen;

namespace AttentionGen.Models.Tests.Models;

/// <summary>The acceptance example, exactly as a user writes it.</summary>
[Model(Vocab = 1000, MaxSeq = 32)]
[Embed(64)]
[MultiHead(8)]
[MeanPool, Dense(2)]
public partial class ProbeClassifier;
