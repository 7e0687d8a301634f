using System.Collections.Generic;
using System.Linq;
using AttentionGen.Core;

namespace AttentionGen.Generator;

/// <summary>
/// Where each parameter lives in the model's one parameter array: consecutive, in declaration order. Offsets
/// are constants; a block stack's layers are equally spaced, so a block's parameters are addressed as
/// start + layer × stride + offset inside the block.
/// </summary>
internal sealed class ParameterLayout
{
    private readonly Dictionary<string, int> _offsets = new();

    public ParameterLayout(IEnumerable<ParameterSpec> parameters)
    {
        int offset = 0;
        foreach (var parameter in parameters)
        {
            _offsets[parameter.Name] = offset;
            All.Add((parameter, offset));
            offset += (int)parameter.Length;
        }
        Total = offset;
    }

    public List<(ParameterSpec Parameter, int Offset)> All { get; } = new();

    public int Total { get; }

    public int OffsetOf(string name) => _offsets[name];

    /// <summary>
    /// The parameters of block 0 of a stack, with offsets relative to the block's start. Found by owner, then by name
    /// within the stack: another layer's Name may start with the same "prefix.layers.0.".
    /// </summary>
    public BlockLayout Block(ShapeNode stack)
    {
        string prefix = stack.Prefix;
        int layers = stack.Layer.Size;
        string first = prefix + ".layers.0.";
        var inBlock = All.Where(p => p.Parameter.Owner == stack.Layer.AttributeIndex && p.Parameter.Name.StartsWith(first, System.StringComparison.Ordinal)).ToList();
        int start = inBlock[0].Offset;
        int stride = inBlock.Sum(p => (int)p.Parameter.Length);
        var members = inBlock.Select(p => new BlockMember(p.Parameter.Name.Substring(first.Length), p.Parameter, p.Offset - start)).ToList();
        return new BlockLayout(prefix, layers, start, stride, members);
    }
}

/// <summary>One parameter inside a block, e.g. "self_attn.in_proj_weight" at offset 0.</summary>
internal sealed record BlockMember(string LocalName, ParameterSpec Parameter, int Offset)
{
    public string ConstantName => Names.Pascal(LocalName);
}

/// <summary>A stack of equally laid out blocks.</summary>
internal sealed record BlockLayout(string Prefix, int Layers, int Start, int Stride, List<BlockMember> Members)
{
    public BlockMember Member(string localName) => Members.First(m => m.LocalName == localName);
}
