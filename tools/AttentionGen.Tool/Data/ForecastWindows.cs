using System;
using System.Collections.Generic;

namespace AttentionGen.Tool.Data;

/// <summary>
/// Turns a series into training examples: the <c>history</c> steps before a point (each step: the value minus the
/// window's mean over its observed steps, divided by <see cref="Scale"/>, and the filled mark) and the
/// <c>horizon</c> values after it, on the same scale. Windows whose targets include a filled value are left out.
/// </summary>
internal sealed class ForecastWindows
{
    public ForecastWindows(int history, int horizon, float scale)
    {
        History = history;
        Horizon = horizon;
        Scale = scale;
    }

    public int History { get; }

    public int Horizon { get; }

    /// <summary>One scale for every window, from the training part: the spread of values around their window's mean.</summary>
    public float Scale { get; }

    /// <summary>
    /// The spread (standard deviation) of observed values around their window's mean over the windows that end
    /// before <paramref name="end"/>; 1 when the series is constant.
    /// </summary>
    public static float MeasureScale(NumericSeries series, int history, int horizon, int end)
    {
        double sum = 0;
        long count = 0;
        for (int t = history; t + horizon <= end; t++)
        {
            float level = Level(series, t - history, t);
            for (int i = t - history; i < t + horizon; i++)
            {
                if (series.Filled[i]) continue;
                double d = series.Values[i] - level;
                sum += d * d;
                count++;
            }
        }

        double scale = count == 0 ? 0 : Math.Sqrt(sum / count);
        return scale > 1e-6 ? (float)scale : 1f;
    }

    /// <summary>Examples whose first target step lies in [<paramref name="firstTarget"/>, <paramref name="endTarget"/> − horizon].</summary>
    public List<(float[] Steps, float[] Target)> Examples(NumericSeries series, int firstTarget, int endTarget)
    {
        var examples = new List<(float[] Steps, float[] Target)>();
        for (int t = Math.Max(firstTarget, History); t + Horizon <= endTarget; t++)
        {
            bool observed = true;
            for (int i = t; i < t + Horizon && observed; i++) observed = !series.Filled[i];
            if (!observed) continue;
            float level = Level(series, t - History, t);
            var target = new float[Horizon];
            for (int i = 0; i < Horizon; i++) target[i] = (series.Values[t + i] - level) / Scale;
            examples.Add((Inputs(series, t, level), target));
        }

        return examples;
    }

    /// <summary>The model's input for a forecast made at step <paramref name="t"/> (from the History steps before it), and the level to add back.</summary>
    public (float[] Steps, float Level) Input(NumericSeries series, int t)
    {
        float level = Level(series, t - History, t);
        return (Inputs(series, t, level), level);
    }

    private float[] Inputs(NumericSeries series, int t, float level)
    {
        var steps = new float[History * 2];
        for (int i = 0; i < History; i++)
        {
            int at = t - History + i;
            steps[i * 2] = (series.Values[at] - level) / Scale;
            steps[i * 2 + 1] = series.Filled[at] ? 1f : 0f;
        }

        return steps;
    }

    /// <summary>The mean of the observed values in [from, to); of all values when every one was filled.</summary>
    private static float Level(NumericSeries series, int from, int to)
    {
        double sum = 0, all = 0;
        int count = 0;
        for (int i = from; i < to; i++)
        {
            all += series.Values[i];
            if (series.Filled[i]) continue;
            sum += series.Values[i];
            count++;
        }

        return (float)(count > 0 ? sum / count : all / (to - from));
    }
}
