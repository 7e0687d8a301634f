using System.Linq;

namespace AttentionGen.Core;

/// <summary>
/// A model declaration as plain values: what the attributes say, in source order, with nothing from the
/// compilation (no symbols, syntax or locations), so the incremental pipeline can cache it by value.
/// </summary>
/// <param name="Namespace">The class's namespace, empty for the global namespace.</param>
/// <param name="ClassName">The class's simple name.</param>
/// <param name="MetadataName">Full metadata name (namespace, containing types with '+'), used for the hint name.</param>
/// <param name="ContainingTypes">Containing types, outermost first, as C# declarations ("partial class Outer").</param>
/// <param name="Constants">The [Model] constants.</param>
/// <param name="Layers">The layer attributes, top to bottom and left to right.</param>
internal sealed record ModelSpec(
    string Namespace,
    string ClassName,
    string MetadataName,
    EquatableArray<string> ContainingTypes,
    ModelConstants Constants,
    EquatableArray<LayerSpec> Layers);

/// <summary>The named properties of [Model]; 0 means "not set".</summary>
internal sealed record ModelConstants(int Vocab, int MaxSeq, int Features, int TargetVocab, int TargetMaxSeq, int Classes)
{
    /// <summary>Index of the [Model] attribute among the class's attributes.</summary>
    public int AttributeIndex { get; init; }

    /// <summary>The properties written in source.</summary>
    public EquatableArray<string> GivenArguments { get; init; } = EquatableArray<string>.Empty;

    public bool Gave(string argument) => GivenArguments.Contains(argument);
}

/// <summary>
/// One layer attribute. Fields that a kind does not use keep their defaults. <see cref="AttributeIndex"/>
/// says which attribute of the class it came from, so a problem can be put on its exact argument.
/// </summary>
internal sealed record LayerSpec(LayerKind Kind, int AttributeIndex)
{
    /// <summary>The constructor's size argument: a width, a head count, a layer count or a unit count.</summary>
    public int Size { get; init; }

    public int Heads { get; init; }

    public int FeedForward { get; init; } = AttributeDefaults.FeedForward;

    public ActivationKind Activation { get; init; }

    public double Dropout { get; init; }

    public bool NormFirst { get; init; }

    public bool Causal { get; init; }

    public double Eps { get; init; } = AttributeDefaults.LayerNormEps;

    /// <summary>An explicit expected input width (0 = not given).</summary>
    public int Width { get; init; }

    /// <summary>Rows of a positional table (0 = the sequence's maximum).</summary>
    public int MaxLength { get; init; }

    public bool Bias { get; init; } = true;

    public bool Tied { get; init; }

    /// <summary>User-chosen state-dict prefix, or null for the default.</summary>
    public string? Name { get; init; }

    /// <summary>The named arguments written in source, so defaults can be told from explicit values.</summary>
    public EquatableArray<string> GivenArguments { get; init; } = EquatableArray<string>.Empty;

    public bool Gave(string argument) => GivenArguments.Contains(argument);
}
