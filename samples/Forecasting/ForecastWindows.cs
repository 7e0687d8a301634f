using System;

namespace Forecasting;

/// <summary>
/// Cuts the filled series into examples: a window of weeks up to and including the forecast origin, and the weeks
/// after it. Normalization is per window: the window's level (the mean of its last 52 weeks, a whole yearly cycle, so
/// the season does not shift it) is subtracted from inputs and targets, and the difference is divided by one global
/// scale taken from the training windows. The model thus learns the shape of the next year relative to the last one
/// (trend and season), which carries over to levels it never saw in training; the level is added back afterwards.
/// </summary>
public sealed class ForecastWindows
{
    /// <summary>
    /// Features per week, as the model declares them: the level-removed value, the filled mark, and the sine and
    /// cosine of the week's place in the year.
    /// </summary>
    public const int Features = Co2Forecaster.Features;

    private const int LevelWeeks = 52;
    private readonly GapFilling _data;
    private readonly WeeklySeries _series;

    public ForecastWindows(WeeklySeries series, GapFilling data, int window)
    {
        _series = series;
        _data = data;
        Window = window;
    }

    public int Window { get; }

    /// <summary>The first origin with a whole window before it.</summary>
    public int FirstOrigin => Window - 1;

    /// <summary>The mean of the last min(window, 52) weeks up to the origin.</summary>
    public float Level(int origin)
    {
        int weeks = Math.Min(Window, LevelWeeks);
        double sum = 0;
        for (int i = origin - weeks + 1; i <= origin; i++) sum += _data.Values[i];
        return (float)(sum / weeks);
    }

    /// <summary>Whether every one of the <paramref name="count"/> weeks after the origin was observed (not filled).</summary>
    public bool TargetsObserved(int origin, int count)
    {
        for (int i = origin + 1; i <= origin + count; i++)
        {
            if (_data.Filled[i]) return false;
        }

        return true;
    }

    /// <summary>The window ending at <paramref name="origin"/>, <see cref="Window"/> × <see cref="Features"/> values.</summary>
    public float[] Inputs(int origin, float scale)
    {
        float level = Level(origin);
        var steps = new float[Window * Features];
        for (int s = 0; s < Window; s++)
        {
            int week = origin - Window + 1 + s;
            double yearAngle = 2 * Math.PI * (_series.DateOf(week).DayOfYear - 1) / 365.25;
            steps[(s * Features) + 0] = (_data.Values[week] - level) / scale;
            steps[(s * Features) + 1] = _data.Filled[week] ? 1f : 0f;
            steps[(s * Features) + 2] = (float)Math.Sin(yearAngle);
            steps[(s * Features) + 3] = (float)Math.Cos(yearAngle);
        }

        return steps;
    }

    /// <summary>The <paramref name="count"/> weeks after the origin, level-removed and scaled as the inputs.</summary>
    public float[] Targets(int origin, int count, float scale)
    {
        float level = Level(origin);
        var targets = new float[count];
        for (int h = 0; h < count; h++) targets[h] = (_data.Values[origin + 1 + h] - level) / scale;
        return targets;
    }

    /// <summary>
    /// The global scale: the root mean square of (target − level) over the given origins' <paramref name="count"/>
    /// weeks ahead, in ppm, so normalized targets have a second moment of one.
    /// </summary>
    public float Scale(ReadOnlySpan<int> origins, int count)
    {
        double sum = 0;
        foreach (int origin in origins)
        {
            float level = Level(origin);
            for (int h = 1; h <= count; h++) sum += Math.Pow(_data.Values[origin + h] - level, 2);
        }

        return (float)Math.Sqrt(sum / (origins.Length * (double)count));
    }
}
