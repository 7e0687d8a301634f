using System;

namespace Forecasting;

/// <summary>
/// Mean absolute errors in ppm of the model and of the seasonal-naive forecast, summed over exactly the same
/// (origin, target week) pairs, and split by lead time (weeks ahead).
/// </summary>
public sealed class HoldoutScore
{
    private readonly double[] _model, _naive, _counts;

    public HoldoutScore(int horizon)
    {
        _model = new double[horizon];
        _naive = new double[horizon];
        _counts = new double[horizon];
    }

    public int Count { get; private set; }

    /// <summary>Counts one target week, <paramref name="lead"/> weeks (1-based) after its forecast origin.</summary>
    public void Add(int lead, double actual, double model, double naive)
    {
        _model[lead - 1] += Math.Abs(model - actual);
        _naive[lead - 1] += Math.Abs(naive - actual);
        _counts[lead - 1]++;
        Count++;
    }

    public double ModelMae => Sum(_model, 1, _counts.Length) / Count;

    public double NaiveMae => Sum(_naive, 1, _counts.Length) / Count;

    /// <summary>Both errors over the leads <paramref name="from"/> to <paramref name="to"/> weeks, 1-based and inclusive.</summary>
    public (double Model, double Naive) Between(int from, int to)
    {
        double n = Sum(_counts, from, to);
        return (Sum(_model, from, to) / n, Sum(_naive, from, to) / n);
    }

    private static double Sum(double[] values, int from, int to)
    {
        double sum = 0;
        for (int lead = from; lead <= to; lead++) sum += values[lead - 1];
        return sum;
    }
}
