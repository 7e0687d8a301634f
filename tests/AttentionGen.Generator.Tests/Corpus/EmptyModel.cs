// expect: none
// [Model] with nothing else.
using AttentionGen;

namespace Corpus;

[Model]
public partial class M;
