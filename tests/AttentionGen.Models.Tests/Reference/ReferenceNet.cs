using System.Collections.Generic;
using System.Linq;
using AttentionGen.Runtime;

namespace AttentionGen.Models.Tests.Reference;

/// <summary>
/// PyTorch's layers in double precision with plain loops, reading a generated model's weights by their
/// state-dict names only (<see cref="IModel.ParameterInfos"/> and <see cref="IModel.Parameters"/>). A test
/// composes these by hand, following the model's attribute list, so the check is independent of the
/// generated forward pass and of the runtime kernels.
/// </summary>
/// <remarks>
/// Activations are jagged arrays: a sequence batch is <c>x[b][t][c]</c> (batch, seq, width), a pooled
/// batch is <c>x[b][c]</c>. Every lookup records the name, so a test can also assert that the
/// reference read every parameter the model declares (<see cref="UnusedParameters"/>).
/// </remarks>
internal sealed class ReferenceNet
{
    private readonly Dictionary<string, (double[] Values, int[] Shape)> _weights = new();
    private readonly HashSet<string> _used = new();

    /// <summary>Snapshots the model's current weights as doubles.</summary>
    public ReferenceNet(IModel model)
    {
        ReadOnlySpan<float> all = model.Parameters;
        foreach (ParameterInfo info in model.ParameterInfos)
        {
            var values = new double[info.Length];
            for (int i = 0; i < values.Length; i++)
            {
                values[i] = all[info.Offset + i];
            }

            _weights.Add(info.Name, (values, info.Shape.ToArray()));
        }
    }

    /// <summary>Names the model declares that no reference layer has read.</summary>
    /// <summary>
    /// The attention probabilities of every <see cref="MultiheadAttention"/> call by module prefix, [batch][head][query][key],
    /// masked keys 0: what a model's AttentionWeights must reproduce.
    /// </summary>
    public Dictionary<string, double[][][][]> AttentionWeights { get; } = new();

    public IReadOnlyList<string> UnusedParameters => _weights.Keys.Where(name => !_used.Contains(name)).ToList();

    /// <summary>A weight by state-dict name, checked against the shape PyTorch gives it.</summary>
    public double[] Weight(string name, params int[] shape)
    {
        if (!_weights.TryGetValue(name, out var weight))
        {
            throw new KeyNotFoundException($"The model has no parameter named '{name}'; it has: {string.Join(", ", _weights.Keys)}.");
        }

        if (!weight.Shape.SequenceEqual(shape))
        {
            throw new InvalidOperationException(
                $"'{name}' has shape ({string.Join(", ", weight.Shape)}); the reference expects ({string.Join(", ", shape)}).");
        }

        _used.Add(name);
        return weight.Values;
    }

    /// <summary>
    /// The live values of a weight by state-dict name, without counting it as read: a gradient check perturbs
    /// them in place and runs the reference again.
    /// </summary>
    public double[] Values(string name) => _weights.TryGetValue(name, out var weight)
        ? weight.Values
        : throw new KeyNotFoundException($"The model has no parameter named '{name}'; it has: {string.Join(", ", _weights.Keys)}.");

    /// <summary>nn.Embedding: x[b][t] = weight[tokens[b·seqLen + t]].</summary>
    public double[][][] Embed(string name, ReadOnlySpan<int> tokens, int batch, int seqLen, int vocab, int width)
    {
        double[] table = Weight(name, vocab, width);
        var x = new double[batch][][];
        for (int b = 0; b < batch; b++)
        {
            x[b] = new double[seqLen][];
            for (int t = 0; t < seqLen; t++)
            {
                int id = tokens[(b * seqLen) + t];
                x[b][t] = new double[width];
                for (int c = 0; c < width; c++)
                {
                    x[b][t][c] = table[(id * width) + c];
                }
            }
        }

        return x;
    }

    /// <summary>
    /// Adds the fixed encodings pe[p, 2i] = sin(p·ωᵢ), pe[p, 2i+1] = cos(p·ωᵢ), ωᵢ = exp(−ln(10000)·2i/width),
    /// computed here in double.
    /// </summary>
    public static double[][][] AddSinusoidal(double[][][] x)
    {
        var y = new double[x.Length][][];
        for (int b = 0; b < x.Length; b++)
        {
            y[b] = new double[x[b].Length][];
            for (int p = 0; p < x[b].Length; p++)
            {
                int width = x[b][p].Length;
                y[b][p] = new double[width];
                for (int c = 0; c < width; c++)
                {
                    int pair = c / 2;
                    double omega = Math.Exp(-Math.Log(10000.0) * (2.0 * pair) / width);
                    double pe = c % 2 == 0 ? Math.Sin(p * omega) : Math.Cos(p * omega);
                    y[b][p][c] = x[b][p][c] + pe;
                }
            }
        }

        return y;
    }

    /// <summary>Learned positions: x[b][t] += weight[t], weight (maxLength, width).</summary>
    public double[][][] AddLearned(string name, double[][][] x, int maxLength)
    {
        int width = x[0][0].Length;
        double[] table = Weight(name, maxLength, width);
        var y = new double[x.Length][][];
        for (int b = 0; b < x.Length; b++)
        {
            y[b] = new double[x[b].Length][];
            for (int t = 0; t < x[b].Length; t++)
            {
                y[b][t] = new double[width];
                for (int c = 0; c < width; c++)
                {
                    y[b][t][c] = x[b][t][c] + table[(t * width) + c];
                }
            }
        }

        return y;
    }

    /// <summary>nn.Linear on rows: y = x·Wᵀ + b with <c>{prefix}.weight</c> (out, in) and, when <paramref name="bias"/>, <c>{prefix}.bias</c> (out).</summary>
    public double[][] Linear(string prefix, double[][] x, int outFeatures, bool bias = true)
        => Project(x, Weight(prefix + ".weight", outFeatures, x[0].Length), bias ? Weight(prefix + ".bias", outFeatures) : null, outFeatures);

    /// <summary>nn.Linear applied at every position of a sequence batch.</summary>
    public double[][][] Linear(string prefix, double[][][] x, int outFeatures, bool bias = true)
    {
        int width = x[0][0].Length;
        double[] weight = Weight(prefix + ".weight", outFeatures, width);
        double[]? b = bias ? Weight(prefix + ".bias", outFeatures) : null;
        return x.Select(sequence => Project(sequence, weight, b, outFeatures)).ToArray();
    }

    /// <summary>A bias-free projection by an explicitly named (out, in) matrix: an LM head, tied or not.</summary>
    public double[][][] LmHead(string weightName, double[][][] x, int vocab)
    {
        double[] weight = Weight(weightName, vocab, x[0][0].Length);
        return x.Select(sequence => Project(sequence, weight, null, vocab)).ToArray();
    }

    /// <summary>nn.LayerNorm(width, eps): (x − mean)/√(biased variance + eps)·weight + bias at every position.</summary>
    public double[][][] LayerNorm(string prefix, double[][][] x, double eps)
    {
        int width = x[0][0].Length;
        double[] gamma = Weight(prefix + ".weight", width);
        double[] beta = Weight(prefix + ".bias", width);
        var y = new double[x.Length][][];
        for (int b = 0; b < x.Length; b++)
        {
            y[b] = new double[x[b].Length][];
            for (int t = 0; t < x[b].Length; t++)
            {
                double mean = 0;
                for (int c = 0; c < width; c++)
                {
                    mean += x[b][t][c];
                }

                mean /= width;
                double variance = 0;
                for (int c = 0; c < width; c++)
                {
                    double d = x[b][t][c] - mean;
                    variance += d * d;
                }

                variance /= width;
                double inverse = 1 / Math.Sqrt(variance + eps);
                y[b][t] = new double[width];
                for (int c = 0; c < width; c++)
                {
                    y[b][t][c] = ((x[b][t][c] - mean) * inverse * gamma[c]) + beta[c];
                }
            }
        }

        return y;
    }

    /// <summary>
    /// nn.MultiheadAttention(width, heads) called as attn(x, memory, memory): Q from x, K and V from memory,
    /// through the packed <c>{prefix}.in_proj_weight</c> (3·width, width) rows Q, K, V and <c>in_proj_bias</c>;
    /// head h uses features [h·width/heads, (h+1)·width/heads) scaled by 1/√(width/heads); query i of batch row b
    /// sees key j when j &lt; keyLengths[b] (all keys when null) and, with <paramref name="causal"/>, j ≤ i; a query
    /// that sees no key gets a zero context; then <c>{prefix}.out_proj</c>.
    /// </summary>
    public double[][][] MultiheadAttention(string prefix, double[][][] x, double[][][] memory, int heads, bool causal, int[]? keyLengths)
    {
        int width = x[0][0].Length;
        var probabilities = new double[x.Length][][][];
        AttentionWeights[prefix] = probabilities;
        int headDim = width / heads;
        double[] inWeight = Weight(prefix + ".in_proj_weight", 3 * width, width);
        double[] inBias = Weight(prefix + ".in_proj_bias", 3 * width);
        double scale = 1 / Math.Sqrt(headDim);
        var context = new double[x.Length][][];
        for (int b = 0; b < x.Length; b++)
        {
            int queries = x[b].Length, keys = memory[b].Length;
            double[][] q = Project(x[b], inWeight, inBias, width, firstOutput: 0);
            double[][] k = Project(memory[b], inWeight, inBias, width, firstOutput: width);
            double[][] v = Project(memory[b], inWeight, inBias, width, firstOutput: 2 * width);
            int valid = ReferenceMath.ValidLength(keyLengths, b, keys);
            context[b] = new double[queries][];
            probabilities[b] = new double[heads][][];
            for (int h = 0; h < heads; h++)
            {
                probabilities[b][h] = new double[queries][];
                for (int i = 0; i < queries; i++)
                {
                    probabilities[b][h][i] = new double[keys];
                }
            }

            for (int i = 0; i < queries; i++)
            {
                context[b][i] = new double[width];
                for (int h = 0; h < heads; h++)
                {
                    var visible = new List<int>();
                    for (int j = 0; j < keys; j++)
                    {
                        if (j < valid && (!causal || j <= i))
                        {
                            visible.Add(j);
                        }
                    }

                    if (visible.Count == 0)
                    {
                        continue;
                    }

                    var scores = new double[visible.Count];
                    for (int n = 0; n < visible.Count; n++)
                    {
                        double dot = 0;
                        for (int c = h * headDim; c < (h + 1) * headDim; c++)
                        {
                            dot += q[i][c] * k[visible[n]][c];
                        }

                        scores[n] = dot * scale;
                    }

                    double[] weights = ReferenceMath.Softmax(scores);
                    for (int n = 0; n < visible.Count; n++)
                    {
                        probabilities[b][h][i][visible[n]] = weights[n];
                    }

                    for (int c = h * headDim; c < (h + 1) * headDim; c++)
                    {
                        double sum = 0;
                        for (int n = 0; n < visible.Count; n++)
                        {
                            sum += weights[n] * v[visible[n]][c];
                        }

                        context[b][i][c] = sum;
                    }
                }
            }
        }

        return Linear(prefix + ".out_proj", context, width);
    }

    /// <summary>
    /// nn.TransformerEncoderLayer at inference (dropout is the identity), parameters under <paramref name="prefix"/>:
    /// post-norm x = norm1(x + sa(x)); x = norm2(x + ff(x)); pre-norm (norm_first) x = x + sa(norm1(x)); x = x + ff(norm2(x));
    /// ff(x) = linear2(act(linear1(x))); sa masks keys past <paramref name="lengths"/> and, when causal, future keys.
    /// </summary>
    public double[][][] EncoderLayer(
        string prefix, double[][][] x, int heads, int feedForward, Activation activation, bool normFirst, bool causal, int[]? lengths, double eps = 1e-5)
    {
        if (normFirst)
        {
            double[][][] n1 = LayerNorm(prefix + ".norm1", x, eps);
            x = ReferenceMath.Add(x, MultiheadAttention(prefix + ".self_attn", n1, n1, heads, causal, lengths));
            return ReferenceMath.Add(x, FeedForward(prefix, LayerNorm(prefix + ".norm2", x, eps), feedForward, activation));
        }

        x = LayerNorm(prefix + ".norm1", ReferenceMath.Add(x, MultiheadAttention(prefix + ".self_attn", x, x, heads, causal, lengths)), eps);
        return LayerNorm(prefix + ".norm2", ReferenceMath.Add(x, FeedForward(prefix, x, feedForward, activation)), eps);
    }

    /// <summary>
    /// nn.TransformerDecoderLayer at inference, post-norm: x = norm1(x + sa(x)) with causal self-attention and target
    /// key padding; x = norm2(x + mha(x, memory, memory)) with source key padding; x = norm3(x + ff(x)).
    /// Pre-norm (norm_first) applies each norm to the sub-layer's input instead.
    /// </summary>
    public double[][][] DecoderLayer(
        string prefix, double[][][] x, double[][][] memory, int heads, int feedForward, Activation activation, bool normFirst,
        int[]? targetLengths, int[]? sourceLengths, double eps = 1e-5)
    {
        if (normFirst)
        {
            double[][][] n1 = LayerNorm(prefix + ".norm1", x, eps);
            x = ReferenceMath.Add(x, MultiheadAttention(prefix + ".self_attn", n1, n1, heads, causal: true, targetLengths));
            x = ReferenceMath.Add(x, MultiheadAttention(prefix + ".multihead_attn", LayerNorm(prefix + ".norm2", x, eps), memory, heads, causal: false, sourceLengths));
            return ReferenceMath.Add(x, FeedForward(prefix, LayerNorm(prefix + ".norm3", x, eps), feedForward, activation));
        }

        x = LayerNorm(prefix + ".norm1", ReferenceMath.Add(x, MultiheadAttention(prefix + ".self_attn", x, x, heads, causal: true, targetLengths)), eps);
        x = LayerNorm(prefix + ".norm2", ReferenceMath.Add(x, MultiheadAttention(prefix + ".multihead_attn", x, memory, heads, causal: false, sourceLengths)), eps);
        return LayerNorm(prefix + ".norm3", ReferenceMath.Add(x, FeedForward(prefix, x, feedForward, activation)), eps);
    }

    /// <summary>linear2(act(linear1(x))) with <c>{prefix}.linear1</c> (feedForward, width) and <c>{prefix}.linear2</c> (width, feedForward).</summary>
    private double[][][] FeedForward(string prefix, double[][][] x, int feedForward, Activation activation)
    {
        int width = x[0][0].Length;
        double[][][] hidden = ReferenceMath.Apply(activation, Linear(prefix + ".linear1", x, feedForward));
        return Linear(prefix + ".linear2", hidden, width);
    }

    /// <summary>
    /// y[r][o] = Σᵢ x[r][i]·W[firstOutput + o, i] + bias[firstOutput + o] for o &lt; outFeatures: a linear map by
    /// rows [firstOutput, firstOutput + outFeatures) of a row-major weight (which selects Q, K or V from a packed one).
    /// </summary>
    private static double[][] Project(double[][] x, double[] weight, double[]? bias, int outFeatures, int firstOutput = 0)
    {
        int inFeatures = x[0].Length;
        var y = new double[x.Length][];
        for (int r = 0; r < x.Length; r++)
        {
            y[r] = new double[outFeatures];
            for (int o = 0; o < outFeatures; o++)
            {
                int row = firstOutput + o;
                double sum = bias is null ? 0 : bias[row];
                for (int i = 0; i < inFeatures; i++)
                {
                    sum += x[r][i] * weight[(row * inFeatures) + i];
                }

                y[r][o] = sum;
            }
        }

        return y;
    }
}
