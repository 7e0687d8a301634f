using System.Collections.Generic;

namespace AttentionGen.Training;

/// <summary>What a trainer reports after each step.</summary>
/// <param name="Step">Steps taken so far, this one included (1 after the first step of a run).</param>
/// <param name="Epoch">The 0-based epoch the step belongs to.</param>
/// <param name="Batch">The 1-based batch within the epoch.</param>
/// <param name="BatchesPerEpoch">Batches in each epoch.</param>
/// <param name="Loss">The step's mean loss (before its update).</param>
/// <param name="LearningRate">The learning rate the update used.</param>
/// <param name="GradientNorm">The global L2 norm of the gradients before clipping.</param>
/// <param name="ExamplesPerSecond">Training examples per second since <c>Fit</c> started.</param>
public readonly record struct TrainingProgress(
    long Step, int Epoch, int Batch, int BatchesPerEpoch, float Loss, float LearningRate, double GradientNorm, double ExamplesPerSecond);

/// <summary>The loss and metric of a model over a data set.</summary>
/// <param name="Loss">The mean loss over every counted item (examples, target tokens or target values), as if the data were one batch.</param>
/// <param name="Metric">The objective's metric over the same items (see <see cref="MetricName"/>).</param>
/// <param name="MetricName">What <see cref="Metric"/> is, e.g. <c>accuracy</c>.</param>
/// <param name="Examples">Examples evaluated.</param>
public sealed record Evaluation(double Loss, double Metric, string MetricName, int Examples);

/// <summary>One finished epoch.</summary>
/// <param name="Epoch">The 0-based epoch.</param>
/// <param name="TrainLoss">The mean training loss over the epoch's steps, weighted by the items each step counted.</param>
/// <param name="TrainMetric">The objective's metric over the epoch's training batches (in training mode, so with dropout).</param>
/// <param name="Validation">The evaluation on the validation data at the end of the epoch, or null without validation data.</param>
/// <param name="Steps">Steps taken so far, at the end of this epoch.</param>
public sealed record EpochSummary(int Epoch, double TrainLoss, double TrainMetric, Evaluation? Validation, long Steps);

/// <summary>What one <c>Fit</c> did.</summary>
/// <param name="Epochs">The epochs finished by this call, in order.</param>
/// <param name="Steps">Steps taken so far by the run (earlier calls and a loaded checkpoint included).</param>
/// <param name="BestEpoch">
/// The epoch with the lowest validation loss so far (the lowest training loss without validation data), over the
/// whole run; −1 before any epoch has finished.
/// </param>
/// <param name="BestLoss">That epoch's loss; positive infinity before any epoch has finished.</param>
/// <param name="StoppedEarly">Whether early stopping ended this call before its last epoch.</param>
public sealed record TrainingHistory(IReadOnlyList<EpochSummary> Epochs, long Steps, int BestEpoch, double BestLoss, bool StoppedEarly);
