// expect: none
// An EmbedAttribute from another namespace is not AttentionGen's: the MultiHead then sees token ids.
using AttentionGen;

namespace Corpus;

[Model(Vocab = 100, MaxSeq = 8)]
[Mine.Embed(16)]
[MultiHead(2)]
public partial class M;

// ---- file: Mine.cs
namespace Mine;

[System.AttributeUsage(System.AttributeTargets.Class)]
public sealed class EmbedAttribute(int width) : System.Attribute
{
    public int Width { get; } = width;
}
