using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Numerics;
using System.Runtime.InteropServices;
using System.Threading;
using AttentionGen.Runtime;

namespace AttentionGen.Training;

/// <summary>
/// Trains one model with one objective and one optimizer, in mini-batches:
/// <code>
/// var trainer = model.Trainer(new TokenClassification(), new AdamW(lr: 3e-4f));
/// var history = trainer.Fit(trainSet, epochs: 5, validation: devSet);
/// </code>
/// Each step: zero the gradients, run the forward pass in training mode, take the loss and its gradient, run the
/// backward pass, clip the gradients (optional), set the learning rate from the schedule (optional) and update the
/// parameters. Batches come from a seeded shuffle, so the same seeds give bit-identical training on one machine, and
/// after the first step a step allocates nothing.
/// </summary>
/// <typeparam name="TExample">The objective's example type, e.g. <c>(int[] Tokens, int Label)</c>.</typeparam>
/// <remarks>
/// <para>
/// The run's position (steps, epoch, batch within the epoch, the shuffle and dropout generators, the optimizer
/// state) lives in the trainer: <see cref="Fit"/> continues where the last call, or a loaded checkpoint, stopped.
/// <see cref="SaveCheckpoint"/> and <see cref="LoadCheckpoint"/> write and read all of it (see
/// <see cref="TrainingCheckpoint"/>), and a resumed run continues bit for bit as if it had never stopped.
/// </para>
/// <para>
/// A diverging run fails fast: a non-finite loss, gradient or updated parameter throws
/// <see cref="ArithmeticException"/> naming the step and the value, and the parameters, optimizer state and dropout
/// generator are left as they were before that step (the update is undone when it produced the non-finite value).
/// </para>
/// </remarks>
public sealed partial class Trainer<TExample>
{
    private const int DefaultBatchSize = 32;

    private readonly ObjectiveBinding<TExample> _binding;
    private readonly Rng _shuffleRng;
    private readonly ulong[] _epochStartShuffle = new ulong[Rng.StateLength];
    private readonly Rng? _dropoutRng;
    private readonly ulong[] _dropoutBackup = new ulong[Rng.StateLength];
    private readonly float[] _parameterBackup;
    private float[][]? _stateBackup;
    private readonly int[] _sequentialIndices;
    private int[] _order = [];

    // The run's position: everything a checkpoint stores besides tensors.
    private long _step;
    private int _epoch;
    private int _batchInEpoch;
    private int _epochExamples = -1; // training examples of the current epoch's order; −1 before the first
    private int _shuffledEpoch = -1; // the epoch whose start state _epochStartShuffle holds
    private double _epochLossSum;
    private long _epochCount;
    private double _epochMetricSum;
    private double _bestLoss = double.PositiveInfinity;
    private int _bestEpoch = -1;
    private int _epochsWithoutImprovement;

    /// <summary>Creates a trainer; <see cref="TrainingExtensions.Trainer{TExample}"/> is the short way to call this.</summary>
    /// <param name="model">The model to train, e.g. a generated classifier.</param>
    /// <param name="objective">How a batch becomes a loss: <see cref="TokenClassification"/>, <see cref="NextTokenPrediction"/>, <see cref="SequenceToSequence"/> or <see cref="SequenceRegression"/>.</param>
    /// <param name="optimizer">Updates the parameters; new, or already sized for this model's parameters.</param>
    /// <param name="options">Batch size, shuffling, schedule, clipping, early stopping, checkpoints, progress; null for the defaults.</param>
    /// <exception cref="ArgumentException">
    /// The model was created for inference only, does not fit the objective, the batch size is outside [1, model.MaxBatch], an option is out of
    /// range, or the optimizer is sized for another parameter count; the message names the values.
    /// </exception>
    public Trainer(IModel model, Objective<TExample> objective, Optimizer optimizer, TrainerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(objective);
        ArgumentNullException.ThrowIfNull(optimizer);
        options ??= new TrainerOptions();
        if (model.IsInferenceOnly)
        {
            throw new ArgumentException(
                $"{model.GetType().Name} was created for inference (inferenceOnly: true): it has no gradients to train with. Create it with inferenceOnly: false to train it.",
                nameof(model));
        }

        int parameterCount = model.Parameters.Length;
        if (parameterCount == 0)
        {
            throw new ArgumentException($"{model.GetType().Name} has no parameters; there is nothing to train.", nameof(model));
        }

        int batchSize = options.BatchSize ?? Math.Min(DefaultBatchSize, model.MaxBatch);
        if (batchSize < 1 || batchSize > model.MaxBatch)
        {
            throw new ArgumentException(
                $"BatchSize is {batchSize}; it must be in [1, {model.MaxBatch}], the largest batch {model.GetType().Name} was created for " +
                $"(create the model with maxBatch: {Math.Max(batchSize, 1)} for larger batches).",
                nameof(options));
        }

        if (options.MaxGradientNorm is float maxNorm && !(maxNorm > 0 && float.IsFinite(maxNorm)))
        {
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"MaxGradientNorm is {maxNorm}; it must be finite and greater than 0 (or null for no clipping)."),
                nameof(options));
        }

        if (options.EarlyStoppingPatience is int patience && patience < 1)
        {
            throw new ArgumentException($"EarlyStoppingPatience is {patience}; it must be 1 or more (or null for no early stopping).", nameof(options));
        }

        if (options.CheckpointPath is { Length: 0 })
        {
            throw new ArgumentException("CheckpointPath is empty; give a file path or null for no checkpoints.", nameof(options));
        }

        if (options.CheckpointEverySteps is int every && (every < 1 || options.CheckpointPath is null))
        {
            throw new ArgumentException(
                every < 1
                    ? $"CheckpointEverySteps is {every}; it must be 1 or more (or null to checkpoint at epoch ends only)."
                    : $"CheckpointEverySteps is {every} but CheckpointPath is not set; say where the checkpoints go.",
                nameof(options));
        }

        if (optimizer.ParameterCount != 0 && optimizer.ParameterCount != parameterCount)
        {
            throw new ArgumentException(
                $"The optimizer's state is sized for {optimizer.ParameterCount} parameters but {model.GetType().Name} has {parameterCount}; use a new optimizer.",
                nameof(optimizer));
        }

        Model = model;
        Objective = objective;
        Optimizer = optimizer;
        Options = options;
        BatchSize = batchSize;
        _binding = objective.Bind(model, batchSize);
        _shuffleRng = new Rng(options.ShuffleSeed);
        _dropoutRng = ModelFacts.DropoutRng(model);
        _parameterBackup = new float[parameterCount];
        _sequentialIndices = new int[batchSize];
    }

    /// <summary>The model being trained.</summary>
    public IModel Model { get; }

    /// <summary>The objective: how a batch becomes a loss.</summary>
    public Objective<TExample> Objective { get; }

    /// <summary>The optimizer that updates the parameters.</summary>
    public Optimizer Optimizer { get; }

    /// <summary>The options the trainer was created with.</summary>
    public TrainerOptions Options { get; }

    /// <summary>Examples per step (the last batch of an epoch may be smaller).</summary>
    public int BatchSize { get; }

    /// <summary>Steps taken by the run so far.</summary>
    public long Step => _step;

    /// <summary>Epochs finished so far, which is also the 0-based index of the epoch in progress.</summary>
    public int Epoch => _epoch;

    /// <summary>Batches of the current epoch already trained on.</summary>
    public int BatchInEpoch => _batchInEpoch;

    /// <summary>
    /// Trains until <paramref name="epochs"/> epochs are finished in total: a new trainer runs that many; a trainer
    /// that has already trained (an earlier call, or a loaded checkpoint) continues where it stopped, in the middle
    /// of an epoch if need be, and stops at the same total. After each epoch the model is evaluated on
    /// <paramref name="validation"/>, early stopping is applied and a checkpoint is written, as the options say.
    /// </summary>
    /// <param name="train">The training examples; every one is checked against the model before the first step.</param>
    /// <param name="epochs">The total number of epochs of the run; 1 or more.</param>
    /// <param name="validation">Examples to evaluate after each epoch, or null.</param>
    /// <param name="cancellationToken">Checked before each step; cancelling throws <see cref="OperationCanceledException"/> between two steps, leaving a consistent state that <see cref="SaveCheckpoint"/> can save and a later <see cref="Fit"/> continues.</param>
    /// <returns>The epochs this call finished, the best epoch so far, and whether it stopped early.</returns>
    /// <exception cref="ArgumentException">
    /// A data set is empty, an example does not fit the model (the message names the data set, the example's index,
    /// the value and the limit), early stopping has no validation data, or a run stopped mid-epoch is continued with a
    /// training set of another size.
    /// </exception>
    /// <exception cref="ArithmeticException">The run diverged: the message names the step and the non-finite value; the model is left as it was before that step.</exception>
    public TrainingHistory Fit(IReadOnlyList<TExample> train, int epochs, IReadOnlyList<TExample>? validation = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(train);
        if (train.Count == 0)
        {
            throw new ArgumentException("train is empty; training needs at least one example.", nameof(train));
        }

        if (epochs < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(epochs), epochs, $"epochs is {epochs}; it must be 1 or more.");
        }

        if (validation is { Count: 0 })
        {
            throw new ArgumentException("validation is empty; pass null to train without validation.", nameof(validation));
        }

        if (Options.EarlyStoppingPatience is int patience && validation is null)
        {
            throw new ArgumentException($"EarlyStoppingPatience is {patience} but no validation data was given; early stopping watches the validation loss.", nameof(validation));
        }

        if (_batchInEpoch > 0 && train.Count != _epochExamples)
        {
            throw new ArgumentException(
                $"The run stopped in epoch {_epoch} after {_batchInEpoch} batches of an order over {_epochExamples} examples; " +
                $"continue it with the same training set (this one has {train.Count}).",
                nameof(train));
        }

        _binding.Validate(train, nameof(train));
        if (validation is not null)
        {
            _binding.Validate(validation, nameof(validation));
        }

        int n = train.Count;
        int batches = (n + BatchSize - 1) / BatchSize;
        if (_order.Length != n)
        {
            _order = new int[n];
        }

        var summaries = new List<EpochSummary>();
        bool stoppedEarly = false;
        long started = Stopwatch.GetTimestamp();
        long examplesSeen = 0;
        while (_epoch < epochs && !stoppedEarly)
        {
            DrawOrder(n);
            for (int b = _batchInEpoch; b < batches; b++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                int start = b * BatchSize;
                int count = Math.Min(BatchSize, n - start);
                var (result, norm) = TrainStep(train, _order.AsSpan(start, count), b, batches);
                _step++;
                _batchInEpoch = b + 1;
                _epochLossSum += (double)result.Loss * result.Count;
                _epochCount += result.Count;
                _epochMetricSum += result.MetricSum;
                examplesSeen += count;
                if (Options.Progress is { } progress)
                {
                    double seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
                    progress.Report(new TrainingProgress(
                        _step, _epoch, b + 1, batches, result.Loss, Optimizer.LearningRate, norm, seconds > 0 ? examplesSeen / seconds : 0));
                }

                if (Options.CheckpointEverySteps is int every && _step % every == 0)
                {
                    SaveCheckpoint(Options.CheckpointPath!);
                }
            }

            summaries.Add(FinishEpoch(validation, epochs, out stoppedEarly));
            if (Options.CheckpointPath is { } path)
            {
                SaveCheckpoint(path);
            }
        }

        return new TrainingHistory(summaries, _step, _bestEpoch, _bestLoss, stoppedEarly);
    }

    /// <summary>
    /// The model's loss and metric over <paramref name="data"/>, in inference mode (no dropout) and in order. Changes
    /// no parameter and no generator, so evaluating between steps does not disturb a run.
    /// </summary>
    /// <param name="data">The examples; every one is checked against the model first.</param>
    /// <exception cref="ArgumentException"><paramref name="data"/> is empty or an example does not fit the model.</exception>
    public Evaluation Evaluate(IReadOnlyList<TExample> data)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (data.Count == 0)
        {
            throw new ArgumentException("data is empty; evaluation needs at least one example.", nameof(data));
        }

        _binding.Validate(data, nameof(data));
        return EvaluateChecked(data);
    }

    private Evaluation EvaluateChecked(IReadOnlyList<TExample> data)
    {
        double lossSum = 0, metricSum = 0;
        long counted = 0;
        for (int start = 0; start < data.Count; start += BatchSize)
        {
            int count = Math.Min(BatchSize, data.Count - start);
            for (int i = 0; i < count; i++)
            {
                _sequentialIndices[i] = start + i;
            }

            var result = _binding.Run(data, _sequentialIndices.AsSpan(0, count), training: false);
            lossSum += (double)result.Loss * result.Count;
            metricSum += result.MetricSum;
            counted += result.Count;
        }

        return new Evaluation(lossSum / counted, metricSum / counted, Objective.MetricName, data.Count);
    }

    /// <summary>
    /// The epoch's order of examples: identity, then a Fisher-Yates shuffle. The shuffle generator's state at the
    /// start of the epoch is kept, so the order of an epoch can be drawn again (after a checkpoint, or by a later
    /// <see cref="Fit"/>) and leaves the generator exactly where the first draw did.
    /// </summary>
    private void DrawOrder(int n)
    {
        if (_shuffledEpoch == _epoch)
        {
            _shuffleRng.RestoreState(_epochStartShuffle);
        }
        else
        {
            _shuffleRng.SaveState(_epochStartShuffle);
            _shuffledEpoch = _epoch;
        }

        for (int i = 0; i < n; i++)
        {
            _order[i] = i;
        }

        if (Options.Shuffle)
        {
            for (int i = n - 1; i > 0; i--)
            {
                int j = Below(_shuffleRng, (uint)(i + 1));
                (_order[i], _order[j]) = (_order[j], _order[i]);
            }
        }

        _epochExamples = n;
    }

    /// <summary>Uniform in [0, bound) without bias: Lemire's multiply-and-reject on 32-bit draws.</summary>
    private static int Below(Rng rng, uint bound)
    {
        uint threshold = (0u - bound) % bound;
        while (true)
        {
            ulong product = (ulong)(uint)(rng.NextUInt64() >> 32) * bound;
            if ((uint)product >= threshold)
            {
                return (int)(product >> 32);
            }
        }
    }

    /// <summary>One step; on failure everything it changed is put back before the exception leaves.</summary>
    private (BatchResult Result, double Norm) TrainStep(IReadOnlyList<TExample> train, ReadOnlySpan<int> indices, int batch, int batches)
    {
        _dropoutRng?.SaveState(_dropoutBackup);
        Model.ZeroGradients();
        BatchResult result;
        try
        {
            result = _binding.Run(train, indices, training: true);
        }
        catch (ArithmeticException e)
        {
            RestoreDropout();
            throw Diverged(batch, batches, "the loss is not finite: " + e.Message, e);
        }

        Model.Backward(_binding.OutputGradient);
        Span<float> gradients = Model.Gradients;
        double norm = Math.Sqrt(GradientClipping.SumOfSquares(gradients));
        if (!double.IsFinite(norm))
        {
            RestoreDropout();
            int at = NonFinite.IndexOf(gradients);
            throw Diverged(batch, batches, $"the gradient of {Describe(at)} is {Text(gradients[at])}", null);
        }

        if (Options.MaxGradientNorm is float maxNorm)
        {
            GradientClipping.ClipGlobalNorm(gradients, maxNorm);
        }

        float previousRate = Optimizer.LearningRate;
        if (Options.LearningRate is { } schedule)
        {
            Optimizer.LearningRate = schedule.At(Optimizer.StepCount);
        }

        Span<float> parameters = Model.Parameters;
        int savedStates = Backup(parameters);
        Optimizer.Step(parameters, gradients);
        string? problem = CheckUpdate(parameters);
        if (problem is not null)
        {
            float rate = Optimizer.LearningRate;
            Rollback(parameters, savedStates, previousRate);
            throw Diverged(batch, batches, problem + string.Create(CultureInfo.InvariantCulture, $" after an update with learning rate {rate}"), null);
        }

        return (result, norm);
    }

    /// <summary>Copies the parameters and the optimizer state aside; returns how many state arrays were copied.</summary>
    private int Backup(ReadOnlySpan<float> parameters)
    {
        parameters.CopyTo(_parameterBackup);
        var state = Optimizer.State;
        if (state.Count == 0)
        {
            return 0;
        }

        if (_stateBackup is null || _stateBackup.Length != state.Count || _stateBackup[0].Length != state[0].Values.Length)
        {
            _stateBackup = new float[state.Count][];
            for (int i = 0; i < state.Count; i++)
            {
                _stateBackup[i] = new float[state[i].Values.Length];
            }
        }

        for (int i = 0; i < state.Count; i++)
        {
            state[i].Values.CopyTo(_stateBackup[i], 0);
        }

        return state.Count;
    }

    /// <summary>What is not finite after an update, or null.</summary>
    private string? CheckUpdate(ReadOnlySpan<float> parameters)
    {
        int at = NonFinite.IndexOf(parameters);
        if (at >= 0)
        {
            return $"{Describe(at)} became {Text(parameters[at])}";
        }

        var state = Optimizer.State;
        for (int i = 0; i < state.Count; i++)
        {
            at = NonFinite.IndexOf(state[i].Values);
            if (at >= 0)
            {
                return $"the optimizer's {state[i].Name} of {Describe(at)} became {Text(state[i].Values[at])}";
            }
        }

        return null;
    }

    private void Rollback(Span<float> parameters, int savedStates, float previousRate)
    {
        _parameterBackup.CopyTo(parameters);
        var restored = new Dictionary<string, float[]>(StringComparer.Ordinal);
        var state = Optimizer.State;
        for (int i = 0; i < savedStates; i++)
        {
            restored[state[i].Name] = _stateBackup![i];
        }

        Optimizer.RestoreState(Optimizer.StepCount - 1, restored);
        Optimizer.LearningRate = previousRate;
        RestoreDropout();
    }

    private void RestoreDropout() => _dropoutRng?.RestoreState(_dropoutBackup);

    private ArithmeticException Diverged(int batch, int batches, string detail, Exception? inner) =>
        new(
            $"Training diverged at step {_step + 1} (epoch {_epoch}, batch {batch + 1} of {batches}): {detail.TrimEnd('.')}. " +
            "The parameters, the optimizer state and the dropout generator are as they were before this step; " +
            "lower the learning rate or clip the gradients (TrainerOptions.MaxGradientNorm).",
            inner);

    private EpochSummary FinishEpoch(IReadOnlyList<TExample>? validation, int epochs, out bool stopEarly)
    {
        double trainLoss = _epochCount > 0 ? _epochLossSum / _epochCount : double.NaN;
        double trainMetric = _epochCount > 0 ? _epochMetricSum / _epochCount : double.NaN;
        Evaluation? evaluation = validation is null ? null : EvaluateChecked(validation);
        double watched = evaluation?.Loss ?? trainLoss;
        if (watched < _bestLoss)
        {
            _bestLoss = watched;
            _bestEpoch = _epoch;
            _epochsWithoutImprovement = 0;
        }
        else
        {
            _epochsWithoutImprovement++;
        }

        stopEarly = evaluation is not null && Options.EarlyStoppingPatience is int patience
            && _epochsWithoutImprovement >= patience && _epoch + 1 < epochs;
        var summary = new EpochSummary(_epoch, trainLoss, trainMetric, evaluation, _step);
        _epoch++;
        _batchInEpoch = 0;
        _epochLossSum = 0;
        _epochCount = 0;
        _epochMetricSum = 0;
        return summary;
    }

    /// <summary>A parameter index as "name[i]" (with the PyTorch name).</summary>
    private string Describe(int index)
    {
        foreach (var info in Model.ParameterInfos)
        {
            if (index >= info.Offset && index < info.Offset + info.Length)
            {
                return $"parameter {info.Name}[{index - info.Offset}]";
            }
        }

        return $"parameter {index}";
    }

    private static string Text(float value) => value.ToString(CultureInfo.InvariantCulture);
}

/// <summary>The short way to create a <see cref="Trainer{TExample}"/>.</summary>
public static class TrainingExtensions
{
    /// <summary>
    /// A trainer for <paramref name="model"/>: <c>model.Trainer(new TokenClassification(), new AdamW(lr: 3e-4f))</c>.
    /// </summary>
    /// <param name="model">The model to train.</param>
    /// <param name="objective">How a batch becomes a loss.</param>
    /// <param name="optimizer">Updates the parameters.</param>
    /// <param name="options">Batch size, shuffling, schedule, clipping, early stopping, checkpoints, progress; null for the defaults.</param>
    /// <exception cref="ArgumentException">As the <see cref="Trainer{TExample}"/> constructor.</exception>
    public static Trainer<TExample> Trainer<TExample>(this IModel model, Objective<TExample> objective, Optimizer optimizer, TrainerOptions? options = null) =>
        new(model, objective, optimizer, options);
}

/// <summary>Finding NaN and infinity in large buffers.</summary>
internal static class NonFinite
{
    /// <summary>The first NaN or infinity, or −1; x − x is 0 exactly when x is finite, which vectorizes.</summary>
    public static int IndexOf(ReadOnlySpan<float> values)
    {
        ref float r = ref MemoryMarshal.GetReference(values);
        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            for (; i <= values.Length - Vector<float>.Count; i += Vector<float>.Count)
            {
                Vector<float> v = Vector.LoadUnsafe(ref r, (nuint)i);
                if (!Vector.EqualsAll(v - v, Vector<float>.Zero))
                {
                    break;
                }
            }
        }

        for (; i < values.Length; i++)
        {
            if (!float.IsFinite(values[i]))
            {
                return i;
            }
        }

        return -1;
    }
}
