using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using AttentionGen.Models.Tests.Reference;
using AttentionGen.Runtime;

namespace AttentionGen.Models.Tests.Gradients;

/// <summary>
/// Central differences of L(θ) = Σ r·f(θ) for a fixed random cotangent r, where f is a model's output, and the
/// comparison of the generated Backward's gradient with them, element by element.
/// </summary>
internal static class FiniteDifferences
{
    /// <summary>Elements drawn uniformly from a tensor, and as many more from its nonzero analytic gradients.</summary>
    public const int UniformSamples = 4;

    /// <summary>
    /// Step for the double reference: 1e-6·max(1, |θ|). The truncation error is O(eps²) ≈ 1e-12 relative and the
    /// rounding error ≈ 1e-16·|L| / eps ≈ 1e-9 for the losses here: both far below the tolerance.
    /// </summary>
    public const double ReferenceStep = 1e-6;

    /// <summary>A fixed cotangent, uniform in [−1, 1).</summary>
    public static float[] Cotangent(int length, int seed)
    {
        var rng = new Random(seed);
        var r = new float[length];
        for (int i = 0; i < length; i++)
        {
            r[i] = (float)((rng.NextDouble() * 2) - 1);
        }

        return r;
    }

    /// <summary>Σ r·y in double.</summary>
    public static double Dot(ReadOnlySpan<float> y, float[] r)
    {
        double sum = 0;
        for (int i = 0; i < y.Length; i++)
        {
            sum += (double)y[i] * r[i];
        }

        return sum;
    }

    /// <summary>Σ r·y in double.</summary>
    public static double Dot(double[] y, float[] r)
    {
        Assert.Equal(r.Length, y.Length);
        double sum = 0;
        for (int i = 0; i < y.Length; i++)
        {
            sum += y[i] * r[i];
        }

        return sum;
    }

    /// <summary>ZeroGradients, Forward, Backward(r): a copy of the gradients.</summary>
    public static float[] Analytic(GradientCase c, float[] r, bool training = false)
    {
        c.Model.ZeroGradients();
        c.Run(training);
        c.Model.Backward(r);
        return c.Model.Gradients.ToArray();
    }

    /// <summary>
    /// The elements of one tensor to check, deterministic: <see cref="UniformSamples"/> uniform ones, as many among the
    /// nonzero analytic gradients, the largest |analytic|; for an embedding table two elements of rows the inputs look
    /// up and two of rows they do not; for a packed in_proj_bias one element of the key rows [E, 2E), whose true
    /// gradient is 0 (a key bias adds the same q·b to every score of a query, which softmax ignores).
    /// </summary>
    public static int[] Sample(ParameterInfo info, ReadOnlySpan<float> analytic, int seed, IReadOnlyDictionary<string, int[]> tableTokens)
    {
        var rng = new Random(seed);
        var picks = new SortedSet<int>();
        for (int k = 0; k < UniformSamples; k++)
        {
            picks.Add(rng.Next(info.Length));
        }

        var nonzero = new List<int>();
        int largest = 0;
        for (int i = 0; i < info.Length; i++)
        {
            if (analytic[i] != 0)
            {
                nonzero.Add(i);
            }

            if (Math.Abs(analytic[i]) > Math.Abs(analytic[largest]))
            {
                largest = i;
            }
        }

        for (int k = 0; k < UniformSamples && nonzero.Count > 0; k++)
        {
            picks.Add(nonzero[rng.Next(nonzero.Count)]);
        }

        picks.Add(largest);

        if (tableTokens.TryGetValue(info.Name, out int[]? tokens))
        {
            int rows = info.Shape[0], width = info.Shape[1];
            var present = tokens.Distinct().OrderBy(t => t).ToList();
            var absent = Enumerable.Range(0, rows).Except(present).ToList();
            foreach (var group in new[] { present, absent })
            {
                for (int k = 0; k < 2 && group.Count > 0; k++)
                {
                    picks.Add((group[rng.Next(group.Count)] * width) + rng.Next(width));
                }
            }
        }

        if (info.Name.EndsWith("in_proj_bias", StringComparison.Ordinal))
        {
            int width = info.Length / 3;
            picks.Add(width + rng.Next(width));
        }

        return picks.ToArray();
    }

    /// <summary>One checked element.</summary>
    public readonly record struct Element(string Tensor, int Index, double Analytic, double Numeric, double Allowed)
    {
        public double Error => Math.Abs(Analytic - Numeric);

        public double Excess => Error / Allowed;

        public override string ToString() => string.Format(
            CultureInfo.InvariantCulture, "{0}[{1}]: analytic {2:G7}, finite difference {3:G7} (error {4:E2}, {5:F2}× the allowed {6:E2})",
            Tensor, Index, Analytic, Numeric, Error, Excess, Allowed);
    }

    /// <summary>
    /// Checks every parameter tensor of the case against central differences of the double reference (see
    /// <see cref="ModelGradientTests"/> for the tolerance) and returns every checked element.
    /// </summary>
    public static List<Element> CheckAgainstReference(GradientCase c, float[] r, float[] analytic, double relative, double scaled, double absolute)
    {
        var net = new ReferenceNet(c.Model);
        double[] output = c.Reference(net);
        Assert.Empty(net.UnusedParameters);
        Tolerance.AssertClose(c.Run(false), output, c.Name + " forward");

        var elements = new List<Element>();
        int seed = 0;
        foreach (ParameterInfo info in c.Model.ParameterInfos)
        {
            double[] values = net.Values(info.Name);
            int[] picks = Sample(info, analytic.AsSpan(info.Offset, info.Length), 7919 * ++seed, c.TableTokens);
            var numeric = new double[picks.Length];
            for (int k = 0; k < picks.Length; k++)
            {
                int i = picks[k];
                double original = values[i];
                double step = ReferenceStep * Math.Max(1, Math.Abs(original));
                values[i] = original + step;
                double plus = Dot(c.Reference(net), r);
                values[i] = original - step;
                double minus = Dot(c.Reference(net), r);
                values[i] = original;
                numeric[k] = (plus - minus) / (2 * step);
            }

            double scale = numeric.Max(Math.Abs);
            Assert.True(scale > 0, $"{c.Name}: no checked element of {info.Name} has a gradient; the loss does not depend on it.");
            for (int k = 0; k < picks.Length; k++)
            {
                double allowed = (relative * Math.Abs(numeric[k])) + (scaled * scale) + absolute;
                elements.Add(new Element(info.Name, picks[k], analytic[info.Offset + picks[k]], numeric[k], allowed));
            }
        }

        return elements;
    }

    /// <summary>Asserts every element is within its allowance, listing the ones that are not.</summary>
    public static void AssertAllWithin(string what, IReadOnlyList<Element> elements)
    {
        var failures = elements.Where(e => !(e.Excess <= 1)).OrderByDescending(e => e.Excess).ToList();
        if (failures.Count == 0)
        {
            return;
        }

        var message = new StringBuilder();
        message.Append(CultureInfo.InvariantCulture, $"{what}: {failures.Count} of {elements.Count} checked gradient elements are off:");
        foreach (Element e in failures.Take(12))
        {
            message.AppendLine().Append("  ").Append(e);
        }

        Assert.Fail(message.ToString());
    }
}
