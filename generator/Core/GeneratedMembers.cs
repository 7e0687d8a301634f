using System;
using System.Collections.Generic;

namespace AttentionGen.Core;

/// <summary>
/// Names the generator always gives members of a model class: the public API and the fixed private state. C# does
/// not let a member share its class's name, so a model class named like one of these cannot be generated; the
/// generator renames its other members (layer accessors, helpers) around the class name instead.
/// </summary>
internal static class GeneratedMembers
{
    public static readonly IReadOnlyCollection<string> Fixed = new HashSet<string>(StringComparer.Ordinal)
    {
        "Forward", "Predict", "Backward", "DropoutRng", "Parameters", "Gradients", "ZeroGradients", "ParameterInfos", "MaxBatch",
        "IsInferenceOnly", "CreateInferenceSession", "InferenceSession", "CreateGenerationSession", "GenerationSession", "OutputLength",
        "AttentionLayers", "AttentionWeights",
        "Vocab", "Features", "MaxSeq", "TargetVocab", "TargetMaxSeq", "Outputs", "OutputPerPosition", "ParameterCount",
        "_parameters", "_gradients", "_activations", "_activationGradients", "_attentionScratch", "_blockRows", "_workspace",
        "_tokens", "_targetTokens", "_lengths", "_targetLengths", "_hasLengths", "_hasTargetLengths",
        "_batch", "_seqLen", "_targetLen", "_training", "_dropoutSeed", "_dropoutRng", "_forwardRan",
        "s_parameterInfos", "s_sourcePositions", "s_targetPositions",
    };

    public static bool IsFixed(string name) => ((HashSet<string>)Fixed).Contains(name);
}
