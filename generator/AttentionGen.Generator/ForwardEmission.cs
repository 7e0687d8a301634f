using System.Collections.Generic;
using System.Linq;
using AttentionGen.Core;

namespace AttentionGen.Generator;

/// <summary>The forward pass: one commented step per layer, buffers from the arena, kernels from the runtime.</summary>
internal sealed partial class ModelEmission
{
    /// <summary>The local variable (and arena buffer, when the layer writes a new tensor) of each layer's output.</summary>
    private readonly Dictionary<ShapeNode, string> _outputs = new();
    private readonly HashSet<string> _variables = new();
    private bool _copiesInput;

    /// <summary>Names of the run-time sizes of a stream: rows (batch × length), the length, and the per-sequence lengths.</summary>
    private sealed record StreamNames(string Rows, string Length, string Lengths, string MaxRows);

    private StreamNames NamesOf(Stream stream) => !_graph.HasTarget
        ? new StreamNames("rows", "seqLen", "lengths", "sourceRows")
        : stream == Stream.Source
            ? new StreamNames("sourceRows", "sourceLen", "sourceLengths", "sourceRows")
            : new StreamNames("targetRows", "targetLen", "targetLengths", "targetRows");

    private void PlanBuffers()
    {
        _copiesInput = !IsTokenModel && ModifiesInputInPlace();
        string current = _copiesInput ? ReserveFixed("input", "sourceRows * Features", "input copy (batch, seq, Features)") : IsTokenModel ? "" : "inputs";
        string memory = "";
        foreach (var node in _graph.Nodes)
        {
            var layer = node.Layer;
            var output = node.Output;
            string capacity = (output.IsSequence ? NamesOf(output.Stream).MaxRows : "(long)maxBatch")
                + (output.Width == 1 ? "" : " * " + Format.Value(output.Width));
            switch (layer.Kind)
            {
                // The residual stream: embedded, then updated in place by positions, blocks and norms.
                case LayerKind.Embed:
                case LayerKind.InputProjection:
                    current = Reserve("x", capacity, "the sequence from [" + LayerText.Describe(layer) + "] on, " + output);
                    break;
                case LayerKind.TargetEmbed:
                    memory = current;
                    current = Reserve("targetX", capacity, "the target sequence from [" + LayerText.Describe(layer) + "] on, " + output);
                    break;
                case LayerKind.MultiHead:
                case LayerKind.SelfAttention:
                case LayerKind.Dense:
                    current = Reserve(Names.Camel(node.Prefix), capacity, "[" + LayerText.Describe(layer) + "] " + output);
                    break;
                case LayerKind.LmHead:
                    current = Reserve("logits", capacity, "[LmHead] " + output);
                    break;
                case LayerKind.MeanPool:
                case LayerKind.FirstTokenPool:
                case LayerKind.LastTokenPool:
                    current = Reserve("pooled", capacity, "[" + LayerText.Describe(layer) + "] " + output);
                    break;
            }
            _outputs[node] = current;
        }

        // Scratch shared by the layer helpers; sized for the widest layer that uses it.
        string longestRows = _graph.HasTarget ? "global::System.Math.Max(sourceRows, targetRows)" : "sourceRows";
        int attentionWidth = MaxWidthOf(LayerKind.MultiHead, LayerKind.SelfAttention, LayerKind.Encoder, LayerKind.Decoder);
        if (attentionWidth > 0)
        {
            ReserveFixed("qkv", longestRows + " * " + Format.Value(3 * attentionWidth), "packed Q, K, V projections (rows, 3 × width)");
            ReserveFixed("context", longestRows + " * " + Format.Value(attentionWidth), "attention output before out_proj (rows, width)");
        }
        if (Uses(LayerKind.Decoder))
        {
            int width = MaxWidthOf(LayerKind.Decoder);
            ReserveFixed("query", "targetRows * " + Format.Value(width), "cross-attention queries (target rows, width)");
            ReserveFixed("keyValue", "sourceRows * " + Format.Value(2 * width), "cross-attention keys and values from the encoder output (source rows, 2 × width)");
        }
        if (Uses(LayerKind.Encoder, LayerKind.Decoder))
        {
            int width = MaxWidthOf(LayerKind.Encoder, LayerKind.Decoder);
            int hidden = _graph.Nodes.Where(n => n.Layer.Kind is LayerKind.Encoder or LayerKind.Decoder).Max(n => n.Layer.FeedForward);
            ReserveFixed("sublayer", longestRows + " * " + Format.Value(width), "a block's sub-layer output before the residual (rows, width)");
            if (_graph.Nodes.Any(n => n.Layer.Kind is LayerKind.Encoder or LayerKind.Decoder && n.Layer.NormFirst))
                ReserveFixed("normed", longestRows + " * " + Format.Value(width), "pre-norm input of a sub-layer (rows, width)");
            ReserveFixed("hidden", longestRows + " * " + Format.Value(hidden), "feed-forward hidden layer (rows, feed-forward width)");
        }
        if (_graph.OutputActivation != OutputActivation.None)
        {
            string rows = _graph.Output.IsSequence ? NamesOf(_graph.Output.Stream).MaxRows : "(long)maxBatch";
            ReserveFixed("probabilities", rows + " * Outputs", "Predict's output " + _graph.Output);
        }
        _ = memory;
    }

    /// <summary>
    /// Whether a float model's first layers would write into the input before any layer makes a new tensor: then the
    /// input is copied into the arena once; otherwise layers read the caller's span directly.
    /// </summary>
    private bool ModifiesInputInPlace()
    {
        foreach (var node in _graph.Nodes)
        {
            switch (node.Layer.Kind)
            {
                case LayerKind.Encoder:
                case LayerKind.Decoder:
                case LayerKind.LayerNorm:
                case LayerKind.SinusoidalPositions:
                case LayerKind.LearnedPositions:
                    return true;
                case LayerKind.Dropout:
                    continue;
                default:
                    return false;
            }
        }
        return false;
    }

    /// <summary>
    /// A layer's output buffer, named after the layer (its state-dict prefix in camelCase), numbered when that name is
    /// taken: by another buffer, a C# keyword, a parameter or local of the forward pass, or a scratch buffer that the
    /// helpers address by its fixed name (a layer named "qkv" must not become the attention's scratch).
    /// </summary>
    private string Reserve(string name, string capacity, string comment)
    {
        string unique = name;
        for (int n = 1; IsTaken(unique) || !_variables.Add(unique); n++) unique = name + Format.Value(n);
        _buffers.Add(new ArenaBuffer(unique, capacity, comment));
        return unique;
    }

    /// <summary>A scratch buffer with a fixed name, which the generated helpers refer to directly.</summary>
    private string ReserveFixed(string name, string capacity, string comment)
    {
        _variables.Add(name);
        _buffers.Add(new ArenaBuffer(name, capacity, comment));
        return name;
    }

    private bool IsTaken(string name) =>
        FixedLocals.Contains(name) || ScratchBuffers.Contains(name)
        || Microsoft.CodeAnalysis.CSharp.SyntaxFacts.GetKeywordKind(name) != Microsoft.CodeAnalysis.CSharp.SyntaxKind.None
        || "_" + name + "At" == _spec.ClassName;

    /// <summary>The forward pass's parameters and locals, whatever the model.</summary>
    private static readonly string[] FixedLocals =
    {
        "tokens", "inputs", "source", "target", "batch", "seqLen", "sourceLen", "targetLen",
        "lengths", "sourceLengths", "targetLengths", "rows", "sourceRows", "targetRows", "layer",
    };

    /// <summary>Buffers the helpers (attention, blocks, Predict, the input copy) reach by fixed name.</summary>
    private static readonly string[] ScratchBuffers = { "input", "qkv", "context", "query", "keyValue", "sublayer", "normed", "hidden", "probabilities" };

    private string ForwardParameters() => IsTokenModel
        ? _graph.HasTarget
            ? IntSpan + " source, " + IntSpan + " target, int batch, int sourceLen, int targetLen, " + IntSpan + " sourceLengths = default, " + IntSpan + " targetLengths = default"
            : IntSpan + " tokens, int batch, int seqLen, " + IntSpan + " lengths = default"
        : ReadOnlySpan + " inputs, int batch, int seqLen, " + IntSpan + " lengths = default";

    private string ForwardArguments() => IsTokenModel
        ? _graph.HasTarget ? "source, target, batch, sourceLen, targetLen, sourceLengths, targetLengths" : "tokens, batch, seqLen, lengths"
        : "inputs, batch, seqLen, lengths";

    private void WriteForwardDocs(string verb)
    {
        _w.Line("/// <summary>");
        _w.Line("/// " + verb);
        _w.Line("/// The returned span lives in the model's arena and is overwritten by the next call.");
        _w.Line("/// </summary>");
        if (IsTokenModel && _graph.HasTarget)
        {
            _w.Line("/// <param name=\"source\">Source token ids, (batch, sourceLen) row-major, each in [0, Vocab).</param>");
            _w.Line("/// <param name=\"target\">Target token ids, (batch, targetLen) row-major, each in [0, TargetVocab).</param>");
            _w.Line("/// <param name=\"batch\">Sequences in the batch, 1 to MaxBatch.</param>");
            _w.Line("/// <param name=\"sourceLen\">Padded source length, 1 to MaxSeq.</param>");
            _w.Line("/// <param name=\"targetLen\">Padded target length, 1 to TargetMaxSeq.</param>");
            _w.Line("/// <param name=\"sourceLengths\">Optional valid length of each source sequence; keys past it are masked.</param>");
            _w.Line("/// <param name=\"targetLengths\">Optional valid length of each target sequence; keys past it are masked.</param>");
        }
        else
        {
            _w.Line(IsTokenModel
                ? "/// <param name=\"tokens\">Token ids, (batch, seqLen) row-major, each in [0, Vocab).</param>"
                : "/// <param name=\"inputs\">Float inputs, (batch, seqLen, Features) row-major; NaN and infinity are rejected.</param>");
            _w.Line("/// <param name=\"batch\">Sequences in the batch, 1 to MaxBatch.</param>");
            _w.Line("/// <param name=\"seqLen\">Padded sequence length, 1 to MaxSeq.</param>");
            _w.Line("/// <param name=\"lengths\">Optional valid length of each sequence (padding mask); empty means all seqLen positions are valid.</param>");
        }
    }

    private void WriteForward()
    {
        WriteForwardDocs("Runs the model and returns its output " + Xml(_graph.Output.ToString()) + (_graph.OutputActivation != OutputActivation.None ? " as logits." : "."));
        _w.Open("public " + ReadOnlySpan + " Forward(" + ForwardParameters() + ")");
        WriteInputChecks();

        string memory = "";
        string current = _copiesInput ? "input" : IsTokenModel ? "" : "inputs";
        if (_copiesInput)
        {
            _w.Line("var input = " + _names.Buffer + "(_inputAt, rows * Features);");
            _w.Line("inputs.CopyTo(input);");
            _w.Line();
        }

        foreach (var node in _graph.Nodes)
        {
            var names = NamesOf(node.Output.Stream);
            string output = _outputs[node];
            string rowsOf = node.Input.IsSequence || node.Input.TokenIds ? NamesOf(node.Input.Stream).Rows : "batch";
            _w.Line("// [" + LayerText.Describe(node.Layer) + "] " + node.Input + " → " + node.Output + ParameterNote(node));
            if (output != current && node.Layer.Kind is not (LayerKind.TargetEmbed))
                _w.Line("var " + output + " = " + _names.Buffer + "(_" + output + "At, " + (node.Output.IsSequence ? names.Rows : "batch") + " * " + Format.Value(node.Output.Width) + ");");
            switch (node.Layer.Kind)
            {
                case LayerKind.Embed:
                    _w.Line(Runtime + "Embedding.Forward(" + (_graph.HasTarget ? "source" : "tokens") + ", " + Accessor(node.Prefix + ".weight") + ", " + output + ", vocab: Vocab, width: " + Format.Value(node.Output.Width) + ");");
                    break;
                case LayerKind.InputProjection:
                    _w.Line(Runtime + "Linear.Forward(inputs, " + Accessor(node.Prefix + ".weight") + ", " + Accessor(node.Prefix + ".bias") + ", " + output + ", rows, inFeatures: Features, outFeatures: " + Format.Value(node.Output.Width) + ");");
                    break;
                case LayerKind.TargetEmbed:
                    memory = current;
                    _w.Line("// The encoder's output, " + memory + ", is now the memory the decoder attends to.");
                    _w.Line("var " + output + " = " + _names.Buffer + "(_" + output + "At, targetRows * " + Format.Value(node.Output.Width) + ");");
                    _w.Line(Runtime + "Embedding.Forward(target, " + Accessor(node.Prefix + ".weight") + ", " + output + ", vocab: TargetVocab, width: " + Format.Value(node.Output.Width) + ");");
                    break;
                case LayerKind.SinusoidalPositions:
                    _w.Line(Runtime + "PositionalEncoding.Add(" + current + ", " + SinusoidalField(node) + ", batch, " + names.Length + ", width: " + Format.Value(node.Output.Width) + ");");
                    break;
                case LayerKind.LearnedPositions:
                    _w.Line(Runtime + "PositionalEncoding.Add(" + current + ", " + Accessor(node.Prefix + ".weight") + ", batch, " + names.Length + ", width: " + Format.Value(node.Output.Width) + ");");
                    break;
                case LayerKind.MultiHead:
                case LayerKind.SelfAttention:
                    _w.Line(_names.SelfAttention + "(" + current + ", " + output + ", " + AttentionWeights(node.Prefix) + ", batch, " + names.Length
                        + ", width: " + Format.Value(node.Input.Width) + ", heads: " + Format.Value(node.Layer.Heads) + ", causal: " + Format.Value(node.Layer.Causal) + ", " + names.Lengths + ");");
                    break;
                case LayerKind.Encoder:
                    _w.Line("for (int layer = 0; layer < " + Format.Value(node.Layer.Size) + "; layer++) " + BlockMethod(node) + "(layer, " + current + ", batch, " + names.Length + ", " + names.Lengths + ");");
                    break;
                case LayerKind.Decoder:
                    var source = NamesOf(Stream.Source);
                    _w.Line("for (int layer = 0; layer < " + Format.Value(node.Layer.Size) + "; layer++) " + BlockMethod(node) + "(layer, " + current + ", " + memory
                        + ", batch, " + names.Length + ", " + source.Length + ", " + names.Lengths + ", " + source.Lengths + ");");
                    break;
                case LayerKind.LayerNorm:
                    _w.Line(Runtime + "Normalization.LayerNorm(" + current + ", " + Accessor(node.Prefix + ".weight") + ", " + Accessor(node.Prefix + ".bias") + ", " + current
                        + ", " + rowsOf + ", width: " + Format.Value(node.Input.Width) + ", eps: " + Format.FloatLiteral(node.Layer.Eps) + ");");
                    break;
                case LayerKind.Dropout:
                    _w.Line("// Dropout is the identity at inference.");
                    break;
                case LayerKind.Dense:
                    _w.Line(Runtime + "Linear.Forward(" + current + ", " + Accessor(node.Prefix + ".weight") + ", "
                        + (node.Layer.Bias ? Accessor(node.Prefix + ".bias") : "default") + ", " + output + ", " + rowsOf
                        + ", inFeatures: " + Format.Value(node.Input.Width) + ", outFeatures: " + Format.Value(node.Output.Width) + ");");
                    if (node.Layer.Activation != ActivationKind.None)
                        _w.Line(Runtime + "Activations.Apply(" + output + ", global::AttentionGen.Activation." + node.Layer.Activation + ");");
                    break;
                case LayerKind.LmHead:
                    string weight = node.Layer.Tied
                        ? Accessor(TiedEmbedding(node).Prefix + ".weight")
                        : Accessor(node.Prefix + ".weight");
                    _w.Line(Runtime + "Linear.Forward(" + current + ", " + weight + ", default, " + output + ", " + rowsOf
                        + ", inFeatures: " + Format.Value(node.Input.Width) + ", outFeatures: " + Format.Value(node.Output.Width) + ");");
                    break;
                case LayerKind.MeanPool:
                case LayerKind.FirstTokenPool:
                case LayerKind.LastTokenPool:
                    string pool = node.Layer.Kind == LayerKind.MeanPool ? "Mean" : node.Layer.Kind == LayerKind.FirstTokenPool ? "First" : "Last";
                    _w.Line(Runtime + "Pooling." + pool + "(" + current + ", " + output + ", batch, " + NamesOf(node.Input.Stream).Length
                        + ", width: " + Format.Value(node.Input.Width) + ", " + NamesOf(node.Input.Stream).Lengths + ");");
                    break;
            }
            _w.Line();
            current = output;
        }
        _w.Line("return " + current + ";");
        _w.Close();
        _w.Line();
    }

    private string ParameterNote(ShapeNode node) => node.Layer.Kind switch
    {
        LayerKind.MultiHead or LayerKind.SelfAttention => "; " + Format.Value(node.Layer.Heads) + " head(s) of " + Format.Value(node.Input.Width / node.Layer.Heads) + " features" + (node.Layer.Causal ? ", causal" : ""),
        LayerKind.Encoder or LayerKind.Decoder => "; " + Format.Value(node.Layer.Size) + " block(s) " + node.Prefix + ".layers.{i}",
        LayerKind.LmHead when node.Layer.Tied => "; weight tied to " + TiedEmbedding(node).Prefix + ".weight",
        _ => "",
    };

    private ShapeNode TiedEmbedding(ShapeNode head) =>
        _graph.Nodes.Last(n => n.Layer.Kind == (head.Input.Stream == Stream.Target ? LayerKind.TargetEmbed : LayerKind.Embed));

    private string AttentionWeights(string prefix) =>
        Accessor(prefix + ".in_proj_weight") + ", " + Accessor(prefix + ".in_proj_bias") + ", "
        + Accessor(prefix + ".out_proj.weight") + ", " + Accessor(prefix + ".out_proj.bias");

    private void WriteInputChecks()
    {
        _w.Line(Runtime + "InputGuard.Batch(batch, MaxBatch);");
        if (IsTokenModel && _graph.HasTarget)
        {
            _w.Line(Runtime + "InputGuard.SequenceLength(sourceLen, MaxSeq, \"source\");");
            _w.Line(Runtime + "InputGuard.SequenceLength(targetLen, TargetMaxSeq, \"target\");");
            _w.Line(Runtime + "InputGuard.Tokens(source, batch, sourceLen, Vocab, \"source\");");
            _w.Line(Runtime + "InputGuard.Tokens(target, batch, targetLen, TargetVocab, \"target\");");
            _w.Line(Runtime + "InputGuard.Lengths(sourceLengths, batch, sourceLen);");
            _w.Line(Runtime + "InputGuard.Lengths(targetLengths, batch, targetLen);");
            _w.Line("int sourceRows = batch * sourceLen;");
            _w.Line("int targetRows = batch * targetLen;");
        }
        else
        {
            _w.Line(Runtime + "InputGuard.SequenceLength(seqLen, MaxSeq, \"input\");");
            _w.Line(IsTokenModel
                ? Runtime + "InputGuard.Tokens(tokens, batch, seqLen, Vocab, \"input\");"
                : Runtime + "InputGuard.Floats(inputs, batch * seqLen * Features, \"inputs\");");
            _w.Line(Runtime + "InputGuard.Lengths(lengths, batch, seqLen);");
            _w.Line("int rows = batch * seqLen;");
        }
        _w.Line();
    }

    private void WritePredict()
    {
        if (_graph.OutputActivation == OutputActivation.None) return;
        bool softmax = _graph.OutputActivation == OutputActivation.Softmax;
        WriteForwardDocs("Runs the model and returns " + (softmax ? "class probabilities (softmax of the logits)" : "the probability of the positive class (sigmoid of the logit)")
            + ", " + Xml(_graph.Output.ToString()) + ".");
        _w.Open("public " + ReadOnlySpan + " Predict(" + ForwardParameters() + ")");
        _w.Line("var logits = Forward(" + ForwardArguments() + ");");
        _w.Line("var probabilities = " + _names.Buffer + "(_probabilitiesAt, logits.Length);");
        _w.Line("logits.CopyTo(probabilities);");
        _w.Line(softmax
            ? Runtime + "Activations.SoftmaxRows(probabilities, logits.Length / Outputs, Outputs);"
            : Runtime + "Activations.Sigmoid(probabilities);");
        _w.Line("return probabilities;");
        _w.Close();
        _w.Line();
    }
}
