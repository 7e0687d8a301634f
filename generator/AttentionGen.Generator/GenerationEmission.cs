using System.Linq;
using AttentionGen.Core;

namespace AttentionGen.Generator;

/// <summary>
/// Generation sessions of decoder-only causal language models: a key/value cache per block, a prefill of the prompt,
/// and a step that runs each block on the new position's row only, its queries attending over the cached keys. Emitted
/// for models whose layers are a token embedding, optional positions and dropout, causal encoder stacks, optional
/// LayerNorms and an LmHead, in that order; every other model gets none.
/// </summary>
internal sealed partial class ModelEmission
{
    /// <summary>
    /// True for a decoder-only causal language model, which a session can run one position at a time: each layer
    /// before the stacks acts per position, every stack is causal (a position never reads a later one), and each
    /// layer after them acts per row, so only the last position's rows need them.
    /// </summary>
    private bool CanGenerate
    {
        get
        {
            if (!IsTokenModel || _graph.HasTarget || _graph.Nodes.Count < 3) return false;
            var nodes = _graph.Nodes;
            if (nodes[0].Layer.Kind != LayerKind.Embed || nodes[nodes.Count - 1].Layer.Kind != LayerKind.LmHead) return false;
            int i = 1;
            while (i < nodes.Count && nodes[i].Layer.Kind is LayerKind.SinusoidalPositions or LayerKind.LearnedPositions or LayerKind.Dropout) i++;
            int stacks = 0;
            while (i < nodes.Count && nodes[i].Layer.Kind == LayerKind.Encoder && nodes[i].Layer.Causal) { i++; stacks++; }
            while (i < nodes.Count && nodes[i].Layer.Kind is LayerKind.LayerNorm or LayerKind.Dropout) i++;
            return stacks > 0 && i == nodes.Count - 1;
        }
    }

    /// <summary>The model's members for generation: the factory and its interface implementation.</summary>
    private void WriteGenerationMembers()
    {
        if (!CanGenerate) return;
        _w.Line("/// <summary>");
        _w.Line("/// Creates a generation session: a key/value cache for <paramref name=\"batch\"/> sequences of up to <see cref=\"MaxSeq\"/>");
        _w.Line("/// positions, over this model's parameters, which it reads at every call and never copies. Each token then costs one");
        _w.Line("/// position of the model instead of a re-run window. Sessions run concurrently, one per thread.");
        _w.Line("/// </summary>");
        _w.Line("/// <param name=\"batch\">Sequences generated side by side; at least 1, independent of <see cref=\"MaxBatch\"/>.</param>");
        _w.Line("public GenerationSession CreateGenerationSession(int batch = 1) => new(this, batch);");
        _w.Line();
        _w.Line("/// <inheritdoc/>");
        _w.Line(Runtime + "IGenerationSession " + Runtime + "ICausalLanguageModel.CreateGenerationSession(int batch) => CreateGenerationSession(batch);");
        _w.Line();
    }

    private void WriteGenerationSession()
    {
        if (!CanGenerate) return;
        var stacks = _graph.Nodes.Where(n => n.Layer.Kind == LayerKind.Encoder).ToList();
        int width = _graph.Nodes[0].Output.Width;
        int feedForward = stacks.Max(s => s.Layer.FeedForward);

        _w.Line("/// <summary>");
        _w.Line("/// Generates text with a key/value cache: <see cref=\"Prefill\"/> runs a prompt once and caches every block's keys and");
        _w.Line("/// values; each <see cref=\"Append(int)\"/> then runs the blocks on the new position's row only, its queries attending");
        _w.Line("/// over the cache, and returns the logits for the next token. The logits equal those of the model's Forward at the");
        _w.Line("/// same position, up to float rounding. Inference only: no dropout.");
        _w.Line("/// </summary>");
        _w.Line("/// <remarks>");
        _w.Line("/// One session serves one thread at a time; sessions of one model run concurrently, sharing its parameters read-only.");
        _w.Line("/// Parameters changed between calls are used from the next call on, but the cached keys and values stay those of the");
        _w.Line("/// old ones until <see cref=\"Reset\"/>; changing them during a call is a data race. The cache and buffers are allocated");
        _w.Line("/// once, here: calls allocate nothing. The span a call returns is overwritten by the next. <see cref=\"Dispose\"/> releases them.");
        _w.Line("/// </remarks>");
        _w.Open("public sealed class GenerationSession : " + Runtime + "IGenerationSession");
        _w.Line("private const int Width = " + Format.Value(width) + ", FeedForwardWidth = " + Format.Value(feedForward) + ";");
        _w.Line("private readonly float[] _parameters; // the model's, read in place");
        _w.Line("private float[]? _arena; // the key/value caches and the step's buffers, one allocation; null once disposed");
        _w.Line("private int _position;");
        _w.Line();
        _w.Line("// Where each buffer starts in the arena. Caches are (layer, batch, MaxSeq, Width); the step's buffers hold");
        _w.Line("// batch × MaxSeq rows, enough for a prompt of MaxSeq positions.");
        foreach (var stack in stacks)
        {
            string name = Names.Camel(stack.Prefix);
            _w.Line("private readonly int _" + name + "KeysAt, _" + name + "ValuesAt; // " + stack.Prefix + ".layers.{i} self_attn keys and values of every position so far");
        }
        _w.Line("private readonly int _xAt; // the residual stream of the new positions");
        _w.Line("private readonly int _normedAt; // a sub-layer's normalized input (pre-norm) or residual sum (post-norm)");
        _w.Line("private readonly int _qkvAt; // packed Q, K, V of the new positions");
        _w.Line("private readonly int _contextAt; // attention heads before out_proj");
        _w.Line("private readonly int _sublayerAt; // a sub-layer's output");
        _w.Line("private readonly int _hiddenAt; // the feed-forward network's hidden layer");
        _w.Line("private readonly int _lastAt, _lastNormedAt; // each sequence's last new position, before and after the final layers");
        _w.Line("private readonly int _logitsAt; // (batch, Vocab), what a call returns");
        _w.Line("private readonly int _scoresAt; // one query's attention scores over the cached positions");
        _w.Line();

        _w.Open("internal GenerationSession(" + Names.Identifier(_spec.ClassName) + " model, int batch)");
        _w.Line(Runtime + "GenerationGuard.Batch(batch);");
        _w.Line("Batch = batch;");
        _w.Line("_parameters = model._parameters;");
        _w.Line("long rows = (long)batch * MaxSeq;");
        _w.Line("int size = 0;");
        foreach (var stack in stacks)
        {
            string name = Names.Camel(stack.Prefix);
            _w.Line("_" + name + "KeysAt = " + Runtime + "GenerationGuard.Reserve(ref size, " + Format.Value(stack.Layer.Size) + " * rows * Width, \"" + name + " keys\", batch);");
            _w.Line("_" + name + "ValuesAt = " + Runtime + "GenerationGuard.Reserve(ref size, " + Format.Value(stack.Layer.Size) + " * rows * Width, \"" + name + " values\", batch);");
        }
        _w.Line("_xAt = " + Runtime + "GenerationGuard.Reserve(ref size, rows * Width, \"x\", batch);");
        _w.Line("_normedAt = " + Runtime + "GenerationGuard.Reserve(ref size, rows * Width, \"normed\", batch);");
        _w.Line("_qkvAt = " + Runtime + "GenerationGuard.Reserve(ref size, rows * 3 * Width, \"qkv\", batch);");
        _w.Line("_contextAt = " + Runtime + "GenerationGuard.Reserve(ref size, rows * Width, \"context\", batch);");
        _w.Line("_sublayerAt = " + Runtime + "GenerationGuard.Reserve(ref size, rows * Width, \"sublayer\", batch);");
        _w.Line("_hiddenAt = " + Runtime + "GenerationGuard.Reserve(ref size, rows * FeedForwardWidth, \"hidden\", batch);");
        _w.Line("_lastAt = " + Runtime + "GenerationGuard.Reserve(ref size, (long)batch * Width, \"last\", batch);");
        _w.Line("_lastNormedAt = " + Runtime + "GenerationGuard.Reserve(ref size, (long)batch * Width, \"lastNormed\", batch);");
        _w.Line("_logitsAt = " + Runtime + "GenerationGuard.Reserve(ref size, (long)batch * Vocab, \"logits\", batch);");
        _w.Line("_scoresAt = " + Runtime + "GenerationGuard.Reserve(ref size, MaxSeq, \"scores\", batch);");
        _w.Line("_arena = new float[size];");
        _w.Close();
        _w.Line();

        _w.Line("/// <inheritdoc/>");
        _w.Line("public int Batch { get; }");
        _w.Line();
        _w.Line("/// <summary>Positions the cache holds per sequence: <see cref=\"MaxSeq\"/>.</summary>");
        _w.Line("public int Capacity => MaxSeq;");
        _w.Line();
        _w.Line("/// <inheritdoc/>");
        _w.Line("public int Position => _position;");
        _w.Line();
        _w.Line("int " + Runtime + "IGenerationSession.Vocab => Vocab;");
        _w.Line();

        _w.Line("/// <summary>");
        _w.Line("/// Runs a prompt at positions <see cref=\"Position\"/> onwards, caches its keys and values, and returns the logits");
        _w.Line("/// of its last position, (batch, Vocab). The returned span is overwritten by the next call.");
        _w.Line("/// </summary>");
        _w.Line("/// <param name=\"prompt\">Token ids, (batch, length) row-major: every sequence the same length, at least 1.</param>");
        _w.Line("/// <exception cref=\"global::System.ArgumentException\">The prompt is empty, not batch rows long, or holds an id outside [0, Vocab).</exception>");
        _w.Line("/// <exception cref=\"global::System.InvalidOperationException\">The prompt does not fit in the MaxSeq positions left in the cache.</exception>");
        _w.Open("public " + ReadOnlySpan + " Prefill(scoped " + IntSpan + " prompt)");
        _w.Line("var arena = Active;");
        _w.Line("int count = " + Runtime + "GenerationGuard.Prompt(prompt, Batch, _position, MaxSeq, Vocab);");
        _w.Line("return Run(arena, prompt, count);");
        _w.Close();
        _w.Line();
        _w.Line("/// <summary>Appends one token to the single sequence of a session with <see cref=\"Batch\"/> 1 and returns the logits at its position, (1, Vocab).</summary>");
        _w.Line("/// <exception cref=\"global::System.ArgumentOutOfRangeException\">The token is outside [0, Vocab).</exception>");
        _w.Line("/// <exception cref=\"global::System.InvalidOperationException\">The batch is not 1, or the cache is full (MaxSeq positions).</exception>");
        _w.Open("public " + ReadOnlySpan + " Append(int token)");
        _w.Line(Runtime + "GenerationGuard.SingleSequence(Batch);");
        _w.Line("return Append(new " + IntSpan + "(in token));");
        _w.Close();
        _w.Line();
        _w.Line("/// <summary>Appends one token to each sequence and returns the logits at the new position, (batch, Vocab).</summary>");
        _w.Line("/// <param name=\"tokens\">One token id per sequence, each in [0, Vocab).</param>");
        _w.Line("/// <exception cref=\"global::System.ArgumentException\">Not one token per sequence, or an id outside [0, Vocab).</exception>");
        _w.Line("/// <exception cref=\"global::System.InvalidOperationException\">The cache is full (MaxSeq positions).</exception>");
        _w.Open("public " + ReadOnlySpan + " Append(scoped " + IntSpan + " tokens)");
        _w.Line("var arena = Active;");
        _w.Line(Runtime + "GenerationGuard.Step(tokens, Batch, _position, MaxSeq, Vocab);");
        _w.Line("return Run(arena, tokens, 1);");
        _w.Close();
        _w.Line();
        _w.Line("/// <summary>Forgets every cached position: the next call starts new sequences at position 0.</summary>");
        _w.Open("public void Reset()");
        _w.Line("_ = Active;");
        _w.Line("_position = 0;");
        _w.Close();
        _w.Line();
        _w.Line("/// <summary>Releases the cache and buffers; a call after it throws <see cref=\"global::System.ObjectDisposedException\"/>.</summary>");
        _w.Line("public void Dispose() => _arena = null;");
        _w.Line();
        _w.Line("private float[] Active => _arena ?? throw new global::System.ObjectDisposedException(nameof(GenerationSession),");
        _w.Line("    \"This generation session was disposed; create another with CreateGenerationSession.\");");
        _w.Line();

        WriteGenerationRun(stacks, width);
        foreach (var stack in stacks) WriteGenerationBlock(stack);

        _w.Line("private " + ReadOnlySpan + " " + _names.P + "(int start, int length) => new(_parameters, start, length);");
        _w.Line();
        _w.Line("private static " + Span + " " + _names.Buffer + "(float[] arena, int start, int length) => new(arena, start, length);");
        foreach (var (parameter, offset) in AccessorParameters())
        {
            _w.Line();
            _w.Line("/// <summary><c>" + Xml(parameter.Name) + "</c> " + parameter.ShapeText + ".</summary>");
            _w.Line("private " + ReadOnlySpan + " " + Accessor(parameter.Name) + " => " + _names.P + "(" + Format.Value(offset) + ", " + Format.Value(parameter.Length) + ");");
        }
        _w.Close();
        _w.Line();
    }

    /// <summary>
    /// The session's pass over <c>count</c> new positions: the layers before the stacks on every new row, the stacks
    /// block by block, then the final layers on each sequence's last row only.
    /// </summary>
    private void WriteGenerationRun(System.Collections.Generic.List<ShapeNode> stacks, int width)
    {
        _w.Line("/// <summary>");
        _w.Line("/// Runs the model on <paramref name=\"count\"/> new positions per sequence, from <see cref=\"Position\"/> on, with tokens the");
        _w.Line("/// caller has checked: the new rows only, every block attending over the cache; the final layers on each sequence's");
        _w.Line("/// last row.");
        _w.Line("/// </summary>");
        _w.Open("private " + ReadOnlySpan + " Run(float[] arena, scoped " + IntSpan + " tokens, int count)");
        _w.Line("int start = _position;");
        _w.Line("int rows = Batch * count;");
        _w.Line("var x = " + _names.Buffer + "(arena, _xAt, rows * Width);");
        _w.Line();
        string current = "x";
        bool afterStacks = false;
        foreach (var node in _graph.Nodes)
        {
            _w.Line("// [" + LayerText.Describe(node.Layer) + "] " + node.Input + " → " + node.Output + (node.Layer.Kind == LayerKind.Encoder ? "; " + Format.Value(node.Layer.Size) + " block(s) " + node.Prefix + ".layers.{i}" : ""));
            switch (node.Layer.Kind)
            {
                case LayerKind.Embed:
                    _w.Line(Runtime + "Embedding.Forward(tokens, " + Accessor(node.Prefix + ".weight") + ", x, vocab: Vocab, width: Width);");
                    break;
                case LayerKind.SinusoidalPositions:
                    _w.Line("// Rows start … start + count − 1 of the table: the new tokens' positions.");
                    _w.Line(Runtime + "PositionalEncoding.Add(x, new " + ReadOnlySpan + "(" + SinusoidalField(node) + ", start * Width, count * Width), Batch, count, width: Width);");
                    break;
                case LayerKind.LearnedPositions:
                    _w.Line("// Rows start … start + count − 1 of the table: the new tokens' positions.");
                    _w.Line(Runtime + "PositionalEncoding.Add(x, " + Accessor(node.Prefix + ".weight") + ".Slice(start * Width, count * Width), Batch, count, width: Width);");
                    break;
                case LayerKind.Dropout:
                    _w.Line("// Inference: dropout passes its input through.");
                    break;
                case LayerKind.Encoder:
                    _w.Line("for (int layer = 0; layer < " + Format.Value(node.Layer.Size) + "; layer++)");
                    _w.Line("    " + GenerationBlockName(node) + "(arena, layer, x, start, count);");
                    break;
                case LayerKind.LayerNorm:
                    if (!afterStacks) WriteTakeLastRows(ref afterStacks, ref current);
                    _w.Line("var " + Names.Camel(node.Prefix) + "Output = " + _names.Buffer + "(arena, " + (current == "last" ? "_lastNormedAt" : "_lastAt") + ", Batch * Width);");
                    _w.Line(Runtime + "Normalization.LayerNorm(" + current + ", " + Accessor(node.Prefix + ".weight") + ", " + Accessor(node.Prefix + ".bias") + ", "
                        + Names.Camel(node.Prefix) + "Output, Batch, width: Width, eps: " + Format.FloatLiteral(node.Layer.Eps) + ");");
                    current = Names.Camel(node.Prefix) + "Output";
                    break;
                case LayerKind.LmHead:
                    if (!afterStacks) WriteTakeLastRows(ref afterStacks, ref current);
                    _w.Line("var logits = " + _names.Buffer + "(arena, _logitsAt, Batch * Vocab);");
                    _w.Line(Runtime + "Linear.ForwardDecode(" + current + ", " + LmHeadWeight(node) + ", default, logits, Batch, inFeatures: Width, outFeatures: Vocab);");
                    break;
            }
            if (ReferenceEquals(node, stacks[stacks.Count - 1]))
            {
                _w.Line();
                WriteTakeLastRows(ref afterStacks, ref current);
            }
            _w.Line();
        }
        _w.Line("_position = start + count;");
        _w.Line("return logits;");
        _w.Close();
        _w.Line();
    }

    /// <summary>Copies each sequence's last new row out of the stream: the layers after the stacks act per row, and only that row's logits are returned.</summary>
    private void WriteTakeLastRows(ref bool afterStacks, ref string current)
    {
        if (afterStacks) return;
        afterStacks = true;
        _w.Line("// The layers after the blocks act on each row alone, and only each sequence's last position's logits are returned.");
        _w.Line("var last = " + _names.Buffer + "(arena, _lastAt, Batch * Width);");
        _w.Line("for (int b = 0; b < Batch; b++)");
        _w.Line("    x.Slice(((b * count) + count - 1) * Width, Width).CopyTo(last.Slice(b * Width, Width));");
        current = "last";
    }

    private string GenerationBlockName(ShapeNode stack) => _names.BlockForward(stack.Prefix).Replace("BlockForward", "BlockStep");

    /// <summary>One block of a stack on the new rows: the same sub-layers as the block's forward, attention over the cache.</summary>
    private void WriteGenerationBlock(ShapeNode node)
    {
        var layer = node.Layer;
        var block = _blocks[node.Prefix];
        string offsets = _names.OffsetsClass(node.Prefix);
        string Param(string local) => _names.P + "(p + " + offsets + "." + block.Member(local).ConstantName + ", " + Format.Value(block.Member(local).Parameter.Length) + ")";
        string name = Names.Camel(node.Prefix);
        string activation = "global::AttentionGen.Activation." + layer.Activation;

        _w.Line("/// <summary>");
        _w.Line("/// " + Xml(node.Prefix) + ".layers.{layer} on the new rows of <paramref name=\"x\"/>, in place: one " + (layer.NormFirst ? "pre" : "post") + "-norm causal block.");
        _w.Line(layer.NormFirst
            ? "/// x = x + self_attn(norm1(x)), then x = x + linear2(" + ActivationName(layer.Activation) + "(linear1(norm2(x))))."
            : "/// x = norm1(x + self_attn(x)), then x = norm2(x + linear2(" + ActivationName(layer.Activation) + "(linear1(x)))).");
        _w.Line("/// The new positions' keys and values join the cache before the attention, so each query sees every position up to its own.");
        _w.Line("/// </summary>");
        _w.Open("private void " + GenerationBlockName(node) + "(float[] arena, int layer, " + Span + " x, int start, int count)");
        _w.Line("const int Heads = " + Format.Value(layer.Heads) + ", FeedForward = " + Format.Value(layer.FeedForward) + ";");
        _w.Line("const float Eps = " + Format.FloatLiteral(layer.Eps) + ";");
        _w.Line("int rows = Batch * count;");
        _w.Line("int p = " + offsets + ".Start + layer * " + offsets + ".Stride;");
        _w.Line("int cache = layer * Batch * MaxSeq * Width;");
        _w.Line("var keys = " + _names.Buffer + "(arena, _" + name + "KeysAt + cache, Batch * MaxSeq * Width);");
        _w.Line("var values = " + _names.Buffer + "(arena, _" + name + "ValuesAt + cache, Batch * MaxSeq * Width);");
        _w.Line("var normed = " + _names.Buffer + "(arena, _normedAt, rows * Width);");
        _w.Line("var qkv = " + _names.Buffer + "(arena, _qkvAt, rows * 3 * Width);");
        _w.Line("var context = " + _names.Buffer + "(arena, _contextAt, rows * Width);");
        _w.Line("var sublayer = " + _names.Buffer + "(arena, _sublayerAt, rows * Width);");
        _w.Line("var hidden = " + _names.Buffer + "(arena, _hiddenAt, rows * FeedForward);");
        _w.Line("var scores = " + _names.Buffer + "(arena, _scoresAt, MaxSeq);");
        _w.Line();
        string attentionInput = layer.NormFirst ? "normed" : "x";
        _w.Line(layer.NormFirst ? "// x = x + self_attn(norm1(x))" : "// x = norm1(x + self_attn(x))");
        if (layer.NormFirst)
            _w.Line(Runtime + "Normalization.LayerNorm(x, " + Param("norm1.weight") + ", " + Param("norm1.bias") + ", normed, rows, Width, Eps);");
        _w.Line(Runtime + "Linear.ForwardDecode(" + attentionInput + ", " + Param("self_attn.in_proj_weight") + ", " + Param("self_attn.in_proj_bias") + ", qkv, rows, Width, 3 * Width);");
        _w.Line(Runtime + "CachedAttention.Store(qkv, keys, values, Batch, count, start, MaxSeq, Width);");
        _w.Line(Runtime + "CachedAttention.Forward(qkv, 3 * Width, keys, values, context, Batch, count, start, MaxSeq, Heads, Width / Heads, scores);");
        _w.Line(Runtime + "Linear.ForwardDecode(context, " + Param("self_attn.out_proj.weight") + ", " + Param("self_attn.out_proj.bias") + ", sublayer, rows, Width, Width);");
        WriteResidual(layer.NormFirst, "norm1", Param);
        _w.Line();
        string feedForwardInput = layer.NormFirst ? "normed" : "x";
        _w.Line(layer.NormFirst
            ? "// x = x + linear2(" + ActivationName(layer.Activation) + "(linear1(norm2(x))))"
            : "// x = norm2(x + linear2(" + ActivationName(layer.Activation) + "(linear1(x))))");
        if (layer.NormFirst)
            _w.Line(Runtime + "Normalization.LayerNorm(x, " + Param("norm2.weight") + ", " + Param("norm2.bias") + ", normed, rows, Width, Eps);");
        _w.Line(Runtime + "Linear.ForwardDecode(" + feedForwardInput + ", " + Param("linear1.weight") + ", " + Param("linear1.bias") + ", hidden, rows, Width, FeedForward);");
        _w.Line(Runtime + "Activations.Apply(hidden, " + activation + ");");
        _w.Line(Runtime + "Linear.ForwardDecode(hidden, " + Param("linear2.weight") + ", " + Param("linear2.bias") + ", sublayer, rows, FeedForward, Width);");
        WriteResidual(layer.NormFirst, "norm2", Param);
        _w.Close();
        _w.Line();
    }

    /// <summary>The residual connection: added in place (pre-norm), or summed into <c>normed</c> and normalized back into x (post-norm).</summary>
    private void WriteResidual(bool normFirst, string norm, System.Func<string, string> param)
    {
        if (normFirst)
        {
            _w.Line(Runtime + "TensorMath.AddInPlace(x, sublayer);");
            return;
        }
        _w.Line("x.CopyTo(normed);");
        _w.Line(Runtime + "TensorMath.AddInPlace(normed, sublayer);");
        _w.Line(Runtime + "Normalization.LayerNorm(normed, " + param(norm + ".weight") + ", " + param(norm + ".bias") + ", x, rows, Width, Eps);");
    }
}
