// expect: generated
// A model whose own part has a base class, an interface, fields and methods.
using AttentionGen;

namespace Corpus;

public abstract class Base
{
    public virtual string Describe() => "base";
}

[Model(Vocab = 100, MaxSeq = 8)]
[Embed(16)]
[MeanPool, Dense(2), Softmax]
public sealed partial class M : Base, System.IDisposable
{
    private int _calls;

    public override string Describe() => "model " + _calls;

    public void Dispose() => _calls = -1;
}
