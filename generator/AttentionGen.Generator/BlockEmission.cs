using System.Collections.Generic;
using System.Linq;
using AttentionGen.Core;

namespace AttentionGen.Generator;

/// <summary>
/// Transformer blocks: one forward and one backward method per stack, mirror images of each other, over per-layer
/// buffers that keep every tensor the backward pass reads.
/// </summary>
internal sealed partial class ModelEmission
{
    /// <summary>The buffers of one stack: every sub-layer's tensors, one slice per block.</summary>
    private BlockPlan PlanBlock(ShapeNode node)
    {
        var layer = node.Layer;
        bool decoder = layer.Kind == LayerKind.Decoder;
        int width = node.Input.Width;
        var stream = node.Output.Stream;
        string stack = Names.Camel(node.Prefix);
        ArenaBuffer Buffer(string role, int rowWidth, Stream rowsOf, string what) =>
            Reserve(stack + Names.Pascal(role), rowWidth, BufferRows.Sequence, layer.Size, rowsOf, node.Prefix + ".layers.{i} " + what);

        var kinds = decoder
            ? new[] { SublayerKind.SelfAttention, SublayerKind.CrossAttention, SublayerKind.FeedForward }
            : new[] { SublayerKind.SelfAttention, SublayerKind.FeedForward };
        var plan = new BlockPlan(Reserve(stack, width, BufferRows.Sequence, layer.Size, stream, "[" + LayerText.Describe(layer) + "] each block's output, " + node.Output));
        // Without dropout a sub-layer's output projection adds the residual in its epilogue and writes the sum
        // directly: the sub-layer's own output is never stored, so it needs no buffer.
        bool storesResult = !AddsResidualInEpilogue(layer);
        for (int k = 1; k <= kinds.Length; k++)
        {
            bool last = k == kinds.Length;
            if (layer.NormFirst || !last) plan.Buffers.Add(("norm" + k, Buffer("norm" + k, width, stream, "norm" + k + " output")));
            switch (kinds[k - 1])
            {
                case SublayerKind.SelfAttention:
                    plan.Buffers.Add(("qkv", Buffer("qkv", 3 * width, stream, "self_attn packed Q, K, V")));
                    plan.Buffers.Add(("context", Buffer("context", width, stream, "self_attn heads before out_proj")));
                    plan.Buffers.Add(("logSumExp", Buffer("logSumExp", layer.Heads, stream, "self_attn log-sum-exp of each query's scores per head")));
                    if (storesResult) plan.Buffers.Add(("attention", Buffer("attention", width, stream, "self_attn output")));
                    plan.Sublayers.Add(new Sublayer(SublayerKind.SelfAttention, k, "attention"));
                    break;
                case SublayerKind.CrossAttention:
                    plan.Buffers.Add(("query", Buffer("query", width, stream, "multihead_attn queries")));
                    plan.Buffers.Add(("keyValue", Buffer("keyValue", 2 * width, Stream.Source, "multihead_attn keys and values of the memory")));
                    plan.Buffers.Add(("crossContext", Buffer("crossContext", width, stream, "multihead_attn heads before out_proj")));
                    plan.Buffers.Add(("crossLogSumExp", Buffer("crossLogSumExp", layer.Heads, stream, "multihead_attn log-sum-exp of each query's scores per head")));
                    if (storesResult) plan.Buffers.Add(("crossAttention", Buffer("crossAttention", width, stream, "multihead_attn output")));
                    plan.Sublayers.Add(new Sublayer(SublayerKind.CrossAttention, k, "crossAttention"));
                    break;
                default:
                    plan.Buffers.Add(("hidden", Buffer("hidden", layer.FeedForward, stream, "linear1 output")));
                    plan.Buffers.Add(("activated", Buffer("activated", layer.FeedForward, stream, "activation (and dropout) of linear1")));
                    if (storesResult) plan.Buffers.Add(("feedForward", Buffer("feedForward", width, stream, "linear2 output")));
                    plan.Sublayers.Add(new Sublayer(SublayerKind.FeedForward, k, "feedForward"));
                    break;
            }
            if (!layer.NormFirst || !last) plan.Buffers.Add(("residual" + k, Buffer("residual" + k, width, stream, "sub-layer " + k + " residual sum")));
        }
        return plan;
    }

    /// <summary>
    /// A block without dropout: each sub-layer's output projection adds the residual in its epilogue (y = x + f(x)
    /// written by the product itself), and in the backward pass the sub-layer reads the residual's gradient in place.
    /// With dropout between the sub-layer and the sum, the sub-layer's output is stored, dropped, then added.
    /// </summary>
    private static bool AddsResidualInEpilogue(LayerSpec layer) => !ActivationArena.StoresSublayerOutputs(layer);

    /// <summary>
    /// A block buffer whose gradient the backward pass writes before anything adds to it, so it is never zeroed: a
    /// sub-layer's output (aliased to the residual's gradient, or copied from it before dropout), the input of every
    /// sub-layer after the first (its gradient starts as a copy of the residual's), and a pre-norm block's normalized
    /// inputs (written by the sub-layer's backward). A post-norm block's residual sums stay zeroed: LayerNorm's backward
    /// adds to them.
    /// </summary>
    private static bool IsFirstWrittenGradient(string role, bool normFirst) =>
        role is "attention" or "crossAttention" or "feedForward"
        || (normFirst ? role.StartsWith("residual", System.StringComparison.Ordinal) || role.StartsWith("norm", System.StringComparison.Ordinal)
                      : role.StartsWith("norm", System.StringComparison.Ordinal));

    /// <summary>Buffers the backward pass reads but never differentiates (the attention's log-sum-exp): no gradient local.</summary>
    private static bool IsStatistic(string role) => role is "logSumExp" or "crossLogSumExp";

    /// <summary>
    /// A block buffer whose gradient a runtime layer writes before reading (SelfAttentionLayer's dQkv and dContext,
    /// CrossAttentionLayer's dQuery, dKeyValue and dCrossContext, FeedForwardLayer's dHidden and dActivated): the
    /// backward pass does not zero it first.
    /// </summary>
    private static bool IsLayerWorkingGradient(string role) => role is "qkv" or "context" or "query" or "keyValue" or "crossContext" or "hidden" or "activated";

    private void WriteBlocks()
    {
        foreach (var node in _graph.Nodes.Where(n => n.Layer.Kind is LayerKind.Encoder or LayerKind.Decoder))
        {
            WriteBlockMethod(node, backward: false);
            WriteBlockMethod(node, backward: true);
        }
    }

    /// <summary>The sub-layer chain: each sub-layer's input and output local, x first and y last.</summary>
    private static List<(Sublayer Sublayer, string Input, string Output)> Chain(BlockPlan plan, bool normFirst)
    {
        var chain = new List<(Sublayer, string, string)>();
        string input = "x";
        for (int i = 0; i < plan.Sublayers.Count; i++)
        {
            var sublayer = plan.Sublayers[i];
            bool last = i == plan.Sublayers.Count - 1;
            string output = last ? "y" : normFirst ? "residual" + sublayer.Norm : "norm" + sublayer.Norm;
            chain.Add((sublayer, input, output));
            input = output;
        }
        return chain;
    }

    private void WriteBlockMethod(ShapeNode node, bool backward)
    {
        var layer = node.Layer;
        var plan = _plan.Stacks[node];
        bool decoder = layer.Kind == LayerKind.Decoder;
        bool causal = decoder || layer.Causal;
        string offsets = _names.OffsetsClass(node.Prefix);
        string Param(string local) => _names.P + "(p + " + offsets + "." + _blocks[node.Prefix].Member(local).ConstantName + ", " + Format.Value(_blocks[node.Prefix].Member(local).Parameter.Length) + ")";
        string Grad(string local) => _names.G + "(p + " + offsets + "." + _blocks[node.Prefix].Member(local).ConstantName + ", " + Format.Value(_blocks[node.Prefix].Member(local).Parameter.Length) + ")";
        string activation = "global::AttentionGen.Activation." + layer.Activation;
        var chain = Chain(plan, layer.NormFirst);

        _w.Line("/// <summary>");
        _w.Line("/// " + Xml(node.Prefix) + ".layers.{layer}, " + (backward ? "backward" : "forward") + ": one " + (layer.NormFirst ? "pre" : "post") + "-norm "
            + (decoder ? "nn.TransformerDecoderLayer" : "nn.TransformerEncoderLayer") + " (norm_first=" + (layer.NormFirst ? "True" : "False") + ")"
            + (causal ? ", causal" : "") + ".");
        foreach (var (sublayer, input, output) in chain) _w.Line("/// " + Formula(sublayer, input, output, layer.NormFirst, layer.Activation) + ".");
        _w.Line(backward
            ? "/// Reads the tensors its forward kept and accumulates the gradients of x" + (decoder ? ", the memory" : "") + " and the block's parameters."
            : "/// Keeps every intermediate tensor of the block for the backward pass.");
        _w.Line("/// </summary>");

        var parameters = new List<string> { "int layer", ReadOnlySpan + " x" };
        if (backward) parameters.Add(Span + " dx");
        if (decoder)
        {
            parameters.Add(ReadOnlySpan + " memory");
            if (backward) parameters.Add(Span + " dMemory");
        }
        parameters.Add("int batch");
        parameters.Add("int seqLen");
        if (decoder) parameters.Add("int sourceLen");
        parameters.Add(IntSpan + " lengths");
        if (decoder) parameters.Add(IntSpan + " sourceLengths");
        _w.Open("private void " + (backward ? _names.BlockBackward(node.Prefix) : _names.BlockForward(node.Prefix)) + "(" + string.Join(", ", parameters) + ")");

        _w.Line("const int Width = " + Format.Value(node.Input.Width) + ", Heads = " + Format.Value(layer.Heads) + ", FeedForwardWidth = " + Format.Value(layer.FeedForward) + ";");
        _w.Line("const float Eps = " + Format.FloatLiteral(layer.Eps) + ", DropoutP = " + Format.FloatLiteral(layer.Dropout) + ";");
        _w.Line("float dropout = _training ? DropoutP : 0f;");
        _w.Line("int rows = batch * seqLen;");
        if (decoder) _w.Line("int sourceRows = batch * sourceLen;");
        _w.Line("int p = " + offsets + ".Start + layer * " + offsets + ".Stride;");
        _w.Line("int site = " + Format.Value(_plan.DropoutSites[node]) + " + layer * " + Format.Value(plan.SitesPerLayer) + ";");
        foreach (var (role, buffer) in plan.Buffers)
        {
            string rows = role == "keyValue" ? "sourceRows" : "rows";
            _w.Line("var " + role + " = " + new TensorRef(buffer, "layer").Slice(_names.Buffer, rows) + ";");
            if (backward && !IsStatistic(role)) _w.Line("var " + GradientLocal(role) + " = " + new TensorRef(buffer, "layer").Slice(_names.Gradient, rows) + ";");
        }
        _w.Line(backward
            ? "var dy = " + new TensorRef(plan.Output, "layer").Slice(_names.Gradient, "rows") + ";"
            : "var y = " + new TensorRef(plan.Output, "layer").Slice(_names.Buffer, "rows") + ";");

        string size = SizeType(node.Input.Width);
        string headSize = SizeType(HeadSize(node));
        bool fused = AddsResidualInEpilogue(layer);
        var steps = (backward ? Enumerable.Reverse(chain) : chain).ToList();
        bool normed = false; // a pre-norm sub-layer's LayerNorm already ran, fused with the residual add before it
        for (int step = 0; step < steps.Count; step++)
        {
            var (sublayer, input, output) = steps[step];
            _w.Line();
            _w.Line("// " + Formula(sublayer, input, output, layer.NormFirst, layer.Activation));
            string norm = "norm" + sublayer.Norm;
            string seed = _names.DropoutSeed + "(site + " + Format.Value(2 * (sublayer.Norm - 1)) + ")";
            string resultSeed = _names.DropoutSeed + "(site + " + Format.Value(2 * (sublayer.Norm - 1) + 1) + ")";
            string result = sublayer.Result;
            string dResult = GradientLocal(result);
            string dInput = GradientLocal(input);
            string dOutput = GradientLocal(output);
            if (!backward)
            {
                string fIn = input;
                if (layer.NormFirst)
                {
                    if (!normed)
                        _w.Line(Runtime + "Normalization.LayerNorm<" + size + ">(" + input + ", " + Param(norm + ".weight") + ", " + Param(norm + ".bias") + ", " + norm + ", rows, Eps);");
                    fIn = norm;
                }
                normed = false;
                if (fused)
                {
                    // The output projection adds the residual in its epilogue: pre-norm, the sum is the sub-layer's
                    // output; post-norm, it is the residual sum this sub-layer's LayerNorm then reads.
                    string sum = layer.NormFirst ? output : "residual" + sublayer.Norm;
                    WriteSublayerForward(sublayer, headSize, fIn, Param, causal, activation, seed, sum, input);
                    if (!layer.NormFirst)
                        _w.Line(Runtime + "Normalization.LayerNorm<" + size + ">(" + sum + ", " + Param(norm + ".weight") + ", " + Param(norm + ".bias") + ", " + output + ", rows, Eps);");
                    continue;
                }

                WriteSublayerForward(sublayer, headSize, fIn, Param, causal, activation, seed, result, null);
                _w.Line(Runtime + "Dropout.Forward(" + result + ", dropout, " + resultSeed + ");");
                // The residual add and the LayerNorm that reads its sum run as one pass over each row: post-norm, this
                // sub-layer's own norm; pre-norm, the next sub-layer's.
                if (!layer.NormFirst)
                {
                    _w.Line(Runtime + "Normalization.AddLayerNorm<" + size + ">(" + input + ", " + result + ", residual" + sublayer.Norm + ", "
                        + Param(norm + ".weight") + ", " + Param(norm + ".bias") + ", " + output + ", rows, Eps);");
                }
                else if (step + 1 < steps.Count)
                {
                    string nextNorm = "norm" + steps[step + 1].Item1.Norm;
                    _w.Line(Runtime + "Normalization.AddLayerNorm<" + size + ">(" + input + ", " + result + ", " + output + ", "
                        + Param(nextNorm + ".weight") + ", " + Param(nextNorm + ".bias") + ", " + nextNorm + ", rows, Eps);");
                    normed = true;
                }
                else
                {
                    _w.Line(Runtime + "TensorMath.Add(" + input + ", " + result + ", " + output + ");");
                }
            }
            else
            {
                string dResidual = layer.NormFirst ? dOutput : "dResidual" + sublayer.Norm;
                if (!layer.NormFirst)
                    _w.Line(Runtime + "Normalization.LayerNormBackward<" + size + ">(residual" + sublayer.Norm + ", " + Param(norm + ".weight") + ", " + dOutput + ", " + dResidual
                        + ", " + Grad(norm + ".weight") + ", " + Grad(norm + ".bias") + ", rows, Eps);");
                // The residual's gradient reaches the sub-layer's input unchanged: added to the block input's gradient
                // (which may have other sources), the first value of an inner input's.
                _w.Line("// The residual sum's gradient reaches both addends: " + input + " and the sub-layer's output" + (fused ? ", which reads it in place." : "."));
                if (input == "x")
                    _w.Line(Runtime + "TensorMath.AddInPlace(" + dInput + ", " + dResidual + ");");
                else
                    _w.Line(dResidual + ".CopyTo(" + dInput + ");");
                // ... and the sub-layer's output: the same gradient, read in place, unless dropout scales a copy.
                string dSublayer = dResidual;
                if (!fused)
                {
                    _w.Line(dResidual + ".CopyTo(" + dResult + ");");
                    _w.Line(Runtime + "Dropout.Forward(" + dResult + ", dropout, " + resultSeed + "); // the same mask scales the gradient");
                    dSublayer = dResult;
                }
                string fIn = layer.NormFirst ? norm : input;
                string dFIn = layer.NormFirst ? "dNorm" + sublayer.Norm : dInput;
                WriteSublayerBackward(sublayer, headSize, fIn, dFIn, dSublayer, Param, Grad, causal, activation, seed, accumulate: !layer.NormFirst);
                if (layer.NormFirst)
                    _w.Line(Runtime + "Normalization.LayerNormBackward<" + size + ">(" + input + ", " + Param(norm + ".weight") + ", " + dFIn + ", " + dInput
                        + ", " + Grad(norm + ".weight") + ", " + Grad(norm + ".bias") + ", rows, Eps);");
            }
        }
        _w.Close();
        _w.Line();
    }

    /// <summary>
    /// One sub-layer's forward call writing <paramref name="output"/>; with a <paramref name="residual"/>, the output
    /// projection adds it in its epilogue.
    /// </summary>
    private void WriteSublayerForward(Sublayer sublayer, string head, string input, System.Func<string, string> param, bool causal, string activation, string seed, string output, string? residual)
    {
        string onResidual = residual == null ? "" : ", residual: " + residual;
        switch (sublayer.Kind)
        {
            case SublayerKind.SelfAttention:
                _w.Line(Runtime + "SelfAttentionLayer.Forward<" + head + ">(" + input + ", qkv, context, logSumExp, " + output + ",");
                _w.Line("    " + param("self_attn.in_proj_weight") + ", " + param("self_attn.in_proj_bias") + ", " + param("self_attn.out_proj.weight") + ", " + param("self_attn.out_proj.bias") + ",");
                _w.Line("    batch, seqLen, Width, Heads, causal: " + (causal ? "true" : "false") + ", lengths, dropout, " + seed + onResidual + ");");
                break;
            case SublayerKind.CrossAttention:
                _w.Line(Runtime + "CrossAttentionLayer.Forward<" + head + ">(" + input + ", memory, query, keyValue, crossContext, crossLogSumExp, " + output + ",");
                _w.Line("    " + param("multihead_attn.in_proj_weight") + ", " + param("multihead_attn.in_proj_bias") + ", " + param("multihead_attn.out_proj.weight") + ", " + param("multihead_attn.out_proj.bias") + ",");
                _w.Line("    batch, seqLen, sourceLen, Width, Heads, sourceLengths, dropout, " + seed + onResidual + ");");
                break;
            default:
                _w.Line(Runtime + "FeedForwardLayer.Forward(" + input + ", hidden, activated, " + output + ",");
                _w.Line("    " + param("linear1.weight") + ", " + param("linear1.bias") + ", " + param("linear2.weight") + ", " + param("linear2.bias") + ",");
                _w.Line("    rows, Width, FeedForwardWidth, " + activation + ", dropout, " + seed + onResidual + ");");
                break;
        }
    }

    /// <summary>
    /// One sub-layer's backward call from <paramref name="dOutput"/>; with <paramref name="accumulate"/> false it
    /// writes <paramref name="dInput"/> instead of adding to it.
    /// </summary>
    private void WriteSublayerBackward(Sublayer sublayer, string head, string input, string dInput, string dOutput, System.Func<string, string> param, System.Func<string, string> grad,
        bool causal, string activation, string seed, bool accumulate)
    {
        string write = accumulate ? "" : ", accumulateInputGradient: false";
        switch (sublayer.Kind)
        {
            case SublayerKind.SelfAttention:
                _w.Line(Runtime + "SelfAttentionLayer.Backward<" + head + ">(" + input + ", qkv, context, logSumExp, " + dOutput + ", " + dInput + ", dQkv, dContext,");
                _w.Line("    " + param("self_attn.in_proj_weight") + ", " + param("self_attn.out_proj.weight") + ",");
                _w.Line("    " + grad("self_attn.in_proj_weight") + ", " + grad("self_attn.in_proj_bias") + ", " + grad("self_attn.out_proj.weight") + ", " + grad("self_attn.out_proj.bias") + ",");
                _w.Line("    batch, seqLen, Width, Heads, causal: " + (causal ? "true" : "false") + ", lengths, dropout, " + seed + write + ");");
                break;
            case SublayerKind.CrossAttention:
                _w.Line(Runtime + "CrossAttentionLayer.Backward<" + head + ">(" + input + ", memory, query, keyValue, crossContext, crossLogSumExp, " + dOutput + ", " + dInput + ", dMemory, dQuery, dKeyValue, dCrossContext,");
                _w.Line("    " + param("multihead_attn.in_proj_weight") + ", " + param("multihead_attn.out_proj.weight") + ",");
                _w.Line("    " + grad("multihead_attn.in_proj_weight") + ", " + grad("multihead_attn.in_proj_bias") + ", " + grad("multihead_attn.out_proj.weight") + ", " + grad("multihead_attn.out_proj.bias") + ",");
                _w.Line("    batch, seqLen, sourceLen, Width, Heads, sourceLengths, dropout, " + seed + write + ");");
                break;
            default:
                _w.Line(Runtime + "FeedForwardLayer.Backward(" + input + ", hidden, activated, " + dOutput + ", " + dInput + ", dHidden, dActivated,");
                _w.Line("    " + param("linear1.weight") + ", " + param("linear2.weight") + ",");
                _w.Line("    " + grad("linear1.weight") + ", " + grad("linear1.bias") + ", " + grad("linear2.weight") + ", " + grad("linear2.bias") + ",");
                _w.Line("    rows, Width, FeedForwardWidth, " + activation + ", dropout, " + seed + write + ");");
                break;
        }
    }

    /// <summary>The gradient local of a block local: x → dx, y → dy, norm1 → dNorm1.</summary>
    private static string GradientLocal(string local) => local.Length == 1 ? "d" + local : "d" + Names.Pascal(local);

    /// <summary>A sub-layer as a formula, e.g. "norm1 = norm1(x + dropout(self_attn(x)))".</summary>
    private static string Formula(Sublayer sublayer, string input, string output, bool normFirst, ActivationKind activation)
    {
        string norm = "norm" + Format.Value(sublayer.Norm);
        string inner = normFirst ? norm + "(" + input + ")" : input;
        string f = sublayer.Kind switch
        {
            SublayerKind.SelfAttention => "self_attn(" + inner + ")",
            SublayerKind.CrossAttention => "multihead_attn(" + inner + ", memory)",
            _ => "linear2(dropout(" + ActivationName(activation) + "(linear1(" + inner + "))))",
        };
        return normFirst
            ? output + " = " + input + " + dropout(" + f + ")"
            : output + " = " + norm + "(" + input + " + dropout(" + f + "))";
    }

    /// <summary>An activation as PyTorch's functional API spells it, for comments.</summary>
    private static string ActivationName(ActivationKind activation) => activation switch
    {
        ActivationKind.Relu => "relu",
        ActivationKind.Gelu => "gelu",
        ActivationKind.GeluTanh => "gelu_tanh",
        _ => "identity",
    };
}
