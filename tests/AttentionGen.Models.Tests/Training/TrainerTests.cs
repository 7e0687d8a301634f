using System.Collections.Generic;
using System.Linq;
using AttentionGen.Models.Tests.Models;
using AttentionGen.Training;

namespace AttentionGen.Models.Tests.Training;

/// <summary>The training loop: reproducibility, allocation, progress, schedules, early stopping, and its errors.</summary>
public class TrainerTests
{
    private static readonly List<(int[] Tokens, int Label)> Train = TrainingData.Classification(37, TinyDropoutClassifier.Vocab, TinyDropoutClassifier.MaxSeq, 3, seed: 10);
    private static readonly List<(int[] Tokens, int Label)> Dev = TrainingData.Classification(12, TinyDropoutClassifier.Vocab, TinyDropoutClassifier.MaxSeq, 3, seed: 11);

    private static Trainer<(int[] Tokens, int Label)> NewTrainer(ulong modelSeed = 1, ulong shuffleSeed = 2, Optimizer? optimizer = null, IProgress<TrainingProgress>? progress = null) =>
        new TinyDropoutClassifier(modelSeed, maxBatch: 8).Trainer(
            new TokenClassification(),
            optimizer ?? new AdamW(lr: 1e-2f),
            new TrainerOptions
            {
                BatchSize = 8,
                ShuffleSeed = shuffleSeed,
                LearningRate = LearningRateSchedule.WarmupCosine(peak: 1e-2f, warmupSteps: 3, totalSteps: 15),
                MaxGradientNorm = 0.5f,
                Progress = progress,
            });

    [Fact]
    public void TheSameSeedsGiveBitIdenticalTraining()
    {
        var first = NewTrainer();
        var second = NewTrainer();
        var a = first.Fit(Train, epochs: 3, validation: Dev);
        var b = second.Fit(Train, epochs: 3, validation: Dev);

        TrainingData.AssertBitwiseEqual(TrainingData.Snapshot(first.Model), second.Model.Parameters, "parameters");
        Assert.Equal(a.Epochs.Select(e => e.TrainLoss), b.Epochs.Select(e => e.TrainLoss));
        Assert.Equal(a.Epochs.Select(e => e.Validation!.Loss), b.Epochs.Select(e => e.Validation!.Loss));

        // The shuffle seed matters (so the test above is not vacuous), and dropout is on in training.
        var reshuffled = NewTrainer(shuffleSeed: 3);
        reshuffled.Fit(Train, epochs: 3);
        Assert.False(first.Model.Parameters.SequenceEqual(reshuffled.Model.Parameters));
        var model = (TinyDropoutClassifier)first.Model;
        var dropoutState = TrainingData.RngState(model.DropoutRng);
        first.Evaluate(Dev);
        Assert.Equal(dropoutState, TrainingData.RngState(model.DropoutRng)); // evaluation draws no dropout mask
    }

    [Fact]
    public void AStepAllocatesNothingAfterTheFirst()
    {
        // A progress sink that records the thread's allocated bytes after each step without allocating itself.
        var probe = new AllocationProbe(40);
        var trainer = NewTrainer(progress: probe);
        trainer.Fit(Train, epochs: 1); // warm-up: JIT, optimizer state, backups
        probe.Count = 0;
        trainer.Fit(Train, epochs: 5);  // 4 epochs × 5 steps

        Assert.Equal(20, probe.Count);

        // Each step after the first, within an epoch, allocates nothing (an epoch's end adds its summary to the
        // history, which the first step of the next epoch's interval includes). One rare runtime-internal count is
        // tolerated; an allocation in the loop would show in every step.
        var perStep = Enumerable.Range(1, probe.Count - 1)
            .Where(i => probe.Batches[i] != 1)
            .Select(i => probe.Bytes[i] - probe.Bytes[i - 1])
            .ToArray();
        Assert.Equal(16, perStep.Length);
        Assert.True(perStep.Count(bytes => bytes != 0) <= 1, "bytes per step: " + string.Join(", ", perStep));
    }

    [Fact]
    public void ProgressReportsEveryStepWithTheScheduledRate()
    {
        var log = new ProgressLog();
        var trainer = NewTrainer(progress: log);
        var history = trainer.Fit(Train, epochs: 3);

        Assert.Equal(15, log.Reports.Count);
        Assert.Equal(Enumerable.Range(1, 15).Select(s => (long)s), log.Reports.Select(r => r.Step));
        Assert.All(log.Reports, r => Assert.Equal(5, r.BatchesPerEpoch));
        Assert.Equal([1, 2, 3, 4, 5], log.Reports.Take(5).Select(r => r.Batch));
        Assert.Equal([0, 1, 2], log.Reports.Select(r => r.Epoch).Distinct());
        var schedule = LearningRateSchedule.WarmupCosine(peak: 1e-2f, warmupSteps: 3, totalSteps: 15);
        Assert.Equal(Enumerable.Range(0, 15).Select(s => schedule.At(s)), log.Reports.Select(r => r.LearningRate));
        Assert.All(log.Reports, r => Assert.True(float.IsFinite(r.Loss) && r.GradientNorm > 0 && r.ExamplesPerSecond > 0));
        Assert.Equal(15, history.Steps);
        Assert.Equal(15, trainer.Step);
        Assert.Equal(3, trainer.Epoch);
        Assert.Equal([5L, 10, 15], history.Epochs.Select(e => e.Steps));
    }

    [Fact]
    public void FitCountsEpochsInTotalAndContinuesARun()
    {
        var trainer = NewTrainer();
        Assert.Single(trainer.Fit(Train, epochs: 1).Epochs);
        var more = trainer.Fit(Train, epochs: 3);
        Assert.Equal([1, 2], more.Epochs.Select(e => e.Epoch));
        Assert.Empty(trainer.Fit(Train, epochs: 3).Epochs);

        // Two calls give exactly the run one call gives.
        var once = NewTrainer();
        once.Fit(Train, epochs: 3);
        TrainingData.AssertBitwiseEqual(TrainingData.Snapshot(once.Model), trainer.Model.Parameters, "parameters");
    }

    [Fact]
    public void EarlyStoppingStopsWhenTheValidationLossNoLongerFalls()
    {
        // A learning rate of 0 never improves on the first epoch's validation loss.
        var model = new TinyDropoutClassifier(1, maxBatch: 8);
        var trainer = model.Trainer(new TokenClassification(), new Sgd(lr: 0), new TrainerOptions { BatchSize = 8, EarlyStoppingPatience = 2 });
        var history = trainer.Fit(Train, epochs: 10, validation: Dev);
        Assert.True(history.StoppedEarly);
        Assert.Equal(3, history.Epochs.Count);
        Assert.Equal(0, history.BestEpoch);
        Assert.Equal(history.Epochs[0].Validation!.Loss, history.BestLoss);

        var learning = NewTrainer().Fit(Train, epochs: 3, validation: Dev);
        Assert.False(learning.StoppedEarly);
        Assert.Equal(learning.Epochs.MinBy(e => e.Validation!.Loss)!.Epoch, learning.BestEpoch);
    }

    [Fact]
    public void BadOptionsAndDataThrowWithTheValues()
    {
        var model = new TinyDropoutClassifier(1, maxBatch: 8);
        var e = Assert.Throws<ArgumentException>(() => model.Trainer(new TokenClassification(), new AdamW(), new TrainerOptions { BatchSize = 9 }));
        Assert.Contains("BatchSize is 9; it must be in [1, 8], the largest batch TinyDropoutClassifier was created for (create the model with maxBatch: 9", e.Message);
        e = Assert.Throws<ArgumentException>(() => model.Trainer(new TokenClassification(), new AdamW(), new TrainerOptions { BatchSize = 0 }));
        Assert.Contains("BatchSize is 0", e.Message);
        e = Assert.Throws<ArgumentException>(() => model.Trainer(new TokenClassification(), new AdamW(), new TrainerOptions { MaxGradientNorm = -1 }));
        Assert.Contains("MaxGradientNorm is -1", e.Message);
        e = Assert.Throws<ArgumentException>(() => model.Trainer(new TokenClassification(), new AdamW(), new TrainerOptions { EarlyStoppingPatience = 0 }));
        Assert.Contains("EarlyStoppingPatience is 0", e.Message);
        e = Assert.Throws<ArgumentException>(() => model.Trainer(new TokenClassification(), new AdamW(), new TrainerOptions { CheckpointEverySteps = 5 }));
        Assert.Contains("CheckpointEverySteps is 5 but CheckpointPath is not set", e.Message);
        var used = new AdamW();
        used.Step(new float[3], new float[3]);
        e = Assert.Throws<ArgumentException>(() => model.Trainer(new TokenClassification(), used));
        Assert.Contains($"sized for 3 parameters but TinyDropoutClassifier has {TinyDropoutClassifier.ParameterCount}", e.Message);
        Assert.Equal(8, model.Trainer(new TokenClassification(), new AdamW()).BatchSize); // default: min(32, MaxBatch)

        var trainer = model.Trainer(new TokenClassification(), new AdamW());
        e = Assert.Throws<ArgumentException>(() => trainer.Fit([], epochs: 1));
        Assert.Contains("train is empty", e.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => trainer.Fit(Train, epochs: 0));
        e = Assert.Throws<ArgumentException>(() => trainer.Fit(Train, epochs: 1, validation: []));
        Assert.Contains("validation is empty", e.Message);
        e = Assert.Throws<ArgumentException>(() => trainer.Evaluate([]));
        Assert.Contains("data is empty", e.Message);
        var patient = model.Trainer(new TokenClassification(), new AdamW(), new TrainerOptions { EarlyStoppingPatience = 2 });
        e = Assert.Throws<ArgumentException>(() => patient.Fit(Train, epochs: 1));
        Assert.Contains("EarlyStoppingPatience is 2 but no validation data was given", e.Message);
    }

    [Fact]
    public void ADivergingUpdateThrowsAndIsUndone()
    {
        // AdamW's first step moves every parameter by about lr; at float.MaxValue that overflows to infinity or NaN.
        var model = new TinyDropoutClassifier(1, maxBatch: 8);
        var optimizer = new AdamW(lr: float.MaxValue);
        var trainer = model.Trainer(new TokenClassification(), optimizer, new TrainerOptions { BatchSize = 8 });
        var before = TrainingData.Snapshot(model);
        var dropout = TrainingData.RngState(model.DropoutRng);

        var e = Assert.Throws<ArithmeticException>(() => trainer.Fit(Train, epochs: 1));
        Assert.StartsWith("Training diverged at step 1 (epoch 0, batch 1 of 5): parameter ", e.Message);
        Assert.Contains("after an update with learning rate 3.4028235E+38", e.Message);
        TrainingData.AssertBitwiseEqual(before, model.Parameters, "parameters");
        Assert.Equal(dropout, TrainingData.RngState(model.DropoutRng));
        Assert.Equal(0, optimizer.StepCount);
        Assert.Empty(optimizer.State);
        Assert.Equal(0, trainer.Step);

        // The run can go on from there with a sane rate.
        optimizer.LearningRate = 1e-3f;
        Assert.Single(trainer.Fit(Train, epochs: 1).Epochs);
    }

    [Fact]
    public void ALaterDivergingStepLeavesTheModelAsTheStepBeforeLeftIt()
    {
        // SGD at a huge rate: the run survives a few steps, then a loss, gradient or update stops being finite.
        float[]? lastGood = null;
        ulong[]? lastDropout = null;
        Dictionary<string, float[]>? lastState = null;
        TinyDropoutClassifier model = new(1, maxBatch: 8);
        var optimizer = new Sgd(lr: 1e15f, momentum: 0.9f);
        var log = new ProgressLog
        {
            OnReport = _ =>
            {
                lastGood = TrainingData.Snapshot(model);
                lastDropout = TrainingData.RngState(model.DropoutRng);
                lastState = TrainingData.OptimizerState(optimizer);
            },
        };
        var trainer = model.Trainer(new TokenClassification(), optimizer, new TrainerOptions { BatchSize = 8, Progress = log });
        var e = Assert.Throws<ArithmeticException>(() => trainer.Fit(Train, epochs: 50));

        long failed = log.Reports.Count + 1;
        Assert.Contains($"Training diverged at step {failed} ", e.Message);
        Assert.True(failed > 1, e.Message);
        TrainingData.AssertBitwiseEqual(lastGood!, model.Parameters, "parameters");
        Assert.Equal(lastDropout, TrainingData.RngState(model.DropoutRng));
        TrainingData.AssertBitwiseEqual(lastState![Sgd.MomentumBuffer], optimizer.State[0].Values, "momentum_buffer");
        Assert.Equal(failed - 1, optimizer.StepCount);
    }

    [Fact]
    public void ANonFiniteLossThrowsNamingTheStepAndTheValue()
    {
        var model = new TinyDropoutClassifier(1, maxBatch: 8);
        var bias = model.ParameterInfos.Single(p => p.Name == "dense_1.bias");
        model.Parameters[bias.Offset + 1] = float.NaN;
        var before = TrainingData.Snapshot(model);
        var trainer = model.Trainer(new TokenClassification(), new AdamW(), new TrainerOptions { BatchSize = 8 });

        var e = Assert.Throws<ArithmeticException>(() => trainer.Fit(Train, epochs: 1));
        Assert.StartsWith("Training diverged at step 1 (epoch 0, batch 1 of 5): the loss is not finite: logits[1] (row 0, class 1) is NaN", e.Message);
        Assert.IsType<ArithmeticException>(e.InnerException);
        TrainingData.AssertBitwiseEqual(before, model.Parameters, "parameters");
    }

    private sealed class AllocationProbe(int capacity) : IProgress<TrainingProgress>
    {
        public long[] Bytes { get; } = new long[capacity];

        public int[] Batches { get; } = new int[capacity];

        public int Count { get; set; }

        public void Report(TrainingProgress value)
        {
            if (Count < Bytes.Length)
            {
                Batches[Count] = value.Batch;
                Bytes[Count++] = GC.GetAllocatedBytesForCurrentThread();
            }
        }
    }
}
