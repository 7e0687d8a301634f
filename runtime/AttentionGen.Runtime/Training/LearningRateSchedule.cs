using System;
using System.Globalization;

namespace AttentionGen.Training;

/// <summary>
/// A learning rate as a function of the 0-based step index: <see cref="At"/>(s) is the rate for the step that
/// makes <see cref="Optimizer.StepCount"/> go from s to s + 1, so before each step set
/// <c>optimizer.LearningRate = schedule.At(optimizer.StepCount)</c>.
/// </summary>
public abstract class LearningRateSchedule
{
    /// <summary>For subclasses: a custom schedule overrides <see cref="At"/>.</summary>
    protected LearningRateSchedule()
    {
    }

    /// <summary>The learning rate for the 0-based step <paramref name="step"/>.</summary>
    /// <param name="step">The step index; 0 or more.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="step"/> is negative.</exception>
    public abstract float At(long step);

    /// <summary>The same rate at every step.</summary>
    /// <param name="lr">The rate; finite, 0 or more.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="lr"/> is negative, NaN or infinite.</exception>
    public static LearningRateSchedule Constant(float lr)
    {
        RequireRate(lr, nameof(lr));
        return new ConstantSchedule(lr);
    }

    /// <summary>
    /// Linear warm-up, then cosine decay, then a floor. With W = <paramref name="warmupSteps"/>,
    /// T = <paramref name="totalSteps"/>, P = <paramref name="peak"/>, M = <paramref name="minimum"/>:
    /// <list type="bullet">
    /// <item><description>s &lt; W: P·(s + 1)/W, so the first step already moves (P/W) and step W − 1 runs at P;</description></item>
    /// <item><description>W ≤ s &lt; T: M + (P − M)·(1 + cos(π·(s − W)/(T − W)))/2, which is P at s = W and falls towards M;</description></item>
    /// <item><description>s ≥ T: M (the cosine's value at s = T, so the curve is continuous there).</description></item>
    /// </list>
    /// Computed in double from the decimal values <paramref name="peak"/> and <paramref name="minimum"/> print as
    /// (so 1e-3f·1/10 gives 1e-4f exactly), rounded to float once.
    /// </summary>
    /// <param name="peak">The rate at the end of the warm-up; finite, 0 or more.</param>
    /// <param name="warmupSteps">Steps of linear warm-up; 0 (start at the peak) or more, at most <paramref name="totalSteps"/>.</param>
    /// <param name="totalSteps">The step at which the decay reaches <paramref name="minimum"/>; 1 or more.</param>
    /// <param name="minimum">The floor; finite, in [0, <paramref name="peak"/>].</param>
    /// <exception cref="ArgumentOutOfRangeException">An argument is outside its range; the message names it and the limit.</exception>
    public static LearningRateSchedule WarmupCosine(float peak, long warmupSteps, long totalSteps, float minimum = 0)
    {
        RequireRate(peak, nameof(peak));
        RequireRate(minimum, nameof(minimum));
        if (minimum > peak)
        {
            throw new ArgumentOutOfRangeException(
                nameof(minimum), minimum, string.Create(CultureInfo.InvariantCulture, $"minimum is {minimum}; it must not exceed peak ({peak})."));
        }

        if (totalSteps < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(totalSteps), totalSteps, $"totalSteps is {totalSteps}; it must be 1 or more.");
        }

        if (warmupSteps < 0 || warmupSteps > totalSteps)
        {
            throw new ArgumentOutOfRangeException(
                nameof(warmupSteps), warmupSteps, $"warmupSteps is {warmupSteps}; it must be in [0, totalSteps] = [0, {totalSteps}].");
        }

        return new WarmupCosineSchedule(peak, warmupSteps, totalSteps, minimum);
    }

    /// <summary>Throws unless <paramref name="step"/> is 0 or more.</summary>
    /// <param name="step">The step index passed to <see cref="At"/>.</param>
    protected static void RequireStep(long step)
    {
        if (step < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(step), step, $"step is {step}; it must be 0 or more.");
        }
    }

    private static void RequireRate(float value, string name)
    {
        if (!(value >= 0) || float.IsPositiveInfinity(value))
        {
            throw new ArgumentOutOfRangeException(
                name, value, string.Create(CultureInfo.InvariantCulture, $"{name} is {value}; it must be finite and 0 or more."));
        }
    }

    private sealed class ConstantSchedule(float lr) : LearningRateSchedule
    {
        public override float At(long step)
        {
            RequireStep(step);
            return lr;
        }

        public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"Constant({lr})");
    }

    private sealed class WarmupCosineSchedule(float peak, long warmupSteps, long totalSteps, float minimum) : LearningRateSchedule
    {
        private readonly double _peak = HyperParameter.AsDecimal(peak);
        private readonly double _minimum = HyperParameter.AsDecimal(minimum);

        public override float At(long step)
        {
            RequireStep(step);
            if (step < warmupSteps)
            {
                return (float)(_peak * (step + 1) / warmupSteps);
            }

            if (step >= totalSteps)
            {
                return minimum;
            }

            double progress = (double)(step - warmupSteps) / (totalSteps - warmupSteps);
            return (float)(_minimum + ((_peak - _minimum) * 0.5 * (1 + Math.Cos(Math.PI * progress))));
        }

        public override string ToString() =>
            string.Create(CultureInfo.InvariantCulture, $"WarmupCosine(peak {peak}, warmup {warmupSteps}, total {totalSteps}, minimum {minimum})");
    }
}
