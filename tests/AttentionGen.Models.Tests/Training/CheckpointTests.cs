using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using AttentionGen.Checkpoints;
using AttentionGen.Models.Tests.Models;
using AttentionGen.Training;

namespace AttentionGen.Models.Tests.Training;

/// <summary>
/// Resumable checkpoints: a run stopped after k steps, saved, loaded into a NEW model and trainer and continued
/// ends bit for bit where the uninterrupted run ends; a checkpoint that does not fit changes nothing.
/// </summary>
public sealed class CheckpointTests : IDisposable
{
    private static readonly List<(int[] Tokens, int Label)> Train = TrainingData.Classification(37, TinyDropoutClassifier.Vocab, TinyDropoutClassifier.MaxSeq, 3, seed: 20);
    private static readonly List<(int[] Tokens, int Label)> Dev = TrainingData.Classification(12, TinyDropoutClassifier.Vocab, TinyDropoutClassifier.MaxSeq, 3, seed: 21);

    private readonly string _folder = Directory.CreateTempSubdirectory("attentiongen-training-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static Optimizer NewOptimizer(string kind) => kind switch
    {
        "adamw" => new AdamW(lr: 1e-2f, weightDecay: 0.05f),
        _ => new Sgd(lr: 5e-2f, momentum: 0.9f, nesterov: true),
    };

    private static Trainer<(int[] Tokens, int Label)> NewTrainer(ulong modelSeed, string kind, string? checkpoint = null, int? every = null, IProgress<TrainingProgress>? progress = null, int? patience = null) =>
        new TinyDropoutClassifier(modelSeed, maxBatch: 8).Trainer(
            new TokenClassification(),
            NewOptimizer(kind),
            new TrainerOptions
            {
                BatchSize = 8,
                ShuffleSeed = 5,
                LearningRate = kind == "adamw" ? LearningRateSchedule.WarmupCosine(peak: 1e-2f, warmupSteps: 2, totalSteps: 15) : null,
                MaxGradientNorm = 1f,
                EarlyStoppingPatience = patience,
                CheckpointPath = checkpoint,
                CheckpointEverySteps = every,
                Progress = progress,
            });

    [Theory]
    [InlineData("adamw", 7)]  // in the middle of the second epoch
    [InlineData("adamw", 5)]  // at the end of the first epoch, before its validation
    [InlineData("sgd", 12)]
    public void ResumingFromACheckpointIsBitIdenticalToNeverStopping(string kind, int k)
    {
        var straight = NewTrainer(1, kind, patience: 10);
        var straightHistory = straight.Fit(Train, epochs: 3, validation: Dev);

        using var cancel = new CancellationTokenSource();
        var interrupted = NewTrainer(1, kind, progress: new ProgressLog(cancel, cancelAfter: k), patience: 10);
        Assert.Throws<OperationCanceledException>(() => interrupted.Fit(Train, epochs: 3, validation: Dev, cancel.Token));
        Assert.Equal(k, interrupted.Step);
        string path = Path.Combine(_folder, "run.safetensors");
        interrupted.SaveCheckpoint(path);

        // A new model (other initial weights and dropout stream), a new optimizer, a new trainer.
        var resumed = NewTrainer(99, kind, patience: 10);
        resumed.LoadCheckpoint(path);
        Assert.Equal(k, resumed.Step);
        var resumedHistory = resumed.Fit(Train, epochs: 3, validation: Dev);

        TrainingData.AssertBitwiseEqual(TrainingData.Snapshot(straight.Model), resumed.Model.Parameters, "parameters");
        Assert.Equal(straight.Optimizer.StepCount, resumed.Optimizer.StepCount);
        foreach (var (name, values) in TrainingData.OptimizerState(straight.Optimizer))
        {
            TrainingData.AssertBitwiseEqual(values, resumed.Optimizer.State.Single(s => s.Name == name).Values, name);
        }

        Assert.Equal(
            TrainingData.RngState(((TinyDropoutClassifier)straight.Model).DropoutRng),
            TrainingData.RngState(((TinyDropoutClassifier)resumed.Model).DropoutRng));

        // The epochs the resumed run finished report what the straight run reported, the interrupted epoch's
        // training loss included (its running sums are in the checkpoint).
        var tail = straightHistory.Epochs.TakeLast(resumedHistory.Epochs.Count).ToList();
        Assert.Equal(tail.Select(e => e.TrainLoss), resumedHistory.Epochs.Select(e => e.TrainLoss));
        Assert.Equal(tail.Select(e => e.Validation!.Loss), resumedHistory.Epochs.Select(e => e.Validation!.Loss));
        Assert.Equal(straightHistory.BestEpoch, resumedHistory.BestEpoch);
    }

    [Fact]
    public void TheAutomaticCheckpointsResumeToo()
    {
        var straight = NewTrainer(1, "adamw");
        straight.Fit(Train, epochs: 3);

        // Checkpoints every 4 steps and at each epoch's end; stopped after step 10, the file holds step 10's state
        // (the end of epoch 1, after step 8's).
        string path = Path.Combine(_folder, "auto.safetensors");
        using var cancel = new CancellationTokenSource();
        var interrupted = NewTrainer(1, "adamw", path, every: 4, progress: new ProgressLog(cancel, cancelAfter: 9));
        Assert.Throws<OperationCanceledException>(() => interrupted.Fit(Train, epochs: 3, cancellationToken: cancel.Token));
        Assert.Equal("8", Safetensors.Read(path).Metadata["trainer.step"]);
        Assert.Empty(Directory.GetFiles(_folder, "*.tmp-*"));

        var resumed = NewTrainer(42, "adamw");
        resumed.LoadCheckpoint(path);
        Assert.Equal(8, resumed.Step);
        Assert.Equal(1, resumed.Epoch);
        Assert.Equal(3, resumed.BatchInEpoch);
        resumed.Fit(Train, epochs: 3);
        TrainingData.AssertBitwiseEqual(TrainingData.Snapshot(straight.Model), resumed.Model.Parameters, "parameters");
    }

    [Fact]
    public void TheFileHoldsPyTorchNamedWeightsOptimizerStateAndTheRunsPosition()
    {
        var trainer = NewTrainer(1, "adamw");
        trainer.Fit(Train, epochs: 1);
        string path = Path.Combine(_folder, "layout.safetensors");
        trainer.SaveCheckpoint(path);

        var file = Safetensors.Read(path);
        var expected = trainer.Model.ParameterInfos.Select(p => p.Name).Concat(["optimizer.exp_avg", "optimizer.exp_avg_sq"]);
        Assert.Equal(expected.Order(StringComparer.Ordinal), file.Names.Order(StringComparer.Ordinal));
        Assert.Equal([(long)TinyDropoutClassifier.ParameterCount], file.Info("optimizer.exp_avg").Shape);
        Assert.Equal(SafetensorsDType.F32, file.Info("optimizer.exp_avg_sq").DType);
        Assert.Equal(trainer.Optimizer.State[1].Values, file.ReadFloats("optimizer.exp_avg_sq"));
        var meta = file.Metadata;
        Assert.Equal("pt", meta["format"]);
        Assert.Equal("training", meta["attentiongen.checkpoint"]);
        Assert.Equal("AdamW", meta["optimizer.kind"]);
        Assert.Equal("5", meta["optimizer.step"]);
        Assert.Equal("0.9", meta["optimizer.beta1"]);
        Assert.Equal("0.05", meta["optimizer.weight_decay"]);
        Assert.Equal("5", meta["trainer.step"]);
        Assert.Equal("1", meta["trainer.epoch"]);
        Assert.Equal("0", meta["trainer.batch_in_epoch"]);
        Assert.Equal(5, meta["trainer.shuffle_rng"].Split(' ').Length);
        Assert.Equal(5, meta["model.dropout_rng"].Split(' ').Length);
        Assert.Equal("TokenClassification", meta["trainer.objective"]);
    }

    [Fact]
    public void WeightsOnlyLoadingAndTrainingCheckpointsKeepApart()
    {
        var trainer = NewTrainer(1, "adamw");
        trainer.Fit(Train, epochs: 1);
        string training = Path.Combine(_folder, "training.safetensors");
        string weights = Path.Combine(_folder, "weights.safetensors");
        trainer.SaveCheckpoint(training);
        Checkpoint.SaveWeights(trainer.Model, weights);

        // The strict weights loader refuses the optimizer tensors; TrainingCheckpoint.LoadWeights skips them.
        var fresh = new TinyDropoutClassifier(7, maxBatch: 8);
        var e = Assert.Throws<InvalidDataException>(() => Checkpoint.LoadWeights(fresh, training));
        Assert.Contains("'optimizer.exp_avg'", e.Message);
        TrainingCheckpoint.LoadWeights(fresh, training);
        TrainingData.AssertBitwiseEqual(TrainingData.Snapshot(trainer.Model), fresh.Parameters, "parameters");

        // Plain weights load either way, but do not resume a run.
        var other = new TinyDropoutClassifier(8, maxBatch: 8);
        TrainingCheckpoint.LoadWeights(other, weights);
        TrainingData.AssertBitwiseEqual(TrainingData.Snapshot(trainer.Model), other.Parameters, "parameters");
        var resume = NewTrainer(3, "adamw");
        e = Assert.Throws<InvalidDataException>(() => resume.LoadCheckpoint(weights));
        Assert.Contains("is not a training checkpoint", e.Message);
        Assert.Contains("Checkpoint.LoadWeights", e.Message);
    }

    [Fact]
    public void ACheckpointThatDoesNotFitChangesNothing()
    {
        var source = NewTrainer(1, "adamw");
        source.Fit(Train, epochs: 1);
        string path = Path.Combine(_folder, "source.safetensors");
        source.SaveCheckpoint(path);

        // Another optimizer kind, other hyper-parameters, another batch size, another model.
        AssertRefused(NewTrainer(2, "sgd"), path, "the checkpoint's optimizer is AdamW but this trainer's is SGD");
        AssertRefused(
            new TinyDropoutClassifier(2, maxBatch: 8).Trainer(new TokenClassification(), new AdamW(lr: 1e-2f, weightDecay: 0.01f), new TrainerOptions { BatchSize = 8 }),
            path, "optimizer.weight_decay is 0.05 in the checkpoint but 0.01 in this trainer's optimizer");
        AssertRefused(
            new TinyDropoutClassifier(2, maxBatch: 8).Trainer(new TokenClassification(), NewOptimizer("adamw"), new TrainerOptions { BatchSize = 4 }),
            path, "the run used batches of 8 but this trainer's BatchSize is 4");
        AssertRefused(
            new TopicClassifier(2, maxBatch: 8).Trainer(new TokenClassification(), NewOptimizer("adamw"), new TrainerOptions { BatchSize = 8 }),
            path, "parameter 'dense_0.weight': expected F32 [16, 24], found F32 [16, 16]");

        // Damaged metadata and tensors.
        AssertRefused(NewTrainer(2, "adamw"), Rewrite(path, "bad-rng", meta: ("trainer.shuffle_rng", "0 0 0 0 0")), "metadata 'trainer.shuffle_rng' is not a generator state");
        AssertRefused(NewTrainer(2, "adamw"), Rewrite(path, "bad-step", meta: ("trainer.step", "-3")), "metadata 'trainer.step' is \"-3\"");
        AssertRefused(NewTrainer(2, "adamw"), Rewrite(path, "no-state", drop: "optimizer.exp_avg_sq"), "missing optimizer state 'optimizer.exp_avg_sq'");
        AssertRefused(NewTrainer(2, "adamw"), Rewrite(path, "negative", negate: "optimizer.exp_avg_sq"), "the optimizer state is invalid");
    }

    /// <summary>
    /// A resume while another trainer keeps saving over the file reads one checkpoint or the other, never a mix:
    /// each save sets every weight to a constant of its own.
    /// </summary>
    [Fact]
    public async Task LoadingWhileAnotherTrainerReplacesTheFileReadsOneCheckpoint()
    {
        string path = Path.Combine(_folder, "shared.safetensors");
        var writer = NewTrainer(1, "adamw");
        writer.Model.Parameters.Fill(1f);
        writer.SaveCheckpoint(path);

        using var stop = new CancellationTokenSource();
        var saving = Task.Run(() =>
        {
            for (int k = 2; !stop.IsCancellationRequested; k++)
            {
                writer.Model.Parameters.Fill(k);
                writer.SaveCheckpoint(path);
            }
        });

        try
        {
            var reader = NewTrainer(2, "adamw");
            var seen = new HashSet<float>();
            var clock = System.Diagnostics.Stopwatch.StartNew();
            for (int load = 0; clock.Elapsed < TimeSpan.FromSeconds(2) || load < 30 || seen.Count < 3; load++)
            {
                Assert.True(clock.Elapsed < TimeSpan.FromSeconds(60), $"only {load} loads in a minute");
                reader.LoadCheckpoint(path);
                float[] values = reader.Model.Parameters.ToArray();
                int mixed = Array.FindIndex(values, v => v != values[0]);
                Assert.True(mixed < 0, $"load {load} mixed two checkpoints: weight 0 is {values[0]}, weight {mixed} is {(mixed < 0 ? 0 : values[mixed])}");
                seen.Add(values[0]);
            }
        }
        finally
        {
            stop.Cancel();
            await saving;
        }
    }

    [Fact]
    public void ACheckpointOfAnotherModelTypeWithTheSameShapesIsRefused()
    {
        var source = NewTrainer(1, "adamw");
        source.Fit(Train, epochs: 1);
        string path = Path.Combine(_folder, "source.safetensors");
        source.SaveCheckpoint(path);

        var twin = new TinyDropoutClassifierTwin(2, maxBatch: 8).Trainer(new TokenClassification(), NewOptimizer("adamw"), new TrainerOptions { BatchSize = 8, ShuffleSeed = 5 });
        AssertRefused(
            twin, path,
            $"the checkpoint was saved from a model of type \"{typeof(TinyDropoutClassifier).FullName}\" but this trainer's model is \"{typeof(TinyDropoutClassifierTwin).FullName}\"");
        AssertRefused(NewTrainer(2, "adamw"), Rewrite(path, "no-type", meta: ("model.type", null)), "metadata 'model.type' is missing");
    }

    [Theory]
    [InlineData("trainer.epoch_examples", "-1", "batch_in_epoch", "3", "metadata 'trainer.batch_in_epoch' is 3 but 'trainer.epoch_examples' is -1")]
    [InlineData("trainer.epoch_examples", "0", null, null, "metadata 'trainer.epoch_examples' is 0")]
    [InlineData("trainer.epoch", "2147483647", null, null, "metadata 'trainer.epoch' is \"2147483647\"; expected an integer in [0, 2147483646]")]
    [InlineData("trainer.epoch_loss_sum", "Infinity", null, null, "metadata 'trainer.epoch_loss_sum' is \"Infinity\"; expected a finite number")]
    [InlineData("trainer.epoch_metric_sum", "-Infinity", null, null, "metadata 'trainer.epoch_metric_sum' is \"-Infinity\"; expected a finite number")]
    [InlineData("trainer.epoch_loss_sum", "2.5", null, null, "the epoch's running sums ('trainer.epoch_loss_sum' 2.5, 'trainer.epoch_count' 0, 'trainer.epoch_metric_sum' 0) are not 0 although no batch of the epoch has run")]
    [InlineData("trainer.batch_in_epoch", "6", null, null, "batch 6 of an epoch over 37 examples does not exist with batches of 8")]
    [InlineData("trainer.step", "0", null, null, "metadata 'trainer.step' is 0, fewer than the 1 finished epochs")]
    [InlineData("trainer.best_epoch", "1", null, null, "metadata 'trainer.best_epoch' is 1 but only 1 epochs have finished")]
    [InlineData("trainer.best_loss", "Infinity", null, null, "metadata 'trainer.best_loss' is Infinity with 'trainer.best_epoch' 0")]
    [InlineData("trainer.best_loss", "NaN", null, null, "metadata 'trainer.best_loss' is \"NaN\"; expected a finite number or Infinity")]
    [InlineData("trainer.epochs_without_improvement", "4", null, null, "metadata 'trainer.epochs_without_improvement' is 4 but the best epoch is 0 of the 1 finished, which makes 0")]
    [InlineData("trainer.batch_size", "99999999999", null, null, "metadata 'trainer.batch_size' is \"99999999999\"; expected an integer in [1, 2147483647]")]
    public void AnInconsistentPositionIsRefused(string key, string value, string? key2, string? value2, string message)
    {
        var source = NewTrainer(1, "adamw");
        source.Fit(Train, epochs: 1); // epoch 1, batch 0, 37 examples, best epoch 0
        string path = Path.Combine(_folder, "position.safetensors");
        source.SaveCheckpoint(path);
        string damaged = Rewrite(path, "damaged", meta: (key, value), meta2: key2 is null ? null : ("trainer." + key2, value2));
        AssertRefused(NewTrainer(2, "adamw"), damaged, message);
    }

    [Fact]
    public void EveryPositionASavedRunReachesLoads()
    {
        // Mid-epoch, at an epoch's last batch before it finished, and after an epoch: the checks accept what Fit saves.
        foreach (int stopAfter in new[] { 3, 5, 7 })
        {
            using var cancel = new CancellationTokenSource();
            var trainer = NewTrainer(1, "adamw", progress: new ProgressLog(cancel, cancelAfter: stopAfter), patience: 3);
            Assert.Throws<OperationCanceledException>(() => trainer.Fit(Train, epochs: 3, validation: Dev, cancel.Token));
            string path = Path.Combine(_folder, $"at-{stopAfter}.safetensors");
            trainer.SaveCheckpoint(path);
            var resumed = NewTrainer(2, "adamw", patience: 3);
            resumed.LoadCheckpoint(path);
            Assert.Equal(stopAfter, resumed.Step);
        }
    }

    private static void AssertRefused(Trainer<(int[] Tokens, int Label)> trainer, string path, string message)
    {
        trainer.Fit(Train[..8], epochs: 1); // some state to keep
        var parameters = TrainingData.Snapshot(trainer.Model);
        var state = TrainingData.OptimizerState(trainer.Optimizer);
        long steps = trainer.Step, optimizerSteps = trainer.Optimizer.StepCount;
        float rate = trainer.Optimizer.LearningRate;

        var e = Assert.Throws<InvalidDataException>(() => trainer.LoadCheckpoint(path));
        Assert.Contains(message, e.Message);
        Assert.Contains("Nothing was changed.", e.Message);
        TrainingData.AssertBitwiseEqual(parameters, trainer.Model.Parameters, "parameters");
        foreach (var (name, values) in state)
        {
            TrainingData.AssertBitwiseEqual(values, trainer.Optimizer.State.Single(s => s.Name == name).Values, name);
        }

        Assert.Equal(steps, trainer.Step);
        Assert.Equal(optimizerSteps, trainer.Optimizer.StepCount);
        Assert.Equal(rate, trainer.Optimizer.LearningRate);
    }

    /// <summary>A copy of a checkpoint with metadata entries replaced (or removed, for a null value), one tensor dropped, or one tensor's first value negated.</summary>
    private string Rewrite(string path, string name, (string Key, string? Value)? meta = null, string? drop = null, string? negate = null, (string Key, string? Value)? meta2 = null)
    {
        var file = Safetensors.Read(path);
        var tensors = new List<SafetensorsTensor>();
        foreach (var info in file.Tensors)
        {
            if (info.Name == drop)
            {
                continue;
            }

            var values = file.ReadFloats(info.Name);
            if (info.Name == negate)
            {
                values[0] = -1;
            }

            tensors.Add(new SafetensorsTensor(info.Name, info.Shape, values));
        }

        var metadata = file.Metadata.ToDictionary();
        foreach (var change in new[] { meta, meta2 })
        {
            if (change is not { } entry)
            {
                continue;
            }

            if (entry.Value is null)
            {
                metadata.Remove(entry.Key);
            }
            else
            {
                metadata[entry.Key] = entry.Value;
            }
        }

        string copy = Path.Combine(_folder, name + ".safetensors");
        Safetensors.Write(copy, tensors, metadata);
        return copy;
    }
}
