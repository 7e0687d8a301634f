using System;
using System.Diagnostics;
using System.Globalization;
using AttentionGen.Tool.Output;
using AttentionGen.Training;
using Spectre.Console;

namespace AttentionGen.Tool.Runs;

/// <summary>
/// Shows a run's progress: on a terminal, a Spectre.Console bar with the loss, the throughput and the time left;
/// redirected, a plain line about every twentieth of the run (and one per epoch from the caller).
/// </summary>
internal sealed class TrainingProgressView : IProgress<TrainingProgress>
{
    private readonly ToolContext _context;
    private readonly long _totalSteps;
    private readonly int _unitsPerExample;
    private readonly string _unit;
    private readonly long _every;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private ProgressTask? _bar;

    public TrainingProgressView(ToolContext context, long totalSteps, int unitsPerExample, string unit)
    {
        _context = context;
        _totalSteps = totalSteps;
        _unitsPerExample = unitsPerExample;
        _unit = unit;
        _every = Math.Max(1, totalSteps / 20);
    }

    /// <summary>The step the run starts from: 0, or where a resumed checkpoint stopped.</summary>
    public long FirstStep { get; set; }

    /// <summary>The latest step's loss, for the loss curve.</summary>
    public Action<long, float>? StepLoss { get; set; }

    /// <summary>Runs <paramref name="body"/> with a live bar on a terminal, or directly when redirected.</summary>
    public T Show<T>(Func<T> body)
    {
        _clock.Restart();
        if (!_context.Interactive) return body();
        return _context.Console.Progress()
            .AutoClear(false)
            .HideCompleted(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn(), new SpinnerColumn())
            .Start(progress =>
            {
                _bar = progress.AddTask("training", autoStart: false, maxValue: _totalSteps);
                _bar.Value = FirstStep;
                _bar.StartTask();
                _clock.Restart();
                return body();
            });
    }

    public void Report(TrainingProgress value)
    {
        StepLoss?.Invoke(value.Step, value.Loss);
        double rate = value.ExamplesPerSecond * _unitsPerExample;
        string text = string.Create(CultureInfo.InvariantCulture,
            $"epoch {value.Epoch + 1} step {value.Step}/{_totalSteps} loss {value.Loss:F3} {rate:N0} {_unit}/s");
        if (_bar is not null)
        {
            _bar.Description = Markup.Escape(text);
            _bar.Value = value.Step;
            return;
        }

        if (value.Step % _every == 0 || value.Step == _totalSteps)
        {
            double done = value.Step - FirstStep;
            double secondsLeft = done > 0 ? _clock.Elapsed.TotalSeconds / done * (_totalSteps - value.Step) : 0;
            _context.Out.WriteLine(text + string.Create(CultureInfo.InvariantCulture, $", about {secondsLeft:F0} s left"));
        }
    }
}
