using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using AttentionGen.Runtime;
using AttentionGen.Tool.Output;
using AttentionGen.Training;

namespace AttentionGen.Tool.Runs;

/// <summary>Everything one training run needs, whatever the task.</summary>
internal sealed record TrainingJob<TExample>(
    IModel Model,
    Objective<TExample> Objective,
    IReadOnlyList<TExample> Train,
    IReadOnlyList<TExample>? Validation,
    ToolModelInfo Info,
    string OutPath,
    string? ResumePath,
    int UnitsPerExample,
    string Unit,
    double MetricScale = 1);

/// <summary>What a finished (or interrupted) run did, for the summary and the report.</summary>
internal sealed record TrainingOutcome(
    IModel Model, ToolModelInfo Info, IReadOnlyList<(long Step, float Loss)> StepLosses, bool Interrupted, long Steps, double Seconds, string MetricName);

/// <summary>
/// The training run shared by the three tasks: AdamW with a warm-up + cosine schedule over the whole run, gradient
/// clipping at norm 1, one epoch per <see cref="Trainer{TExample}.Fit"/> call so that a checkpoint (with the tool's
/// metadata and the loss history) is written after every epoch, and Ctrl+C saving a checkpoint between two steps.
/// </summary>
internal static class TrainingLoop
{
    public static TrainingOutcome Run<TExample>(ToolContext context, TrainingJob<TExample> job)
    {
        var settings = job.Info.Settings!;
        int batch = Math.Min(settings.Batch, job.Train.Count);
        long batchesPerEpoch = (job.Train.Count + batch - 1) / batch;
        long totalSteps = settings.Epochs * batchesPerEpoch;
        var schedule = LearningRateSchedule.WarmupCosine(
            peak: settings.LearningRate, warmupSteps: Math.Min(totalSteps, Math.Max(1, totalSteps / 20)), totalSteps: totalSteps, minimum: settings.LearningRate / 10);
        var stepLosses = new List<(long Step, float Loss)>();
        var progress = new TrainingProgressView(context, totalSteps, job.UnitsPerExample, job.Unit)
        {
            StepLoss = (step, loss) => stepLosses.Add((step, loss)),
        };
        var trainer = job.Model.Trainer(job.Objective, new AdamW(lr: settings.LearningRate), new TrainerOptions
        {
            BatchSize = batch,
            ShuffleSeed = settings.Seed,
            LearningRate = schedule,
            MaxGradientNorm = 1f,
            Progress = progress,
        });

        if (job.ResumePath is { } resume)
        {
            try
            {
                trainer.LoadCheckpoint(resume);
            }
            catch (InvalidDataException e)
            {
                throw new UserError(ToolCheckpoint.OneLine(e.Message));
            }

            if (trainer.Epoch >= settings.Epochs)
            {
                throw new UserError($"'{resume}' finished all {settings.Epochs} epochs; give --epochs {settings.Epochs + 1} or more to train on");
            }

            progress.FirstStep = trainer.Step;
            context.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"resuming '{resume}' at step {trainer.Step} of {totalSteps} (epoch {trainer.Epoch + 1} of {settings.Epochs})"));
        }

        var history = new List<EpochRecord>(job.Info.History);
        var info = job.Info;
        var clock = Stopwatch.StartNew();
        string metricName = job.Objective.MetricName;
        bool interrupted = progress.Show(() =>
        {
            while (trainer.Epoch < settings.Epochs)
            {
                TrainingHistory fit;
                try
                {
                    fit = trainer.Fit(job.Train, trainer.Epoch + 1, job.Validation, context.Cancellation);
                }
                catch (OperationCanceledException)
                {
                    return true;
                }
                catch (ArithmeticException e)
                {
                    throw new UserError($"training diverged: {ToolCheckpoint.OneLine(e.Message)}; try a lower --lr", ExitCodes.BadInput);
                }

                foreach (var epoch in fit.Epochs)
                {
                    var record = new EpochRecord(epoch.Epoch, epoch.Steps, epoch.TrainLoss, epoch.Validation?.Loss, epoch.Validation?.Metric * job.MetricScale, clock.Elapsed.TotalSeconds);
                    history.Add(record);
                    context.WriteLine(Describe(record, settings.Epochs, metricName));
                }

                info = info with { History = history.ToArray() };
                ToolCheckpoint.SaveTraining(trainer, job.OutPath, info);
            }

            return false;
        });

        if (interrupted)
        {
            // Fit stopped between two steps: the trainer's state is consistent and resumes bit for bit.
            ToolCheckpoint.SaveTraining(trainer, job.OutPath, info with { History = history.ToArray() });
            context.WriteLine($"interrupted at step {trainer.Step}; saved '{job.OutPath}'. Continue with: attentiongen train --resume {Quote(job.OutPath)} {Quote(settings.Data)}");
        }

        return new TrainingOutcome(job.Model, info with { History = history.ToArray() }, stepLosses, interrupted, trainer.Step, clock.Elapsed.TotalSeconds, metricName);
    }

    private static string Describe(EpochRecord record, int epochs, string metricName)
    {
        string text = string.Create(CultureInfo.InvariantCulture, $"epoch {record.Epoch + 1}/{epochs}: train loss {record.TrainLoss:F4}");
        if (record.ValidationLoss is double loss)
        {
            text += string.Create(CultureInfo.InvariantCulture, $", validation loss {loss:F4}, {metricName} {record.ValidationMetric:F4}");
        }

        return text + string.Create(CultureInfo.InvariantCulture, $" ({record.Steps} steps, {record.Seconds:F1} s)");
    }

    public static string Quote(string path) => path.Contains(' ', StringComparison.Ordinal) ? "\"" + path + "\"" : path;
}
