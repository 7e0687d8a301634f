namespace AttentionGen.Core;

/// <summary>
/// The largest model the generator accepts. The array limits are the runtime's: one .NET array holds each tensor, the
/// parameters and the activations. The others bound the generated file, far above any real model, so that an absurd
/// count is refused at once instead of stalling the IDE or producing code the compiler cannot take.
/// </summary>
internal static class GenerationLimits
{
    /// <summary>Elements one .NET array can hold (<c>Array.MaxLength</c>, which netstandard2.0 does not expose).</summary>
    public const long MaxArrayLength = 0x7FFFFFC7;

    /// <summary>Largest tensor the runtime holds: one array of floats.</summary>
    public const long MaxTensorElements = MaxArrayLength;

    /// <summary>Largest whole parameter set: the generator lays all parameters out in one array.</summary>
    public const long MaxParameters = MaxArrayLength;

    /// <summary>Layer attributes on one model. Real networks declare tens; each attribute is a step of the forward pass.</summary>
    public const int MaxLayers = 1_000;

    /// <summary>Blocks in one Encoder or Decoder stack. The deepest published Transformers have a few hundred.</summary>
    public const int MaxBlocksPerStack = 1_000;

    /// <summary>Parameter tensors of one model. A 96-block GPT-3 has about 1,200; each tensor is a line of the generated table.</summary>
    public const int MaxParameterTensors = 20_000;

    /// <summary>
    /// Characters of all parameter names together. The generated table holds each name as a string literal, and one
    /// assembly holds at most 16 MB of literals (CS8103): 1,000,000 characters is 2 MB, so several maximal models still fit.
    /// </summary>
    public const int MaxNameCharacters = 1_000_000;
}
