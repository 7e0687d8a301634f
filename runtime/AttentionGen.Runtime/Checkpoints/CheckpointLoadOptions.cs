namespace AttentionGen.Checkpoints;

/// <summary>How <see cref="Checkpoint.LoadWeights(AttentionGen.Runtime.IModel, string, CheckpointLoadOptions?)"/> reads a checkpoint.</summary>
public sealed class CheckpointLoadOptions
{
    /// <summary>The default: the file's names are the model's state-dict names, and every value must be finite.</summary>
    public static CheckpointLoadOptions Default { get; } = new();

    /// <summary>Translates the file's tensor names to the model's; null when they are the same.</summary>
    public TensorNameMap? NameMap { get; init; }

    /// <summary>
    /// Whether NaN and infinite weights are loaded. False by default: such a weight makes every output it reaches
    /// NaN, and is almost always a sign of a diverged run or a damaged file, so it is refused with the tensor's
    /// name and the element's index. Set it to load such a file on purpose, e.g. to inspect it.
    /// </summary>
    public bool AllowNonFiniteValues { get; init; }
}
