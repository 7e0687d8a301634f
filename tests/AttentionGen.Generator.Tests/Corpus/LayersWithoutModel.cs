// expect: none
// Layer attributes on a class without [Model].
using AttentionGen;

namespace Corpus;

[Embed(16)]
[MultiHead(2)]
public partial class M;
