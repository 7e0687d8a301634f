using System.Collections.Generic;
using AttentionGen.Models.Tests.Reference;
using AttentionGen.Runtime;

namespace AttentionGen.Models.Tests.Gradients;

/// <summary>
/// One model on fixed random inputs, for gradient checks: how to run its generated forward pass on those inputs and
/// how to compute the same output with the double-precision reference.
/// </summary>
internal sealed class GradientCase
{
    /// <summary>The model's class name.</summary>
    public required string Name { get; init; }

    /// <summary>The generated model.</summary>
    public required IModel Model { get; init; }

    /// <summary>Runs the generated Forward on the case's inputs (in training mode when asked) and returns a copy of the output.</summary>
    public required Func<bool, float[]> Run { get; init; }

    /// <summary>The same forward pass by the reference, at inference, reading the weights from the given net.</summary>
    public required Func<ReferenceNet, double[]> Reference { get; init; }

    /// <summary>
    /// For each embedding table (by state-dict name), the token ids the inputs look up in it, so a check can pick
    /// rows that are looked up and rows that are not.
    /// </summary>
    public IReadOnlyDictionary<string, int[]> TableTokens { get; init; } = new Dictionary<string, int[]>();

    /// <summary>The generated model's DropoutRng, from which every training Forward draws its step's seed.</summary>
    public Rng DropoutRng => (Rng)(Model.GetType().GetProperty("DropoutRng")?.GetValue(Model)
        ?? throw new InvalidOperationException($"{Name} has no DropoutRng."));

    /// <summary>A copy of <see cref="DropoutRng"/>'s state.</summary>
    public ulong[] SaveDropoutState()
    {
        var state = new ulong[Rng.StateLength];
        DropoutRng.SaveState(state);
        return state;
    }

    /// <inheritdoc/>
    public override string ToString() => Name;
}
