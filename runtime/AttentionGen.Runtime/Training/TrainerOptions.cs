using System;

namespace AttentionGen.Training;

/// <summary>
/// Settings of a <see cref="Trainer{TExample}"/>. Every one is optional; the defaults train with batches of up to
/// 32, shuffled with seed 0, at the optimizer's own learning rate, without clipping, early stopping or checkpoints.
/// </summary>
public sealed class TrainerOptions
{
    /// <summary>Examples per step; at most the model's <c>MaxBatch</c>. Null (the default) means 32, or MaxBatch when that is smaller.</summary>
    public int? BatchSize { get; init; }

    /// <summary>Whether each epoch visits the examples in a new random order (the default) or in their given order.</summary>
    public bool Shuffle { get; init; } = true;

    /// <summary>Seed of the generator that shuffles each epoch; the same seeds give bit-identical training on one machine.</summary>
    public ulong ShuffleSeed { get; init; }

    /// <summary>
    /// Learning rate per step: before step s (0-based, counted by the optimizer) the trainer sets
    /// <c>optimizer.LearningRate = LearningRate.At(s)</c>. Null keeps the optimizer's own rate.
    /// </summary>
    public LearningRateSchedule? LearningRate { get; init; }

    /// <summary>Clips the global L2 norm of the gradients to this value before each update (as <c>clip_grad_norm_</c>); null for no clipping.</summary>
    public float? MaxGradientNorm { get; init; }

    /// <summary>
    /// Stops when the validation loss has not improved (fallen below its best so far) for this many epochs in a
    /// row; needs validation data. Null (the default) trains every epoch.
    /// </summary>
    public int? EarlyStoppingPatience { get; init; }

    /// <summary>
    /// A resumable checkpoint (see <see cref="TrainingCheckpoint"/>) is written here at the end of every epoch, and
    /// every <see cref="CheckpointEverySteps"/> steps if that is set; each write replaces the last one atomically.
    /// </summary>
    public string? CheckpointPath { get; init; }

    /// <summary>Also checkpoint every this many steps (needs <see cref="CheckpointPath"/>); null for epoch ends only.</summary>
    public int? CheckpointEverySteps { get; init; }

    /// <summary>
    /// Receives a <see cref="TrainingProgress"/> after every step, on the training thread. An implementation that
    /// does not allocate keeps the training loop allocation-free (<see cref="Progress{T}"/> allocates per report).
    /// </summary>
    public IProgress<TrainingProgress>? Progress { get; init; }
}
