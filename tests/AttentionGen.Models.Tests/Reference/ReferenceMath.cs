using System.Collections.Generic;

namespace AttentionGen.Models.Tests.Reference;

/// <summary>
/// Element-wise functions, pooling and output transforms in double precision, written from their
/// mathematical definitions (PyTorch's, where PyTorch defines them) with plain loops. Activations are
/// (batch, seq, width) jagged arrays <c>x[b][t][c]</c>; pooled values are (batch, width).
/// </summary>
internal static class ReferenceMath
{
    /// <summary>max(0, x), nn.ReLU.</summary>
    public static double Relu(double x) => x > 0 ? x : 0;

    /// <summary>Exact GELU, x·Φ(x) = 0.5·x·(1 + erf(x/√2)), nn.GELU().</summary>
    public static double Gelu(double x) => 0.5 * x * (1 + Erf(x / Math.Sqrt(2)));

    /// <summary>nn.GELU(approximate="tanh"): 0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³))).</summary>
    public static double GeluTanh(double x) => 0.5 * x * (1 + Math.Tanh(Math.Sqrt(2 / Math.PI) * (x + (0.044715 * x * x * x))));

    /// <summary>1 / (1 + e^−x).</summary>
    public static double Sigmoid(double x) => 1 / (1 + Math.Exp(-x));

    /// <summary>The activation an attribute names, applied to one value.</summary>
    public static double Apply(Activation activation, double x) => activation switch
    {
        Activation.None => x,
        Activation.Relu => Relu(x),
        Activation.Gelu => Gelu(x),
        Activation.GeluTanh => GeluTanh(x),
        _ => throw new ArgumentOutOfRangeException(nameof(activation), activation, "Unknown activation."),
    };

    /// <summary>A new array with <paramref name="activation"/> applied to every element.</summary>
    public static double[][][] Apply(Activation activation, double[][][] x)
    {
        var y = new double[x.Length][][];
        for (int b = 0; b < x.Length; b++)
        {
            y[b] = Apply(activation, x[b]);
        }

        return y;
    }

    /// <summary>A new array with <paramref name="activation"/> applied to every element.</summary>
    public static double[][] Apply(Activation activation, double[][] x)
    {
        var y = new double[x.Length][];
        for (int r = 0; r < x.Length; r++)
        {
            y[r] = new double[x[r].Length];
            for (int c = 0; c < x[r].Length; c++)
            {
                y[r][c] = Apply(activation, x[r][c]);
            }
        }

        return y;
    }

    /// <summary>
    /// The error function to about 1e-15: its Maclaurin series below |x| = 2.5, and 1 − erfc(x) from the
    /// classical continued fraction above (where the series would lose digits to cancellation).
    /// </summary>
    public static double Erf(double x)
    {
        double a = Math.Abs(x);
        double result;
        if (a < 2.5)
        {
            // erf(x) = 2/√π · Σ (−1)ⁿ x^(2n+1) / (n! (2n+1))
            double term = a, sum = a;
            for (int n = 1; n < 200; n++)
            {
                term *= -a * a / n;
                double add = term / ((2 * n) + 1);
                sum += add;
                if (Math.Abs(add) < 1e-17 * Math.Abs(sum))
                {
                    break;
                }
            }

            result = 2 / Math.Sqrt(Math.PI) * sum;
        }
        else
        {
            // erfc(x) = e^(−x²)/√π · 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + 2/(x + …))))), evaluated from the tail.
            double fraction = a;
            for (int k = 80; k >= 1; k--)
            {
                fraction = a + (k / 2.0 / fraction);
            }

            result = 1 - (Math.Exp(-a * a) / Math.Sqrt(Math.PI) / fraction);
        }

        return x < 0 ? -result : result;
    }

    /// <summary>softmax(row)ᵢ = e^(xᵢ − max) / Σ e^(xⱼ − max).</summary>
    public static double[] Softmax(double[] row)
    {
        double max = double.NegativeInfinity;
        foreach (double v in row)
        {
            max = Math.Max(max, v);
        }

        var y = new double[row.Length];
        double sum = 0;
        for (int i = 0; i < row.Length; i++)
        {
            y[i] = Math.Exp(row[i] - max);
            sum += y[i];
        }

        for (int i = 0; i < row.Length; i++)
        {
            y[i] /= sum;
        }

        return y;
    }

    /// <summary>Valid positions of batch row b: lengths[b], or every position when lengths is null.</summary>
    public static int ValidLength(int[]? lengths, int b, int seqLen) => lengths is null ? seqLen : lengths[b];

    /// <summary>Mean over each row's valid positions; a row with no valid position pools to zeros.</summary>
    public static double[][] MeanPool(double[][][] x, int[]? lengths)
    {
        var y = new double[x.Length][];
        for (int b = 0; b < x.Length; b++)
        {
            int width = x[b][0].Length;
            int n = ValidLength(lengths, b, x[b].Length);
            y[b] = new double[width];
            for (int t = 0; t < n; t++)
            {
                for (int c = 0; c < width; c++)
                {
                    y[b][c] += x[b][t][c];
                }
            }

            for (int c = 0; c < width && n > 0; c++)
            {
                y[b][c] /= n;
            }
        }

        return y;
    }

    /// <summary>Position 0 of each row; zeros for a row with no valid position.</summary>
    public static double[][] FirstPool(double[][][] x, int[]? lengths)
    {
        var y = new double[x.Length][];
        for (int b = 0; b < x.Length; b++)
        {
            int n = ValidLength(lengths, b, x[b].Length);
            y[b] = n == 0 ? new double[x[b][0].Length] : (double[])x[b][0].Clone();
        }

        return y;
    }

    /// <summary>Position length − 1 of each row; zeros for a row with no valid position.</summary>
    public static double[][] LastPool(double[][][] x, int[]? lengths)
    {
        var y = new double[x.Length][];
        for (int b = 0; b < x.Length; b++)
        {
            int n = ValidLength(lengths, b, x[b].Length);
            y[b] = n == 0 ? new double[x[b][0].Length] : (double[])x[b][n - 1].Clone();
        }

        return y;
    }

    /// <summary>Element-wise sum of two (batch, seq, width) arrays.</summary>
    public static double[][][] Add(double[][][] x, double[][][] y)
    {
        var z = new double[x.Length][][];
        for (int b = 0; b < x.Length; b++)
        {
            z[b] = new double[x[b].Length][];
            for (int t = 0; t < x[b].Length; t++)
            {
                z[b][t] = new double[x[b][t].Length];
                for (int c = 0; c < x[b][t].Length; c++)
                {
                    z[b][t][c] = x[b][t][c] + y[b][t][c];
                }
            }
        }

        return z;
    }

    /// <summary>Floats (batch, seqLen, features) row-major as a jagged double array.</summary>
    public static double[][][] FromFloats(ReadOnlySpan<float> values, int batch, int seqLen, int features)
    {
        var x = new double[batch][][];
        for (int b = 0; b < batch; b++)
        {
            x[b] = new double[seqLen][];
            for (int t = 0; t < seqLen; t++)
            {
                x[b][t] = new double[features];
                for (int c = 0; c < features; c++)
                {
                    x[b][t][c] = values[(((b * seqLen) + t) * features) + c];
                }
            }
        }

        return x;
    }

    /// <summary>Row-major flattening, the layout the generated Forward returns.</summary>
    public static double[] Flatten(double[][][] x)
    {
        var flat = new List<double>();
        foreach (double[][] sequence in x)
        {
            foreach (double[] position in sequence)
            {
                flat.AddRange(position);
            }
        }

        return flat.ToArray();
    }

    /// <summary>Row-major flattening, the layout the generated Forward returns.</summary>
    public static double[] Flatten(double[][] x)
    {
        var flat = new List<double>();
        foreach (double[] row in x)
        {
            flat.AddRange(row);
        }

        return flat.ToArray();
    }
}
