using System.Collections.Generic;
using AttentionGen.Core;

namespace AttentionGen.Generator;

/// <summary>
/// The identifiers of the members the generator adds to one model class, chosen once, in declaration order, so that
/// no two collide and none is the class's own name. State-dict names become PascalCase identifiers, and different
/// names can read alike ("a_b" and "aB", "dense_0" and "dense0"): the later one gets a number.
/// </summary>
internal sealed class MemberNames
{
    private readonly HashSet<string> _taken = new(System.StringComparer.Ordinal);
    private readonly Dictionary<string, string> _accessors = new(System.StringComparer.Ordinal);
    private readonly Dictionary<string, string> _blockMethods = new(System.StringComparer.Ordinal);
    private readonly Dictionary<string, string> _offsetClasses = new(System.StringComparer.Ordinal);

    public MemberNames(string className, IEnumerable<string> blockPrefixes, IEnumerable<string> accessorParameters)
    {
        _taken.Add(className);
        foreach (var name in GeneratedMembers.Fixed) _taken.Add(name);
        P = Unique("P");
        Buffer = Unique("Buffer");
        InitializeParameters = Unique("InitializeParameters");
        SelfAttention = Unique("SelfAttention");
        CrossAttention = Unique("CrossAttention");
        FeedForward = Unique("FeedForward");
        foreach (var prefix in blockPrefixes)
        {
            _offsetClasses[prefix] = Unique(Names.Pascal(prefix) + "Offsets");
            _blockMethods[prefix] = Unique(Names.Pascal(prefix) + "Block");
        }
        foreach (var parameter in accessorParameters) _accessors[parameter] = Unique(Names.Pascal(parameter));
    }

    /// <summary>Parameter slice helper: <c>P(start, length)</c>.</summary>
    public string P { get; }

    /// <summary>Activation slice helper: <c>Buffer(start, length)</c>.</summary>
    public string Buffer { get; }

    public string InitializeParameters { get; }

    public string SelfAttention { get; }

    public string CrossAttention { get; }

    public string FeedForward { get; }

    /// <summary>The property that slices one parameter, by its state-dict name ("embed.weight" → EmbedWeight).</summary>
    public string Accessor(string parameterName) => _accessors[parameterName];

    /// <summary>The method that runs one block of a stack ("encoder" → EncoderBlock).</summary>
    public string BlockMethod(string prefix) => _blockMethods[prefix];

    /// <summary>The nested class of a stack's parameter offsets ("encoder" → EncoderOffsets).</summary>
    public string OffsetsClass(string prefix) => _offsetClasses[prefix];

    private string Unique(string preferred)
    {
        string name = preferred;
        for (int n = 2; !_taken.Add(name); n++) name = preferred + Format.Value(n);
        return name;
    }
}
