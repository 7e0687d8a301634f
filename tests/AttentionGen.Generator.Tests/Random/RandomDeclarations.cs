using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;

namespace AttentionGen.Generator.Tests.Random;

/// <summary>One random model declaration: its class, its source, and the attribute options it uses.</summary>
public sealed record RandomDeclaration(string ClassName, string Source, bool Mutated, IReadOnlyCollection<string> Features);

/// <summary>
/// Writes random model declarations in the attribute language, valid by construction: every layer kind and every
/// option, widths that heads divide, positions right after an embedding, a decoder side that matches its memory, and
/// layer names drawn from the identifiers the generated code uses itself. A mutation breaks a few of them on purpose
/// (a head count that does not divide, a negative size, a dropout of 1, a layer out of place, a duplicate name).
/// </summary>
public sealed class RandomDeclarations
{
    /// <summary>Names that spell generated locals, members, keywords and other layers' prefixes.</summary>
    private static readonly string[] TrickyNames =
    {
        "training", "rows", "input", "inputs", "layer", "logits", "x", "y", "p", "probabilities", "batch", "seqLen", "lengths",
        "tokens", "source", "target", "targetLen", "sourceRows", "outputGradient", "outputLength", "encoder.layers.0",
        "decoder.layers.1", "block", "head", "Forward", "Parameters", "P", "G", "Buffer", "Gradient", "DropoutSeed",
        "class", "_private", "a1.b2", "qkv", "memory", "dropout", "site", "dx", "hidden", "Start", "Stride", "self_attn_7",
    };

    private static readonly int[] Widths = { 4, 6, 8, 12 };
    private static readonly string[] Activations = { "None", "Relu", "Gelu", "GeluTanh" };
    private static readonly string[] Dropouts = { "0", "0.1", "0.5", "0.25" };
    private static readonly string[] Epsilons = { "1e-5", "1e-6", "0.001" };

    private readonly System.Random _random;
    private readonly List<string> _layers = new();
    private readonly HashSet<string> _features = new();
    private readonly HashSet<string> _names = new();
    private int _width;
    private int _embedWidth;
    private bool _sequence;
    private bool _widthChanged;

    private RandomDeclarations(System.Random random) => _random = random;

    /// <summary><paramref name="count"/> declarations from <paramref name="seed"/>, classes named <c>M0</c>, <c>M1</c>, ...</summary>
    public static IReadOnlyList<RandomDeclaration> Generate(int seed, int count, double mutationRate)
    {
        var random = new System.Random(seed);
        return Enumerable.Range(0, count).Select(i => new RandomDeclarations(random).Write("M" + i.ToString(CultureInfo.InvariantCulture), random.NextDouble() < mutationRate)).ToList();
    }

    private RandomDeclaration Write(string className, bool mutate)
    {
        var model = new List<string>();
        int maxSeq = Int(1, 8);
        switch (Int(0, 3))
        {
            case 0:
                TokenSource(model, maxSeq);
                Tail(model, lmVocab: true);
                break;
            case 1:
                FloatSource(model, maxSeq);
                Tail(model, lmVocab: false);
                break;
            case 2:
                TokenSource(model, maxSeq);
                TargetSide(model);
                break;
            default:
                TokenSource(model, maxSeq);
                Tail(model, lmVocab: true);
                break;
        }
        if (mutate) Mutate();
        foreach (var argument in model) _features.Add("Model." + argument.Substring(0, argument.IndexOf(' ', System.StringComparison.Ordinal)));

        var source = new StringBuilder();
        source.Append("using AttentionGen;\n\nnamespace RandomModels;\n\n");
        source.Append("[Model(").Append(string.Join(", ", model)).Append(")]\n");
        foreach (var layer in _layers) source.Append('[').Append(layer).Append("]\n");
        source.Append("public partial class ").Append(className).Append(";\n");
        return new RandomDeclaration(className, source.ToString(), mutate, _features);
    }

    private void TokenSource(List<string> model, int maxSeq)
    {
        int vocab = Int(2, 20);
        model.Add("Vocab = " + vocab);
        model.Add("MaxSeq = " + maxSeq);
        _width = _embedWidth = Pick(Widths);
        _sequence = true;
        Add("Embed", Named(_width.ToString(CultureInfo.InvariantCulture)));
        Positions(maxSeq);
        Body();
    }

    private void FloatSource(List<string> model, int maxSeq)
    {
        int features = Int(1, 6);
        model.Add("Features = " + features);
        model.Add("MaxSeq = " + maxSeq);
        _width = features;
        _sequence = true;
        if (Chance(0.7))
        {
            _width = Pick(Widths);
            Add("InputProjection", Named(_width.ToString(CultureInfo.InvariantCulture)));
            Positions(maxSeq);
        }
        Body();
    }

    /// <summary>The decoder side: the target embedding matches the memory's width, so cross-attention fits.</summary>
    private void TargetSide(List<string> model)
    {
        int targetMaxSeq = Int(1, 8);
        model.Add("TargetVocab = " + Int(2, 20));
        model.Add("TargetMaxSeq = " + targetMaxSeq);
        _embedWidth = _width;
        Add("TargetEmbed", Named(_width.ToString(CultureInfo.InvariantCulture)));
        _widthChanged = false;
        Positions(targetMaxSeq);
        for (int i = Int(1, 2); i > 0; i--) Block("Decoder");
        if (Chance(0.3)) Add("LayerNorm", Named(LayerNormOptions().ToArray()));
        if (Chance(0.3)) Add("MultiHead", Attention(heads: true));
        Tail(model, lmVocab: true);
    }

    private void Positions(int maxSeq)
    {
        switch (Int(0, 2))
        {
            case 0:
                Add("SinusoidalPositions", Chance(0.5) ? "" : "MaxLength = " + (maxSeq + Int(0, 4)));
                break;
            case 1:
                Add("LearnedPositions", Named(Chance(0.5) ? "MaxLength = " + (Chance(0.3) ? 0 : maxSeq + Int(0, 4)) : ""));
                break;
        }
    }

    /// <summary>Layers on a sequence, keeping the width unless a Dense changes it.</summary>
    private void Body()
    {
        for (int i = Int(0, 4); i > 0; i--)
        {
            switch (Int(0, 5))
            {
                case 0: Add("MultiHead", Attention(heads: true)); break;
                case 1: Add("SelfAttention", Attention(heads: false)); break;
                case 2: Block("Encoder"); break;
                case 3: Add("LayerNorm", Named(LayerNormOptions().ToArray())); break;
                case 4: Add("Dropout", Pick(Dropouts)); break;
                default: Dense(); break;
            }
        }
    }

    /// <summary>Per-position logits, a pooled head, a per-position head, or the sequence as it is.</summary>
    private void Tail(List<string> model, bool lmVocab)
    {
        switch (Int(0, 3))
        {
            case 0 when lmVocab:
            {
                bool tied = !_widthChanged && Chance(0.5);
                Add("LmHead", Named(tied ? "Tied = true" : Chance(0.2) ? "Tied = false" : ""));
                break;
            }
            case 1:
            {
                Add(Pick(new[] { "MeanPool", "FirstTokenPool", "LastTokenPool" }), "");
                _sequence = false;
                if (Chance(0.3)) Add("LayerNorm", Named(LayerNormOptions().ToArray()));
                if (Chance(0.3)) Add("Dropout", Pick(Dropouts));
                if (Chance(0.4)) Dense();
                OutputHead(model);
                break;
            }
            case 2:
                OutputHead(model);
                break;
        }
    }

    /// <summary>A last Dense with an output activation that fits it, and sometimes Classes.</summary>
    private void OutputHead(List<string> model)
    {
        bool sigmoid = Chance(0.3);
        int units = sigmoid ? 1 : Int(2, 5);
        Add("Dense", Named(units.ToString(CultureInfo.InvariantCulture)));
        _width = units;
        if (Chance(0.7)) Add(sigmoid ? "Sigmoid" : "Softmax", "");
        if (!_sequence && Chance(0.5)) model.Add("Classes = " + units);
    }

    private void Dense()
    {
        int units = Pick(Widths);
        var options = new List<string> { units.ToString(CultureInfo.InvariantCulture) };
        if (Chance(0.6)) options.Add("Activation = Activation." + Pick(Activations));
        if (Chance(0.3)) options.Add("Bias = " + (Chance(0.7) ? "false" : "true"));
        Add("Dense", Named(options.ToArray()));
        _widthChanged |= units != _width;
        _width = units;
    }

    private string Attention(bool heads)
    {
        var options = new List<string>();
        if (heads) options.Add(Pick(Divisors(_width)).ToString(CultureInfo.InvariantCulture));
        if (Chance(0.4)) options.Add("Causal = " + (Chance(0.7) ? "true" : "false"));
        if (Chance(0.4)) options.Add("Dropout = " + Pick(Dropouts));
        if (Chance(0.2)) options.Add("Width = " + _width);
        return Named(options.ToArray());
    }

    private void Block(string kind)
    {
        var options = new List<string>
        {
            Int(1, 2).ToString(CultureInfo.InvariantCulture),
            "Heads = " + Pick(Divisors(_width)),
            "FeedForward = " + Pick(new[] { 4, 8, 16 }),
        };
        if (Chance(0.4)) options.Add("Activation = Activation." + Pick(Activations));
        if (Chance(0.5)) options.Add("Dropout = " + Pick(Dropouts));
        if (Chance(0.5)) options.Add("NormFirst = " + (Chance(0.7) ? "true" : "false"));
        if (kind == "Encoder" && Chance(0.4)) options.Add("Causal = " + (Chance(0.7) ? "true" : "false"));
        if (Chance(0.3)) options.Add("LayerNormEps = " + Pick(Epsilons));
        if (Chance(0.2)) options.Add("Width = " + _width);
        Add(kind, Named(options.ToArray()));
    }

    private List<string> LayerNormOptions()
    {
        var options = new List<string>();
        if (Chance(0.3)) options.Add(_width.ToString(CultureInfo.InvariantCulture));
        if (Chance(0.4)) options.Add("Eps = " + Pick(Epsilons));
        return options;
    }

    /// <summary>The arguments with "Name = ..." a quarter of the time: a tricky name, each at most once per model.</summary>
    private string Named(params string[] arguments)
    {
        var all = arguments.Where(a => a.Length > 0).ToList();
        if (Chance(0.25) && Pick(TrickyNames) is var name && _names.Add(name)) all.Add("Name = \"" + name + "\"");
        return string.Join(", ", all);
    }

    /// <summary>Breaks the declaration in one of the ways a user does: the analyzers decide whether it still holds.</summary>
    private void Mutate()
    {
        int index = Int(0, _layers.Count);
        string broken = Int(0, 4) switch
        {
            0 => "Dropout(1)",
            1 => "Dense(-3)",
            2 => "MultiHead(7)",
            3 => "SelfAttention(Width = 5)",
            _ => "LayerNorm(Name = \"dup\"), LayerNorm(Name = \"dup\")",
        };
        _layers.Insert(index, broken);
    }

    private void Add(string kind, string arguments)
    {
        _features.Add(kind);
        foreach (var part in arguments.Split(',').Select(a => a.Trim()).Where(a => a.Contains('=', System.StringComparison.Ordinal)))
        {
            string option = part.Substring(0, part.IndexOf('=', System.StringComparison.Ordinal)).Trim();
            _features.Add(kind + "." + option + (option is "Causal" or "NormFirst" or "Bias" or "Tied" ? "=" + part.Substring(part.IndexOf('=') + 1).Trim() : ""));
        }
        if (kind is "Embed" or "InputProjection" or "TargetEmbed") _widthChanged = false;
        _layers.Add(arguments.Length == 0 ? kind : kind + "(" + arguments + ")");
    }

    private static int[] Divisors(int width) => Enumerable.Range(1, width).Where(d => width % d == 0).ToArray();

    private int Int(int min, int max) => _random.Next(min, max + 1);

    private bool Chance(double p) => _random.NextDouble() < p;

    private T Pick<T>(IReadOnlyList<T> values) => values[_random.Next(values.Count)];
}
