using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using AttentionGen.Checkpoints;
using AttentionGen.Runtime;

namespace AttentionGen.Training;

public sealed partial class Trainer<TExample>
{
    private const string StepKey = "trainer.step";
    private const string EpochKey = "trainer.epoch";
    private const string BatchInEpochKey = "trainer.batch_in_epoch";
    private const string BatchSizeKey = "trainer.batch_size";
    private const string EpochExamplesKey = "trainer.epoch_examples";
    private const string ShuffleKey = "trainer.shuffle";
    private const string ShuffleRngKey = "trainer.shuffle_rng";
    private const string EpochLossSumKey = "trainer.epoch_loss_sum";
    private const string EpochCountKey = "trainer.epoch_count";
    private const string EpochMetricSumKey = "trainer.epoch_metric_sum";
    private const string BestLossKey = "trainer.best_loss";
    private const string BestEpochKey = "trainer.best_epoch";
    private const string EpochsWithoutImprovementKey = "trainer.epochs_without_improvement";
    private const string ObjectiveKey = "trainer.objective";
    private const string ModelKey = "model.type";
    private const string DropoutRngKey = "model.dropout_rng";
    private const string OptimizerKindKey = "optimizer.kind";
    private const string OptimizerStepKey = "optimizer.step";
    private const string LearningRateKey = "optimizer.lr";

    /// <summary>
    /// Writes a resumable checkpoint of the run (weights, optimizer state, position, generators; see
    /// <see cref="TrainingCheckpoint"/>) to <paramref name="path"/>, atomically: a crash mid-write leaves the previous
    /// file intact. Call it between steps, e.g. after <see cref="Fit"/> returns or is cancelled.
    /// </summary>
    /// <param name="path">The file to create or replace.</param>
    public void SaveCheckpoint(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        float[] parameters = Model.Parameters.ToArray();
        var tensors = new List<SafetensorsTensor>();
        foreach (var info in Model.ParameterInfos)
        {
            var shape = new long[info.Shape.Count];
            for (int d = 0; d < shape.Length; d++)
            {
                shape[d] = info.Shape[d];
            }

            tensors.Add(new SafetensorsTensor(info.Name, shape, parameters.AsMemory(info.Offset, info.Length)));
        }

        foreach (var state in Optimizer.State)
        {
            tensors.Add(new SafetensorsTensor(TrainingCheckpoint.OptimizerPrefix + state.Name, [state.Values.Length], (float[])state.Values.Clone()));
        }

        Span<ulong> shuffle = stackalloc ulong[Rng.StateLength];
        if (_shuffledEpoch == _epoch)
        {
            _epochStartShuffle.CopyTo(shuffle);
        }
        else
        {
            _shuffleRng.SaveState(shuffle);
        }

        var metadata = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [Checkpoint.FormatKey] = Checkpoint.PyTorchFormat,
            [TrainingCheckpoint.KindKey] = TrainingCheckpoint.TrainingKind,
            [TrainingCheckpoint.VersionKey] = TrainingCheckpoint.Version,
            [ModelKey] = ModelType(Model),
            [ObjectiveKey] = Objective.GetType().Name,
            [StepKey] = Text(_step),
            [EpochKey] = Text(_epoch),
            [BatchInEpochKey] = Text(_batchInEpoch),
            [BatchSizeKey] = Text(BatchSize),
            [EpochExamplesKey] = Text(_epochExamples),
            [ShuffleKey] = Options.Shuffle ? "true" : "false",
            [ShuffleRngKey] = TrainingCheckpoint.RngText(shuffle),
            [EpochLossSumKey] = Text(_epochLossSum),
            [EpochCountKey] = Text(_epochCount),
            [EpochMetricSumKey] = Text(_epochMetricSum),
            [BestLossKey] = Text(_bestLoss),
            [BestEpochKey] = Text(_bestEpoch),
            [EpochsWithoutImprovementKey] = Text(_epochsWithoutImprovement),
            [OptimizerKindKey] = OptimizerKind(Optimizer),
            [OptimizerStepKey] = Text(Optimizer.StepCount),
            [LearningRateKey] = Text(Optimizer.LearningRate),
        };

        foreach (var (key, value) in HyperParameters(Optimizer))
        {
            metadata[key] = value;
        }

        if (_dropoutRng is not null)
        {
            Span<ulong> dropout = stackalloc ulong[Rng.StateLength];
            _dropoutRng.SaveState(dropout);
            metadata[DropoutRngKey] = TrainingCheckpoint.RngText(dropout);
        }

        Safetensors.Write(path, tensors, metadata);
    }

    /// <summary>
    /// Resumes from a checkpoint written by <see cref="SaveCheckpoint"/>: the weights, the optimizer state and
    /// learning rate, the step, epoch and batch, the shuffle and dropout generators, the epoch's running loss and the
    /// early-stopping state. The next <see cref="Fit"/> (with the same training set) continues exactly where the saved
    /// run was, bit for bit. Everything is checked first (the model's type, which must be the saved one even when
    /// another model has the same shapes; tensor names, shapes and values; optimizer kind and hyper-parameters;
    /// batch size; shuffling; generator states; the position, each value in range and all consistent with each
    /// other) and nothing changes unless all of it fits. The file is read through one handle, so a checkpoint
    /// saved over it meanwhile cannot mix into the one being loaded.
    /// </summary>
    /// <param name="path">A training checkpoint.</param>
    /// <exception cref="InvalidDataException">The file is not a training checkpoint of this model and trainer; the message lists every problem. Nothing was changed.</exception>
    public void LoadCheckpoint(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        // One handle from the header to the last tensor: a checkpoint saved meanwhile cannot mix into this one.
        using var file = Safetensors.Open(path);
        var meta = file.Metadata;
        var problems = new List<string>();
        if (!meta.TryGetValue(TrainingCheckpoint.KindKey, out string? kind) || kind != TrainingCheckpoint.TrainingKind)
        {
            throw new InvalidDataException(
                $"'{file.Path}' is not a training checkpoint (its metadata has no \"{TrainingCheckpoint.KindKey}\": \"{TrainingCheckpoint.TrainingKind}\"); " +
                "a weights-only file loads with Checkpoint.LoadWeights, and training then starts from step 0. Nothing was changed.");
        }

        if (!meta.TryGetValue(TrainingCheckpoint.VersionKey, out string? version) || version != TrainingCheckpoint.Version)
        {
            problems.Add($"checkpoint version is {MessageText.Value(version)}; this runtime reads version {TrainingCheckpoint.Version}");
        }

        // Another model class can have the very same parameter shapes (causal or not, another activation) and
        // would load without a complaint into weights trained for something else.
        string modelType = ModelType(Model);
        string? savedModelType = Get(meta, ModelKey, problems);
        if (savedModelType is not null && savedModelType != modelType)
        {
            problems.Add($"the checkpoint was saved from a model of type {MessageText.Value(savedModelType)} but this trainer's model is {MessageText.Value(modelType)}");
        }

        TrainingCheckpoint.CheckParameters(Model, file, problems, allowOptimizerTensors: true);

        // The optimizer: the same kind and hyper-parameters, and exactly its state arrays (none before its first step).
        string expectedKind = OptimizerKind(Optimizer);
        string? savedKind = Get(meta, OptimizerKindKey, problems);
        if (savedKind is not null && savedKind != expectedKind)
        {
            problems.Add($"the checkpoint's optimizer is {MessageText.Escape(savedKind)} but this trainer's is {expectedKind}");
        }
        else if (savedKind is not null)
        {
            foreach (var (key, value) in HyperParameters(Optimizer))
            {
                string? saved = Get(meta, key, problems);
                if (saved is not null && saved != value)
                {
                    problems.Add($"{key} is {MessageText.Escape(saved)} in the checkpoint but {value} in this trainer's optimizer; create the optimizer with the saved value");
                }
            }
        }

        long optimizerStep = GetLong(meta, OptimizerStepKey, 0, problems);
        float learningRate = GetFloat(meta, LearningRateKey, problems);
        int parameterCount = Model.Parameters.Length;
        string[] stateNames = StateNames(Optimizer);
        var stateArrays = new Dictionary<string, float[]>(StringComparer.Ordinal);
        bool anyState = false;
        foreach (var name in file.Names)
        {
            if (name.StartsWith(TrainingCheckpoint.OptimizerPrefix, StringComparison.Ordinal))
            {
                anyState = true;
                string stateName = name[TrainingCheckpoint.OptimizerPrefix.Length..];
                var info = file.Info(name);
                if (Array.IndexOf(stateNames, stateName) < 0)
                {
                    problems.Add($"tensor {MessageText.Name(name)} is not state of {expectedKind} (it keeps: {(stateNames.Length == 0 ? "none" : string.Join(", ", stateNames))})");
                }
                else if (info.DType != SafetensorsDType.F32 || info.Shape.Count != 1 || info.Shape[0] != parameterCount)
                {
                    problems.Add($"optimizer state {MessageText.Name(name)}: expected F32 [{parameterCount}], found {info.DType.HeaderName()} {info.ShapeText}");
                }
            }
        }

        if (stateNames.Length > 0 && (anyState || optimizerStep > 0))
        {
            foreach (var stateName in stateNames)
            {
                if (!file.Contains(TrainingCheckpoint.OptimizerPrefix + stateName))
                {
                    problems.Add($"missing optimizer state '{TrainingCheckpoint.OptimizerPrefix}{stateName}' (F32 [{parameterCount}]) after {optimizerStep} optimizer steps");
                }
            }
        }

        // The trainer's position, each value in its range and all of them consistent with each other (see
        // CheckPosition), so a loaded trainer can always go on with Fit.
        long step = GetLong(meta, StepKey, 0, problems);
        int epoch = (int)GetLong(meta, EpochKey, 0, problems, int.MaxValue - 1);
        int batchInEpoch = (int)GetLong(meta, BatchInEpochKey, 0, problems, int.MaxValue);
        int epochExamples = (int)GetLong(meta, EpochExamplesKey, -1, problems, int.MaxValue);
        long savedBatchSize = GetLong(meta, BatchSizeKey, 1, problems, int.MaxValue);
        if (problems.Count == 0 && savedBatchSize != BatchSize)
        {
            problems.Add($"the run used batches of {savedBatchSize} but this trainer's BatchSize is {BatchSize}; resuming needs the same batches");
        }

        string? shuffle = Get(meta, ShuffleKey, problems);
        if (shuffle is not null && shuffle != (Options.Shuffle ? "true" : "false"))
        {
            problems.Add($"the run was trained with Shuffle = {MessageText.Escape(shuffle)} but this trainer has Shuffle = {(Options.Shuffle ? "true" : "false")}");
        }

        double epochLossSum = GetDouble(meta, EpochLossSumKey, problems);
        long epochCount = GetLong(meta, EpochCountKey, 0, problems);
        double epochMetricSum = GetDouble(meta, EpochMetricSumKey, problems);
        double bestLoss = GetDouble(meta, BestLossKey, problems, allowPositiveInfinity: true);
        int bestEpoch = (int)GetLong(meta, BestEpochKey, -1, problems, int.MaxValue);
        int epochsWithoutImprovement = (int)GetLong(meta, EpochsWithoutImprovementKey, 0, problems, int.MaxValue);
        if (problems.Count == 0)
        {
            CheckPosition(step, epoch, batchInEpoch, epochExamples, epochLossSum, epochCount, epochMetricSum, bestLoss, bestEpoch, epochsWithoutImprovement, problems);
        }

        ulong[]? shuffleState = TrainingCheckpoint.ParseRng(ShuffleRngKey, meta.GetValueOrDefault(ShuffleRngKey), problems);
        ulong[]? dropoutState = null;
        bool savedDropout = meta.TryGetValue(DropoutRngKey, out string? dropoutText);
        if (_dropoutRng is not null)
        {
            dropoutState = TrainingCheckpoint.ParseRng(DropoutRngKey, dropoutText, problems);
        }
        else if (savedDropout)
        {
            problems.Add($"the checkpoint holds a dropout generator ('{DropoutRngKey}') but {Model.GetType().Name} has none");
        }

        TrainingCheckpoint.ThrowIfAny(Model, file, problems);

        // Everything fits: read the tensors, then change the optimizer first (it checks its arrays before it changes),
        // and the rest, which can no longer fail.
        float[] parameters = TrainingCheckpoint.ReadParameters(Model, file);
        foreach (var stateName in stateNames)
        {
            string name = TrainingCheckpoint.OptimizerPrefix + stateName;
            if (file.Contains(name))
            {
                stateArrays[stateName] = file.ReadFloats(name);
            }
        }

        try
        {
            Optimizer.RestoreState(optimizerStep, stateArrays);
        }
        catch (ArgumentException e)
        {
            throw new InvalidDataException($"Cannot load '{file.Path}' into {Model.GetType().Name}: the optimizer state is invalid: {e.Message} Nothing was changed.", e);
        }

        Optimizer.LearningRate = learningRate;
        parameters.CopyTo(Model.Parameters);
        _shuffleRng.RestoreState(shuffleState!);
        shuffleState!.CopyTo(_epochStartShuffle, 0);
        if (dropoutState is not null)
        {
            _dropoutRng!.RestoreState(dropoutState);
        }

        _step = step;
        _epoch = epoch;
        _shuffledEpoch = epoch;
        _batchInEpoch = batchInEpoch;
        _epochExamples = epochExamples;
        _epochLossSum = epochLossSum;
        _epochCount = epochCount;
        _epochMetricSum = epochMetricSum;
        _bestLoss = bestLoss;
        _bestEpoch = bestEpoch;
        _epochsWithoutImprovement = epochsWithoutImprovement;
    }

    /// <summary>
    /// Checks that the saved position is one a run reaches, as <see cref="Fit"/> and FinishEpoch move it: a batch
    /// within the epoch needs the epoch's example count and a batch that exists; between epochs the running sums are
    /// zero; each finished epoch and batch took a step; the best epoch is a finished one, with a finite loss (or none
    /// yet, with an infinite one); and the epochs without improvement are those since the best.
    /// </summary>
    private void CheckPosition(
        long step, int epoch, int batchInEpoch, int epochExamples, double epochLossSum, long epochCount, double epochMetricSum,
        double bestLoss, int bestEpoch, int epochsWithoutImprovement, List<string> problems)
    {
        if (epochExamples == 0)
        {
            problems.Add($"metadata '{EpochExamplesKey}' is 0; an epoch has at least one example (or -1 before the first epoch)");
        }

        if (batchInEpoch > 0)
        {
            if (epochExamples < 1)
            {
                problems.Add($"metadata '{BatchInEpochKey}' is {batchInEpoch} but '{EpochExamplesKey}' is {epochExamples}; a run in the middle of an epoch knows how many examples the epoch has");
            }
            else if (batchInEpoch > (epochExamples + (long)BatchSize - 1) / BatchSize)
            {
                problems.Add($"batch {batchInEpoch} of an epoch over {epochExamples} examples does not exist with batches of {BatchSize}");
            }
        }
        else if (epochLossSum != 0 || epochCount != 0 || epochMetricSum != 0)
        {
            problems.Add(string.Create(CultureInfo.InvariantCulture,
                $"the epoch's running sums ('{EpochLossSumKey}' {epochLossSum:R}, '{EpochCountKey}' {epochCount}, '{EpochMetricSumKey}' {epochMetricSum:R}) are not 0 although no batch of the epoch has run ('{BatchInEpochKey}' is 0)"));
        }

        if (step < (long)epoch + batchInEpoch)
        {
            problems.Add($"metadata '{StepKey}' is {step}, fewer than the {epoch} finished epochs and {batchInEpoch} batches of this one, which took a step each");
        }

        if (bestEpoch >= epoch)
        {
            problems.Add($"metadata '{BestEpochKey}' is {bestEpoch} but only {epoch} epochs have finished");
        }
        else if (bestEpoch == -1 ? !double.IsPositiveInfinity(bestLoss) : !double.IsFinite(bestLoss))
        {
            problems.Add(string.Create(CultureInfo.InvariantCulture,
                $"metadata '{BestLossKey}' is {bestLoss:R} with '{BestEpochKey}' {bestEpoch}; it is infinity before any epoch improved and a finite loss after"));
        }
        else if ((long)epochsWithoutImprovement != epoch - 1L - bestEpoch)
        {
            problems.Add($"metadata '{EpochsWithoutImprovementKey}' is {epochsWithoutImprovement} but the best epoch is {bestEpoch} of the {epoch} finished, which makes {epoch - 1L - bestEpoch}");
        }
    }

    /// <summary>What <c>model.type</c> records: the model's full class name.</summary>
    private static string ModelType(IModel model) => model.GetType().FullName ?? model.GetType().Name;

    private static string OptimizerKind(Optimizer optimizer) => optimizer switch
    {
        AdamW => "AdamW",
        Sgd => "SGD",
        _ => optimizer.GetType().Name,
    };

    /// <summary>The names of the state arrays the optimizer keeps once it has stepped.</summary>
    private static string[] StateNames(Optimizer optimizer) => optimizer switch
    {
        AdamW => [AdamW.ExpAvg, AdamW.ExpAvgSq],
        Sgd { Momentum: not 0 } => [Sgd.MomentumBuffer],
        _ => [],
    };

    /// <summary>The optimizer's hyper-parameters besides the learning rate, as metadata entries.</summary>
    private static IEnumerable<KeyValuePair<string, string>> HyperParameters(Optimizer optimizer)
    {
        switch (optimizer)
        {
            case AdamW adam:
                yield return new("optimizer.beta1", Text(adam.Beta1));
                yield return new("optimizer.beta2", Text(adam.Beta2));
                yield return new("optimizer.eps", Text(adam.Eps));
                yield return new("optimizer.weight_decay", Text(adam.WeightDecay));
                break;
            case Sgd sgd:
                yield return new("optimizer.momentum", Text(sgd.Momentum));
                yield return new("optimizer.dampening", Text(sgd.Dampening));
                yield return new("optimizer.weight_decay", Text(sgd.WeightDecay));
                yield return new("optimizer.nesterov", sgd.Nesterov ? "true" : "false");
                break;
        }
    }

    private static string Text(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Text(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    private static string? Get(IReadOnlyDictionary<string, string> meta, string key, List<string> problems)
    {
        if (meta.TryGetValue(key, out string? value))
        {
            return value;
        }

        problems.Add($"metadata {MessageText.Name(key)} is missing");
        return null;
    }

    private static long GetLong(IReadOnlyDictionary<string, string> meta, string key, long minimum, List<string> problems, long maximum = long.MaxValue)
    {
        string? text = Get(meta, key, problems);
        if (text is null)
        {
            return minimum;
        }

        if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long value) && value >= minimum && value <= maximum)
        {
            return value;
        }

        problems.Add($"metadata {MessageText.Name(key)} is {MessageText.Value(text)}; expected an integer in [{minimum}, {maximum}]");
        return minimum;
    }

    /// <summary>A finite number, or also +∞ when <paramref name="allowPositiveInfinity"/> (the best loss before any epoch).</summary>
    private static double GetDouble(IReadOnlyDictionary<string, string> meta, string key, List<string> problems, bool allowPositiveInfinity = false)
    {
        string? text = Get(meta, key, problems);
        if (text is null)
        {
            return 0;
        }

        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value)
            && (double.IsFinite(value) || (allowPositiveInfinity && double.IsPositiveInfinity(value))))
        {
            return value;
        }

        problems.Add($"metadata {MessageText.Name(key)} is {MessageText.Value(text)}; expected a finite number{(allowPositiveInfinity ? " or Infinity" : "")}");
        return 0;
    }

    private static float GetFloat(IReadOnlyDictionary<string, string> meta, string key, List<string> problems)
    {
        string? text = Get(meta, key, problems);
        if (text is null)
        {
            return 0;
        }

        if (float.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out float value) && float.IsFinite(value) && value >= 0)
        {
            return value;
        }

        problems.Add($"metadata {MessageText.Name(key)} is {MessageText.Value(text)}; expected a finite learning rate, 0 or more");
        return 0;
    }
}
