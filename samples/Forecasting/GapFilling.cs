using System;
using System.IO;

namespace Forecasting;

/// <summary>
/// The missing-value policy, in one place. A missing week is filled by linear interpolation between the nearest
/// observed weeks on either side, and <see cref="Filled"/> marks it, so the model receives the mark as an input
/// feature and learns how far to trust the filled value. Filled values are only ever inputs: a forecast is never
/// trained or scored on a filled week (see <see cref="ForecastWindows"/>). A gap at the very start or end has only one
/// neighbour to interpolate from, so it is refused rather than guessed.
/// </summary>
public sealed class GapFilling
{
    private GapFilling(float[] values, bool[] filled, int longestGap)
    {
        Values = values;
        Filled = filled;
        LongestGap = longestGap;
    }

    /// <summary>Every week's value: observed, or interpolated where <see cref="Filled"/> is set.</summary>
    public float[] Values { get; }

    /// <summary>True for the weeks that were missing and are interpolated.</summary>
    public bool[] Filled { get; }

    /// <summary>The longest run of missing weeks, in weeks.</summary>
    public int LongestGap { get; }

    public int FilledCount => Array.FindAll(Filled, f => f).Length;

    /// <summary>Fills <paramref name="series"/>'s gaps; <paramref name="name"/> names it in error messages.</summary>
    public static GapFilling Fill(WeeklySeries series, string name)
    {
        int n = series.Count;
        var values = new float[n];
        var filled = new bool[n];
        int longest = 0;
        int lastObserved = -1;
        for (int i = 0; i < n; i++)
        {
            if (series.Values[i] is not double observed) continue;
            if (lastObserved < 0 && i > 0)
                throw new InvalidDataException($"{name}: the first {i} weeks (from {series.DateOf(0):yyyy-MM-dd}) are missing; a gap at the start has no earlier value to interpolate from.");

            values[i] = (float)observed;
            int gap = i - lastObserved - 1;
            if (gap > 0)
            {
                // A straight line from the last observed week to this one.
                double before = series.Values[lastObserved]!.Value;
                for (int k = lastObserved + 1; k < i; k++)
                {
                    double t = (double)(k - lastObserved) / (i - lastObserved);
                    values[k] = (float)(before + (t * (observed - before)));
                    filled[k] = true;
                }

                longest = Math.Max(longest, gap);
            }

            lastObserved = i;
        }

        if (lastObserved < 0) throw new InvalidDataException($"{name}: every week is missing.");
        if (lastObserved < n - 1)
            throw new InvalidDataException($"{name}: the last {n - 1 - lastObserved} weeks (from {series.DateOf(lastObserved + 1):yyyy-MM-dd}) are missing; a gap at the end has no later value to interpolate from.");
        return new GapFilling(values, filled, longest);
    }
}
