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
    private readonly Dictionary<string, string> _gradientAccessors = new(System.StringComparer.Ordinal);
    private readonly Dictionary<string, string> _blockForward = new(System.StringComparer.Ordinal);
    private readonly Dictionary<string, string> _blockBackward = new(System.StringComparer.Ordinal);
    private readonly Dictionary<string, string> _offsetClasses = new(System.StringComparer.Ordinal);

    public MemberNames(string className, IEnumerable<string> blockPrefixes, IEnumerable<string> accessorParameters)
    {
        _taken.Add(className);
        foreach (var name in GeneratedMembers.Fixed) _taken.Add(name);
        P = Unique("P");
        G = Unique("G");
        Buffer = Unique("Buffer");
        Gradient = Unique("Gradient");
        DropoutSeed = Unique("DropoutSeed");
        InitializeParameters = Unique("InitializeParameters");
        CheckInput = Unique("CheckInput");
        Workspace = Unique("Workspace");
        Remember = Unique("Remember");
        Probabilities = Unique("Probabilities");
        foreach (var prefix in blockPrefixes)
        {
            _offsetClasses[prefix] = Unique(Names.Pascal(prefix) + "Offsets");
            _blockForward[prefix] = Unique(Names.Pascal(prefix) + "BlockForward");
            _blockBackward[prefix] = Unique(Names.Pascal(prefix) + "BlockBackward");
        }
        foreach (var parameter in accessorParameters)
        {
            _accessors[parameter] = Unique(Names.Pascal(parameter));
            _gradientAccessors[parameter] = Unique(Names.Pascal(parameter) + "Gradient");
        }
    }

    /// <summary>Parameter slice helper: <c>P(start, length)</c>.</summary>
    public string P { get; }

    /// <summary>Parameter-gradient slice helper: <c>G(start, length)</c>.</summary>
    public string G { get; }

    /// <summary>Activation slice helper: <c>Buffer(start, length)</c> and <c>Buffer(start, layer, rowWidth, rows)</c>.</summary>
    public string Buffer { get; }

    /// <summary>Activation-gradient slice helper, with the same arguments as <see cref="Buffer"/>.</summary>
    public string Gradient { get; }

    /// <summary>The seed of one dropout site in the current step.</summary>
    public string DropoutSeed { get; }

    public string InitializeParameters { get; }

    /// <summary>The static check of a call's inputs, shared by the model's and the sessions' entry points.</summary>
    public string CheckInput { get; }

    /// <summary>The nested type that holds one activation arena and the passes over it.</summary>
    public string Workspace { get; }

    /// <summary>The workspace method that records a training-capable forward pass's inputs for Backward.</summary>
    public string Remember { get; }

    /// <summary>The workspace method that turns logits into Predict's probabilities.</summary>
    public string Probabilities { get; }

    /// <summary>The property that slices one parameter, by its state-dict name ("embed.weight" → EmbedWeight).</summary>
    public string Accessor(string parameterName) => _accessors[parameterName];

    /// <summary>The property that slices one parameter's gradient ("embed.weight" → EmbedWeightGradient).</summary>
    public string GradientAccessor(string parameterName) => _gradientAccessors[parameterName];

    /// <summary>The method that runs one block of a stack forward ("encoder" → EncoderBlockForward).</summary>
    public string BlockForward(string prefix) => _blockForward[prefix];

    /// <summary>The method that runs one block of a stack backward ("encoder" → EncoderBlockBackward).</summary>
    public string BlockBackward(string prefix) => _blockBackward[prefix];

    /// <summary>The nested class of a stack's parameter offsets ("encoder" → EncoderOffsets).</summary>
    public string OffsetsClass(string prefix) => _offsetClasses[prefix];

    private string Unique(string preferred)
    {
        string name = preferred;
        for (int n = 2; !_taken.Add(name); n++) name = preferred + Format.Value(n);
        return name;
    }
}
