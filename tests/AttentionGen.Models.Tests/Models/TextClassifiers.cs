using AttentionGen;

namespace AttentionGen.Models.Tests.Models;

/// <summary>Binary sentiment: embedding, multi-head attention, mean pooling, one sigmoid unit.</summary>
[Model(Vocab = 500, MaxSeq = 24)]
[Embed(32)]
[MultiHead(4)]
[MeanPool]
[Dense(1), Sigmoid]
public partial class BinaryTextClassifier;

/// <summary>Multi-class topics: first-token pooling, a hidden ReLU layer, softmax over 5 classes.</summary>
[Model(Vocab = 400, MaxSeq = 20, Classes = 5)]
[Embed(24), LearnedPositions]
[MultiHead(3, Causal = true)]
[FirstTokenPool]
[Dense(16, Activation = Activation.Relu), Dropout(0.2)]
[Dense(5), Softmax]
public partial class TopicClassifier;

/// <summary>Last-token pooling over a causal attention layer.</summary>
[Model(Vocab = 300, MaxSeq = 16)]
[Embed(16)]
[MultiHead(2, Causal = true, Name = "attention")]
[LayerNorm]
[LastTokenPool]
[Dense(3, Name = "classifier"), Softmax]
public partial class LastTokenClassifier;
