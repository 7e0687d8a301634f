// expect: generated
// Model classes named like the members of the generated inference session and workspace (Workspace, Active, Dispose,
// Remember, Probabilities, CheckInput): the session refers to the model's type and the workspace's, so none may hide them.
using AttentionGen;

namespace Corpus;

[Model(Vocab = 100, MaxSeq = 8, Classes = 3)]
[Embed(16)]
[Encoder(1, Heads = 2, FeedForward = 32)]
[MeanPool, Dense(3), Softmax]
public partial class Workspace;

[Model(Vocab = 100, MaxSeq = 8)]
[Embed(16)]
[MultiHead(2)]
[MeanPool, Dense(1), Sigmoid]
public partial class Active;

[Model(Features = 4, MaxSeq = 8)]
[InputProjection(16)]
[Encoder(1, Heads = 2, FeedForward = 32)]
[LastTokenPool, Dense(1)]
public partial class Dispose;

[Model(Vocab = 50, MaxSeq = 8, TargetVocab = 40, TargetMaxSeq = 6)]
[Embed(16)]
[Encoder(1, Heads = 2, FeedForward = 32)]
[TargetEmbed(16)]
[Decoder(1, Heads = 2, FeedForward = 32)]
[LmHead]
public partial class Remember;

[Model(Vocab = 100, MaxSeq = 8, Classes = 2)]
[Embed(16)]
[MeanPool, Dense(2), Softmax]
public partial class Probabilities;

[Model(Vocab = 100, MaxSeq = 8)]
[Embed(16)]
[MeanPool, Dense(2)]
public partial class CheckInput;
