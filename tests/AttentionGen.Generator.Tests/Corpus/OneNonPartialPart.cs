// expect: generated
// One part says partial, the other does not: the compiler reports it (CS0260); the generated part adds no error.
using AttentionGen;

namespace Corpus;

[Model(Vocab = 100, MaxSeq = 8)]
[Embed(16)]
public partial class M;

// ---- file: Second.cs
namespace Corpus;

public class M { }
