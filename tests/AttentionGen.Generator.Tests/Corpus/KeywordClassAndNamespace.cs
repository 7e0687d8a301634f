// expect: generated
// Escaped keywords as the namespace, a containing class and the class name.
using AttentionGen;

namespace @namespace.@event
{
    public partial class @struct
    {
        [Model(Vocab = 100, MaxSeq = 8)]
        [Embed(16)]
        [MeanPool, Dense(2)]
        public partial class @class;
    }
}
