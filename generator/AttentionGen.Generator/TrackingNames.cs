namespace AttentionGen.Generator;

/// <summary>Names of the pipeline's steps, so tests can check each one is cached.</summary>
public static class TrackingNames
{
    /// <summary>A [Model] class read into plain values.</summary>
    public const string Declarations = nameof(Declarations);

    /// <summary>Shape inference over the declaration.</summary>
    public const string Shapes = nameof(Shapes);

    /// <summary>Models to emit: those without errors, and those a step failed on (carried on to their AG0999).</summary>
    public const string ValidModels = nameof(ValidModels);

    /// <summary>The generated source text.</summary>
    public const string Sources = nameof(Sources);

    /// <summary>The version of TorchSharp the compilation references, or null.</summary>
    public const string TorchSharpReference = nameof(TorchSharpReference);

    /// <summary>The TorchSharp module's source text, or null without TorchSharp.</summary>
    public const string TorchSources = nameof(TorchSources);
}
