namespace AttentionGen.Core;

/// <summary>
/// The spelling of every attribute argument, as a constructor parameter or a named property. Problems point at
/// arguments by these names, and the analyzer finds them in source by the same names.
/// </summary>
internal static class ArgumentNames
{
    // [Model] properties
    public const string Vocab = "Vocab";
    public const string MaxSeq = "MaxSeq";
    public const string Features = "Features";
    public const string TargetVocab = "TargetVocab";
    public const string TargetMaxSeq = "TargetMaxSeq";
    public const string Classes = "Classes";

    // Constructor parameters
    public const string WidthParameter = "width";
    public const string HeadsParameter = "heads";
    public const string LayersParameter = "layers";
    public const string UnitsParameter = "units";
    public const string ProbabilityParameter = "p";

    // Named properties of layers
    public const string Heads = "Heads";
    public const string FeedForward = "FeedForward";
    public const string Activation = "Activation";
    public const string Dropout = "Dropout";
    public const string NormFirst = "NormFirst";
    public const string Causal = "Causal";
    public const string LayerNormEps = "LayerNormEps";
    public const string Eps = "Eps";
    public const string Width = "Width";
    public const string MaxLength = "MaxLength";
    public const string Bias = "Bias";
    public const string Tied = "Tied";
    public const string Name = "Name";
}
