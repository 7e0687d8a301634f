using System.Collections.Generic;
using System.Linq;
using AttentionGen.Core;

namespace AttentionGen.Generator;

/// <summary>The forward pass: one commented step per layer, buffers from the arena, kernels from the runtime.</summary>
internal sealed partial class ModelEmission
{
    private readonly ActivationPlan _plan = new();
    private readonly HashSet<string> _variables = new();
    private HashSet<string>? _forwardScope;
    private TensorRef? _floatInput;

    /// <summary>Names of the run-time sizes of a stream: rows (batch × length), the length, and the per-sequence lengths.</summary>
    private sealed record StreamNames(string Rows, string Length, string Lengths, string MaxRows);

    private StreamNames NamesOf(Stream stream) => !_graph.HasTarget
        ? new StreamNames("rows", "seqLen", "lengths", "sourceRows")
        : stream == Stream.Source
            ? new StreamNames("sourceRows", "sourceLen", "sourceLengths", "sourceRows")
            : new StreamNames("targetRows", "targetLen", "targetLengths", "targetRows");

    private void PlanBuffers()
    {
        TensorRef? current = null;
        if (!IsTokenModel)
        {
            // Float inputs are copied into the arena: the backward pass reads them after the caller's span is gone.
            current = _floatInput = new TensorRef(ReserveFixed("input", _c.Features, BufferRows.Sequence, 0, Stream.Source, "the inputs (batch, seq, Features), kept for the backward pass"));
        }

        int site = 0;
        foreach (var node in _graph.Nodes)
        {
            var layer = node.Layer;
            var output = node.Output;
            var rows = output.IsSequence ? BufferRows.Sequence : BufferRows.Batch;
            string described = "[" + LayerText.Describe(layer) + "] " + output;
            if (current is not null) _plan.Inputs[node] = current;
            switch (layer.Kind)
            {
                // The residual stream starts at the embedding; positions and dropout update it in place.
                case LayerKind.Embed:
                case LayerKind.InputProjection:
                    current = new TensorRef(Reserve("x", output.Width, rows, 0, Stream.Source, "the sequence from [" + LayerText.Describe(layer) + "] on, " + output));
                    break;
                case LayerKind.TargetEmbed:
                    _plan.Memory = current;
                    current = new TensorRef(Reserve("targetX", output.Width, rows, 0, Stream.Target, "the target sequence from [" + LayerText.Describe(layer) + "] on, " + output));
                    break;
                case LayerKind.SinusoidalPositions:
                case LayerKind.LearnedPositions:
                    break;
                case LayerKind.Dropout:
                    _plan.DropoutSites[node] = site++;
                    break;
                case LayerKind.MultiHead:
                case LayerKind.SelfAttention:
                {
                    string name = Names.Camel(node.Prefix);
                    _plan.Saved[(node, "qkv")] = new TensorRef(Reserve(name + "Qkv", 3 * output.Width, rows, 0, output.Stream, described + ": packed Q, K, V"));
                    _plan.Saved[(node, "context")] = new TensorRef(Reserve(name + "Context", output.Width, rows, 0, output.Stream, described + ": heads before out_proj"));
                    _plan.Saved[(node, "logSumExp")] = new TensorRef(Reserve(name + "LogSumExp", node.Layer.Heads, rows, 0, output.Stream, described + ": log-sum-exp of each query's scores per head"));
                    current = new TensorRef(Reserve(name, output.Width, rows, 0, output.Stream, described));
                    _plan.DropoutSites[node] = site++;
                    break;
                }
                case LayerKind.Encoder:
                case LayerKind.Decoder:
                {
                    var stack = PlanBlock(node);
                    _plan.Stacks[node] = stack;
                    _plan.DropoutSites[node] = site;
                    site += layer.Size * stack.SitesPerLayer;
                    current = new TensorRef(stack.Output, Format.Value(layer.Size - 1));
                    break;
                }
                case LayerKind.Dense when layer.Activation != ActivationKind.None:
                {
                    string name = Names.Camel(node.Prefix);
                    _plan.Saved[(node, "preActivation")] = new TensorRef(Reserve(name + "PreActivation", output.Width, rows, 0, output.Stream, described + " before its activation"));
                    current = new TensorRef(Reserve(name, output.Width, rows, 0, output.Stream, described));
                    break;
                }
                case LayerKind.LmHead:
                    current = new TensorRef(Reserve("logits", output.Width, rows, 0, output.Stream, described));
                    break;
                case LayerKind.MeanPool:
                case LayerKind.FirstTokenPool:
                case LayerKind.LastTokenPool:
                    current = new TensorRef(Reserve("pooled", output.Width, rows, 0, output.Stream, described));
                    break;
                default: // Dense without activation, LayerNorm
                    current = new TensorRef(Reserve(Names.Camel(node.Prefix), output.Width, rows, 0, output.Stream, described));
                    break;
            }
            _plan.Outputs[node] = current!;
        }
        _plan.SiteCount = site;

        if (_graph.OutputActivation != OutputActivation.None)
            ReserveFixed("probabilities", _graph.Output.Width, _graph.Output.IsSequence ? BufferRows.Sequence : BufferRows.Batch, 0, _graph.Output.Stream, "Predict's output " + _graph.Output);
    }

    /// <summary>
    /// A layer's output buffer, named after the layer (its state-dict prefix in camelCase), numbered when that name is
    /// taken: by another buffer, a C# keyword, a parameter or local of the forward pass, or a scratch buffer that the
    /// helpers address by its fixed name (a layer named "qkv" must not become the attention's scratch).
    /// </summary>
    private ArenaBuffer Reserve(string name, int rowWidth, BufferRows rows, int layers, Stream stream, string comment)
    {
        string unique = name;
        for (int n = 1; IsTaken(unique) || !_variables.Add(unique); n++) unique = name + Format.Value(n);
        var buffer = new ArenaBuffer(unique, rowWidth, rows, layers, comment) { Stream = stream };
        _plan.Buffers.Add(buffer);
        return buffer;
    }

    /// <summary>A buffer with a fixed name, which generated members refer to directly.</summary>
    private ArenaBuffer ReserveFixed(string name, int rowWidth, BufferRows rows, int layers, Stream stream, string comment)
    {
        _variables.Add(name);
        var buffer = new ArenaBuffer(name, rowWidth, rows, layers, comment) { Stream = stream };
        _plan.Buffers.Add(buffer);
        return buffer;
    }

    private bool IsTaken(string name) =>
        ForwardScope.Contains(name) || ScratchBuffers.Contains(name)
        || Microsoft.CodeAnalysis.CSharp.SyntaxFacts.GetKeywordKind(name) != Microsoft.CodeAnalysis.CSharp.SyntaxKind.None
        || "_" + name + "At" == _spec.ClassName;

    /// <summary>
    /// Every name Forward declares besides its buffers: its parameters, read from the signature it is written with (so a
    /// parameter added there is reserved here too), and its own locals. Buffer locals are named after layers, and a
    /// layer may be named anything.
    /// </summary>
    private HashSet<string> ForwardScope => _forwardScope ??= new HashSet<string>(
        ForwardSignature().Split(',').Select(p => p.Split('=')[0].Trim().Split(' ').Last()).Concat(ForwardLocals),
        System.StringComparer.Ordinal);

    /// <summary>Forward's own locals, whatever the model: row counts, the float input's copy, the block loop's index.</summary>
    private static readonly string[] ForwardLocals = { "rows", "sourceRows", "targetRows", "input", "layer" };

    /// <summary>The tensor Forward returns: the last layer's output, or the input itself when no layer computes anything.</summary>
    private TensorRef ModelOutput => _graph.Nodes.Count > 0 ? _plan.Outputs[_graph.Nodes[_graph.Nodes.Count - 1]] : _floatInput!;

    /// <summary>Buffers the helpers (attention, blocks, Predict, the input copy) reach by fixed name.</summary>
    private static readonly string[] ScratchBuffers = { "input", "probabilities", "y", "dy", "dx", "p", "site", "dropout", "memory", "dMemory" };

    /// <summary>The inputs of a forward pass; the public entry points make the lengths optional.</summary>
    private string ForwardParameters(bool optionalLengths = true)
    {
        string optional = optionalLengths ? " = default" : "";
        return IsTokenModel
            ? _graph.HasTarget
                ? IntSpan + " source, " + IntSpan + " target, int batch, int sourceLen, int targetLen, " + IntSpan + " sourceLengths" + optional + ", " + IntSpan + " targetLengths" + optional
                : IntSpan + " tokens, int batch, int seqLen, " + IntSpan + " lengths" + optional
            : ReadOnlySpan + " inputs, int batch, int seqLen, " + IntSpan + " lengths" + optional;
    }

    private string ForwardSignature() => ForwardParameters() + ", bool training = false";

    private string ForwardArguments() => IsTokenModel
        ? _graph.HasTarget ? "source, target, batch, sourceLen, targetLen, sourceLengths, targetLengths" : "tokens, batch, seqLen, lengths"
        : "inputs, batch, seqLen, lengths";

    /// <param name="verb">What the call does, the summary's first sentence.</param>
    /// <param name="owner">Whose buffers hold the returned span: "the model's arena", "this session's buffers".</param>
    private void WriteForwardDocs(string verb, string owner)
    {
        _w.Line("/// <summary>");
        _w.Line("/// " + verb);
        _w.Line("/// The returned span lives in " + owner + " and is overwritten by the next call.");
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

    /// <summary>
    /// The model's Forward: checks the inputs against the model's arena, records what Backward needs (not on an
    /// inference-only instance), and runs the workspace's forward pass.
    /// </summary>
    private void WriteForward()
    {
        WriteForwardDocs("Runs the model and returns its output " + Xml(_graph.Output.ToString()) + (_graph.OutputActivation != OutputActivation.None ? " as logits." : ".")
            + " Keeps what <see cref=\"Backward\"/> needs.", "the model's arena");
        _w.Line("/// <param name=\"training\">Apply dropout (a fresh mask per call, from the model's seeded generator); not on an inference-only instance.</param>");
        _w.Open("public " + ReadOnlySpan + " Forward(" + ForwardSignature() + ")");
        _w.Line(Runtime + "InputGuard.Batch(batch, MaxBatch);");
        _w.Line(_names.CheckInput + "(" + ForwardArguments() + ");");
        _w.Line("if (training) " + Runtime + "ModelGuard.Trainable(IsInferenceOnly, " + ModelName + ", \"Forward(training: true)\");");
        _w.Line("// An inference-only instance keeps nothing for Backward, which it cannot run.");
        _w.Line("if (!IsInferenceOnly) _workspace." + _names.Remember + "(" + RememberArguments() + ", training, training ? _dropoutRng.NextUInt64() : 0UL);");
        _w.Line("// Inference-only: the products read the weights packed by an earlier call while Parameters was not handed out since.");
        _w.Line("using var panels = " + Runtime + "WeightPanels.Use(IsInferenceOnly ? _panels : null, ParameterVersion);");
        _w.Line("return _workspace.Forward(" + ForwardArguments() + ");");
        _w.Close();
        _w.Line();
    }

    /// <summary>
    /// The forward pass itself, a method of the workspace: one commented step per layer over the workspace's arena.
    /// The model and every session run this one method.
    /// </summary>
    private void WriteForwardPass()
    {
        _w.Line("/// <summary>");
        _w.Line("/// The forward pass over this workspace's arena, on inputs the caller has checked; returns the output " + Xml(_graph.Output.ToString()) + ".");
        _w.Line("/// Dropout applies only after <see cref=\"" + _names.Remember + "\"/> recorded a training call.");
        _w.Line("/// </summary>");
        _w.Open("public " + ReadOnlySpan + " Forward(" + ForwardParameters(optionalLengths: false) + ")");
        if (_graph.HasTarget)
        {
            _w.Line("int sourceRows = batch * sourceLen;");
            _w.Line("int targetRows = batch * targetLen;");
        }
        else
        {
            _w.Line("int rows = batch * seqLen;");
        }
        if (!IsTokenModel)
        {
            _w.Line("// Float inputs are copied into the arena: the backward pass reads them after the caller's span is gone.");
            _w.Line("var input = " + _names.Buffer + "(_inputAt, rows * Features);");
            _w.Line("inputs.CopyTo(input);");
        }
        _w.Line();

        foreach (var node in _graph.Nodes)
        {
            var names = NamesOf(node.Output.Stream);
            var output = _plan.Outputs[node];
            string outputName = Local(output);
            bool inPlace = _plan.Inputs.TryGetValue(node, out var input) && input == output;
            string rowsOf = node.Input.IsSequence || node.Input.TokenIds ? NamesOf(node.Input.Stream).Rows : "batch";
            string inputName = input is null ? "" : Local(input);
            _w.Line("// [" + LayerText.Describe(node.Layer) + "] " + node.Input + " → " + node.Output + ParameterNote(node));
            if (!inPlace && node.Layer.Kind is not (LayerKind.Encoder or LayerKind.Decoder))
                _w.Line("var " + outputName + " = " + output.Slice(_names.Buffer, names.Rows) + ";");
            switch (node.Layer.Kind)
            {
                case LayerKind.Embed:
                    _w.Line(Runtime + "Embedding.Forward(" + (_graph.HasTarget ? "source" : "tokens") + ", " + Accessor(node.Prefix + ".weight") + ", " + outputName + ", vocab: Vocab, width: " + Format.Value(node.Output.Width) + ");");
                    break;
                case LayerKind.InputProjection:
                    _w.Line(Runtime + "Linear.Forward(" + inputName + ", " + Accessor(node.Prefix + ".weight") + ", " + Accessor(node.Prefix + ".bias") + ", " + outputName + ", rows, inFeatures: Features, outFeatures: " + Format.Value(node.Output.Width) + ");");
                    break;
                case LayerKind.TargetEmbed:
                    _w.Line("// The encoder's output, " + Local(_plan.Memory!) + ", is now the memory the decoder attends to.");
                    _w.Line(Runtime + "Embedding.Forward(target, " + Accessor(node.Prefix + ".weight") + ", " + outputName + ", vocab: TargetVocab, width: " + Format.Value(node.Output.Width) + ");");
                    break;
                case LayerKind.SinusoidalPositions:
                    _w.Line(Runtime + "PositionalEncoding.Add(" + outputName + ", " + SinusoidalField(node) + ", batch, " + names.Length + ", width: " + Format.Value(node.Output.Width) + ");");
                    break;
                case LayerKind.LearnedPositions:
                    _w.Line(Runtime + "PositionalEncoding.Add(" + outputName + ", " + Accessor(node.Prefix + ".weight") + ", batch, " + names.Length + ", width: " + Format.Value(node.Output.Width) + ");");
                    break;
                case LayerKind.Dropout when node.Layer.Dropout == 0:
                    _w.Line("// p = 0: the identity, nothing to run.");
                    break;
                case LayerKind.Dropout:
                    _w.Line(Runtime + "Dropout.Forward(" + outputName + ", " + DropoutProbability(node.Layer.Dropout) + ", " + _names.DropoutSeed + "(" + Format.Value(_plan.DropoutSites[node]) + "));");
                    break;
                case LayerKind.MultiHead:
                case LayerKind.SelfAttention:
                    _w.Line(Runtime + "SelfAttentionLayer.Forward<" + SizeType(HeadSize(node)) + ">(" + inputName + ", " + Saved(node, "qkv", names.Rows) + ", " + Saved(node, "context", names.Rows) + ", " + Saved(node, "logSumExp", names.Rows) + ", " + outputName + ",");
                    _w.Line("    " + AttentionWeights(node.Prefix) + ",");
                    _w.Line("    batch, " + names.Length + ", width: " + Format.Value(node.Input.Width) + ", heads: " + Format.Value(node.Layer.Heads) + ", causal: " + Format.Value(node.Layer.Causal)
                        + ", " + names.Lengths + ", " + DropoutProbability(node.Layer.Dropout) + ", " + _names.DropoutSeed + "(" + Format.Value(_plan.DropoutSites[node]) + "));");
                    break;
                case LayerKind.Encoder:
                case LayerKind.Decoder:
                {
                    var stack = _plan.Stacks[node];
                    string previous = new TensorRef(stack.Output, "layer - 1").Slice(_names.Buffer, names.Rows);
                    string arguments = node.Layer.Kind == LayerKind.Decoder
                        ? Local(_plan.Memory!) + ", batch, " + names.Length + ", " + NamesOf(Stream.Source).Length + ", " + names.Lengths + ", " + NamesOf(Stream.Source).Lengths
                        : "batch, " + names.Length + ", " + names.Lengths;
                    _w.Line("for (int layer = 0; layer < " + Format.Value(node.Layer.Size) + "; layer++)");
                    _w.Line("    " + _names.BlockForward(node.Prefix) + "(layer, layer == 0 ? " + inputName + " : " + previous + ", " + arguments + ");");
                    _w.Line("var " + outputName + " = " + output.Slice(_names.Buffer, names.Rows) + ";");
                    break;
                }
                case LayerKind.LayerNorm:
                    _w.Line(Runtime + "Normalization.LayerNorm<" + SizeType(node.Input.Width) + ">(" + inputName + ", " + Accessor(node.Prefix + ".weight") + ", " + Accessor(node.Prefix + ".bias") + ", " + outputName
                        + ", " + rowsOf + ", eps: " + Format.FloatLiteral(node.Layer.Eps) + ");");
                    break;
                case LayerKind.Dense:
                {
                    bool activated = node.Layer.Activation != ActivationKind.None;
                    string linearOut = activated ? Saved(node, "preActivation", names.Rows) : outputName;
                    if (activated) _w.Line("var " + Local(_plan.Saved[(node, "preActivation")]) + " = " + linearOut + ";");
                    if (activated) linearOut = Local(_plan.Saved[(node, "preActivation")]);
                    _w.Line(Runtime + "Linear.Forward(" + inputName + ", " + Accessor(node.Prefix + ".weight") + ", "
                        + (node.Layer.Bias ? Accessor(node.Prefix + ".bias") : "default") + ", " + linearOut + ", " + rowsOf
                        + ", inFeatures: " + Format.Value(node.Input.Width) + ", outFeatures: " + Format.Value(node.Output.Width) + ");");
                    if (activated)
                    {
                        _w.Line(linearOut + ".CopyTo(" + outputName + ");");
                        _w.Line(Runtime + "Activations.Apply(" + outputName + ", global::AttentionGen.Activation." + node.Layer.Activation + ");");
                    }
                    break;
                }
                case LayerKind.LmHead:
                    _w.Line(Runtime + "Linear.Forward(" + inputName + ", " + LmHeadWeight(node) + ", default, " + outputName + ", " + rowsOf
                        + ", inFeatures: " + Format.Value(node.Input.Width) + ", outFeatures: " + Format.Value(node.Output.Width) + ");");
                    break;
                case LayerKind.MeanPool:
                case LayerKind.FirstTokenPool:
                case LayerKind.LastTokenPool:
                    _w.Line(Runtime + "Pooling." + PoolName(node) + "(" + inputName + ", " + outputName + ", batch, " + NamesOf(node.Input.Stream).Length
                        + ", width: " + Format.Value(node.Input.Width) + ", " + NamesOf(node.Input.Stream).Lengths + ");");
                    break;
            }
            _w.Line();
        }
        _w.Line("return " + Local(ModelOutput) + ";");
        _w.Close();
        _w.Line();
    }

    /// <summary>The local variable that holds a tensor in Forward and Backward: the buffer's name.</summary>
    private static string Local(TensorRef tensor) => tensor.Buffer.Name;

    private string Saved(ShapeNode node, string role, string rows) => _plan.Saved[(node, role)].Slice(_names.Buffer, rows);

    private static string PoolName(ShapeNode node) =>
        node.Layer.Kind == LayerKind.MeanPool ? "Mean" : node.Layer.Kind == LayerKind.FirstTokenPool ? "First" : "Last";

    private string LmHeadWeight(ShapeNode node) =>
        node.Layer.Tied ? Accessor(TiedEmbedding(node).Prefix + ".weight") : Accessor(node.Prefix + ".weight");

    /// <summary>A dropout probability: its value while training, 0 otherwise.</summary>
    private static string DropoutProbability(double p) => p == 0 ? "0f" : "_training ? " + Format.FloatLiteral(p) + " : 0f";

    /// <summary>What the workspace records for Backward: the token ids (float inputs stay in the arena), the batch's shape and lengths.</summary>
    private string RememberParameters() => IsTokenModel
        ? _graph.HasTarget
            ? IntSpan + " source, " + IntSpan + " target, int batch, int sourceLen, int targetLen, " + IntSpan + " sourceLengths, " + IntSpan + " targetLengths"
            : IntSpan + " tokens, int batch, int seqLen, " + IntSpan + " lengths"
        : "int batch, int seqLen, " + IntSpan + " lengths";

    private string RememberArguments() => IsTokenModel ? ForwardArguments() : "batch, seqLen, lengths";

    /// <summary>
    /// The workspace method that keeps the batch's shape, lengths and token ids for the backward pass, with the step's
    /// training flag and dropout seed.
    /// </summary>
    private void WriteRemember()
    {
        _w.Line("/// <summary>");
        _w.Line("/// Records what <see cref=\"Backward\"/> reads of the coming Forward's inputs, and whether it trains with which dropout seed.");
        _w.Line("/// Only the model's own workspace records: an inference workspace keeps nothing for a backward pass.");
        _w.Line("/// </summary>");
        _w.Open("public void " + _names.Remember + "(" + RememberParameters() + ", bool training, ulong dropoutSeed)");
        _w.Line("_forwardRan = true;");
        _w.Line("_training = training;");
        _w.Line("_dropoutSeed = dropoutSeed;");
        _w.Line("_batch = batch;");
        if (_graph.HasTarget)
        {
            _w.Line("_seqLen = sourceLen;");
            _w.Line("_targetLen = targetLen;");
            _w.Line("_hasLengths = !sourceLengths.IsEmpty;");
            _w.Line("sourceLengths.CopyTo(_lengths);");
            _w.Line("_hasTargetLengths = !targetLengths.IsEmpty;");
            _w.Line("targetLengths.CopyTo(_targetLengths);");
            _w.Line("source.CopyTo(_tokens);");
            _w.Line("target.CopyTo(_targetTokens);");
        }
        else
        {
            _w.Line("_seqLen = seqLen;");
            _w.Line("_hasLengths = !lengths.IsEmpty;");
            _w.Line("lengths.CopyTo(_lengths);");
            if (IsTokenModel) _w.Line("tokens.CopyTo(_tokens);");
        }
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

    /// <summary>
    /// The checks of a call's inputs that do not depend on whose buffers run it: lengths, ids or values, padding. The
    /// batch size is checked first by the caller, against the model's or the session's own maximum.
    /// </summary>
    private void WriteCheckInput()
    {
        _w.Line("/// <summary>Rejects inputs the model cannot read before any buffer is written; the caller has checked the batch size against its own buffers.</summary>");
        _w.Open("private static void " + _names.CheckInput + "(" + ForwardParameters(optionalLengths: false) + ")");
        if (IsTokenModel && _graph.HasTarget)
        {
            _w.Line(Runtime + "InputGuard.SequenceLength(sourceLen, MaxSeq, \"source\");");
            _w.Line(Runtime + "InputGuard.SequenceLength(targetLen, TargetMaxSeq, \"target\");");
            _w.Line(Runtime + "InputGuard.Tokens(source, batch, sourceLen, Vocab, \"source\");");
            _w.Line(Runtime + "InputGuard.Tokens(target, batch, targetLen, TargetVocab, \"target\");");
            _w.Line(Runtime + "InputGuard.Lengths(sourceLengths, batch, sourceLen);");
            _w.Line(Runtime + "InputGuard.Lengths(targetLengths, batch, targetLen);");
        }
        else
        {
            _w.Line(Runtime + "InputGuard.SequenceLength(seqLen, MaxSeq, \"input\");");
            _w.Line(IsTokenModel
                ? Runtime + "InputGuard.Tokens(tokens, batch, seqLen, Vocab, \"input\");"
                : Runtime + "InputGuard.Floats(inputs, batch * seqLen * Features, \"inputs\");");
            _w.Line(Runtime + "InputGuard.Lengths(lengths, batch, seqLen);");
        }
        _w.Close();
        _w.Line();
    }

    private void WritePredict()
    {
        if (_graph.OutputActivation == OutputActivation.None) return;
        WritePredictDocs("the model's arena");
        _w.Open("public " + ReadOnlySpan + " Predict(" + ForwardParameters() + ")");
        _w.Line("var logits = Forward(" + ForwardArguments() + ");");
        _w.Line("return _workspace." + _names.Probabilities + "(logits);");
        _w.Close();
        _w.Line();
    }

    private void WritePredictDocs(string owner)
    {
        bool softmax = _graph.OutputActivation == OutputActivation.Softmax;
        WriteForwardDocs("Runs the model and returns " + (softmax ? "class probabilities (softmax of the logits)" : "the probability of the positive class (sigmoid of the logit)")
            + ", " + Xml(_graph.Output.ToString()) + ".", owner);
    }

    /// <summary>The workspace method behind every Predict: the output activation, into the workspace's own buffer.</summary>
    private void WriteProbabilities()
    {
        if (_graph.OutputActivation == OutputActivation.None) return;
        bool softmax = _graph.OutputActivation == OutputActivation.Softmax;
        _w.Line("/// <summary>" + (softmax ? "The softmax" : "The sigmoid") + " of <paramref name=\"logits\"/>, which this workspace's Forward returned, in the workspace's own buffer.</summary>");
        _w.Open("public " + ReadOnlySpan + " " + _names.Probabilities + "(" + ReadOnlySpan + " logits)");
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
