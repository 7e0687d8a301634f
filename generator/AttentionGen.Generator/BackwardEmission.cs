using System.Collections.Generic;
using System.Linq;
using AttentionGen.Core;

namespace AttentionGen.Generator;

/// <summary>
/// The backward pass: the forward's layers in reverse, each reading what its forward kept and accumulating (+=) into
/// the gradient arena and the parameter gradients, so residual branches and tied weights add up by themselves.
/// </summary>
internal sealed partial class ModelEmission
{
    private void WriteBackward()
    {
        _w.Line("/// <summary>");
        _w.Line("/// Backpropagates <paramref name=\"outputGradient\"/>, the gradient of the loss with respect to the last");
        _w.Line("/// <see cref=\"Forward\"/>'s output " + Xml(_graph.Output.ToString()) + ", and adds the parameter gradients to");
        _w.Line("/// <see cref=\"Gradients\"/> (call <see cref=\"ZeroGradients\"/> between steps). Dropout reuses the forward's masks.");
        _w.Line("/// </summary>");
        _w.Open("public void Backward(" + ReadOnlySpan + " outputGradient)");
        _w.Line(Runtime + "ModelGuard.Trainable(IsInferenceOnly, " + ModelName + ", \"Backward\");");
        _w.Line("_workspace.Backward(outputGradient);");
        _w.Close();
        _w.Line();
    }

    /// <summary>
    /// Locals with the sizes the last Forward recorded (batch, lengths, rows, padding lengths), named as the forward
    /// pass names them, for the workspace methods that read its activations afterwards.
    /// </summary>
    private void WriteRecordedSizes()
    {
        _w.Line("int batch = _batch;");
        if (_graph.HasTarget)
        {
            _w.Line("int sourceLen = _seqLen, targetLen = _targetLen;");
            _w.Line("int sourceRows = batch * sourceLen, targetRows = batch * targetLen;");
            _w.Line(IntSpan + " sourceLengths = _hasLengths ? new(_lengths, 0, batch) : default;");
            _w.Line(IntSpan + " targetLengths = _hasTargetLengths ? new(_targetLengths, 0, batch) : default;");
        }
        else
        {
            _w.Line("int seqLen = _seqLen;");
            _w.Line("int rows = batch * seqLen;");
            _w.Line(IntSpan + " lengths = _hasLengths ? new(_lengths, 0, batch) : default;");
        }
    }

    /// <summary>
    /// A language model's head reads its output gradient straight from Backward's argument rather than from a copy in
    /// the gradient arena: the copy would be a second rows × vocabulary array (206 MB for GPT-2's vocabulary at 1,024
    /// rows). Only when the head's output buffer is its own (nothing else writes or reads it).
    /// </summary>
    private bool HeadReadsOutputGradient =>
        _graph.Nodes.Count > 0 && _graph.Nodes[_graph.Nodes.Count - 1].Layer.Kind == LayerKind.LmHead
        && _plan.Outputs.Count(o => o.Value.Buffer == ModelOutput.Buffer) == 1
        && !_plan.Inputs.Values.Any(i => i.Buffer == ModelOutput.Buffer);

    /// <summary>
    /// The gradient arena's length: all of the activation arena's, or, when the head reads its output gradient from
    /// Backward's argument and its output is the arena's last buffer, up to where that buffer starts.
    /// </summary>
    private string GradientArenaLength =>
        HeadReadsOutputGradient && _plan.Buffers.Count > 0 && _plan.Buffers[_plan.Buffers.Count - 1] == ModelOutput.Buffer ? ModelOutput.Buffer.Field : "size";

    /// <summary>
    /// Zeroes the activation gradients the backward pass adds to, only the rows this batch used: the arena is sized for
    /// the largest batch, and clearing all of it would cost as much as a layer's products when the batch is small.
    /// </summary>
    private void WriteGradientClears()
    {
        _w.Line("// The activation gradients are sums: start them at zero, only over the rows this batch used.");
        // Statistics (log-sum-exp) have no gradient, the output's gradient is copied in whole just after, the layers
        // write their own working gradients (attention's q, k, v and context, the feed-forward's hidden ones), and
        // the blocks write most of their own gradients before adding to them (see IsFirstWrittenGradient).
        var skipped = new HashSet<ArenaBuffer>(_plan.Stacks
            .SelectMany(stack => stack.Value.Buffers.Select(b => (b.Role, b.Buffer, stack.Key.Layer.NormFirst)))
            .Where(b => IsStatistic(b.Role) || IsLayerWorkingGradient(b.Role) || IsFirstWrittenGradient(b.Role, b.NormFirst)).Select(b => b.Buffer)
            .Concat(_plan.Saved.Where(s => IsLayerWorkingGradient(s.Key.Role)).Select(s => s.Value.Buffer)));
        foreach (var buffer in _plan.Buffers)
        {
            if (skipped.Contains(buffer) || buffer == ModelOutput.Buffer) continue;
            string rows = buffer.Rows == BufferRows.Batch ? "batch" : NamesOf(buffer.Stream).Rows;
            if (buffer.IsBlockBuffer)
            {
                _w.Line("for (int layer = 0; layer < " + Format.Value(buffer.Layers) + "; layer++) " + _names.Gradient + "(" + buffer.Field + ", layer, " + Format.Value(buffer.RowWidth) + ", " + rows + ").Clear();");
            }
            else
            {
                _w.Line(new TensorRef(buffer).Slice(_names.Gradient, rows) + ".Clear();");
            }
        }
    }

    /// <summary>The backward pass itself, a method of the model's workspace, which kept the forward's activations.</summary>
    private void WriteBackwardPass()
    {
        _w.Line("/// <summary>");
        _w.Line("/// Backpropagates <paramref name=\"outputGradient\"/> through the forward pass this workspace ran last, adding to the");
        _w.Line("/// activation gradients and the parameter gradients.");
        _w.Line("/// </summary>");
        _w.Open("public void Backward(" + ReadOnlySpan + " outputGradient)");
        _w.Line("if (!_forwardRan) throw new global::System.InvalidOperationException(\"Backward needs a Forward first: it reads the activations that Forward keeps.\");");
        WriteRecordedSizes();
        string outputRows = _graph.Output.IsSequence ? NamesOf(_graph.Output.Stream).Rows : "batch";
        _w.Line("int outputLength = " + outputRows + " * Outputs;");
        _w.Line("if (outputGradient.Length != outputLength)");
        _w.Line("    throw new global::System.ArgumentException($\"The output gradient has {outputGradient.Length} values, but the last Forward returned {outputLength}.\", nameof(outputGradient));");
        WriteGradientClears();
        if (HeadReadsOutputGradient)
            _w.Line("// The head reads outputGradient itself: the arena keeps no copy of the (rows, vocabulary) gradient.");
        else
            _w.Line("outputGradient.CopyTo(" + ModelOutput.Slice(_names.Gradient, NamesOf(_graph.Output.Stream).Rows) + ");");
        _w.Line();

        foreach (var node in _graph.Nodes.Reverse())
        {
            var names = NamesOf(node.Output.Stream);
            var output = _plan.Outputs[node];
            _plan.Inputs.TryGetValue(node, out var input);
            string rowsOf = node.Input.IsSequence || node.Input.TokenIds ? NamesOf(node.Input.Stream).Rows : "batch";
            string dOut = HeadReadsOutputGradient && node == _graph.Nodes[_graph.Nodes.Count - 1] ? "outputGradient" : output.Slice(_names.Gradient, names.Rows);
            string x = input?.Slice(_names.Buffer, NamesOf(node.Input.Stream).Rows) ?? "";
            string dx = input?.Slice(_names.Gradient, NamesOf(node.Input.Stream).Rows) ?? "";
            _w.Line("// [" + LayerText.Describe(node.Layer) + "] backward");
            switch (node.Layer.Kind)
            {
                case LayerKind.Embed:
                case LayerKind.TargetEmbed:
                    bool target = node.Layer.Kind == LayerKind.TargetEmbed;
                    _w.Line(Runtime + "Embedding.Backward(new " + IntSpan + "(" + (target ? "_targetTokens, 0, targetRows" : "_tokens, 0, " + names.Rows) + "), " + dOut + ", "
                        + GradientAccessor(node.Prefix + ".weight") + ", vocab: " + (target ? "TargetVocab" : "Vocab") + ", width: " + Format.Value(node.Output.Width) + ");");
                    break;
                case LayerKind.InputProjection:
                    _w.Line(Runtime + "Linear.Backward(" + x + ", " + Accessor(node.Prefix + ".weight") + ", " + dOut + ", default, "
                        + GradientAccessor(node.Prefix + ".weight") + ", " + GradientAccessor(node.Prefix + ".bias") + ", rows, inFeatures: Features, outFeatures: " + Format.Value(node.Output.Width) + ");");
                    break;
                case LayerKind.SinusoidalPositions:
                    _w.Line("// Fixed positions: the gradient passes through unchanged.");
                    break;
                case LayerKind.LearnedPositions:
                    _w.Line(Runtime + "PositionalEncoding.AddBackward(" + dOut + ", " + GradientAccessor(node.Prefix + ".weight") + ", batch, " + names.Length + ", width: " + Format.Value(node.Output.Width) + ");");
                    break;
                case LayerKind.Dropout when node.Layer.Dropout == 0:
                    _w.Line("// p = 0: the gradient passes through unchanged.");
                    break;
                case LayerKind.Dropout:
                    _w.Line(Runtime + "Dropout.Forward(" + dOut + ", " + DropoutProbability(node.Layer.Dropout) + ", " + _names.DropoutSeed + "(" + Format.Value(_plan.DropoutSites[node]) + ")); // the same mask scales the gradient");
                    break;
                case LayerKind.MultiHead:
                case LayerKind.SelfAttention:
                    _w.Line(Runtime + "SelfAttentionLayer.Backward<" + SizeType(HeadSize(node)) + ">(" + x + ", " + Saved(node, "qkv", names.Rows) + ", " + Saved(node, "context", names.Rows) + ", " + Saved(node, "logSumExp", names.Rows) + ", " + dOut + ",");
                    _w.Line("    " + dx + ", " + _plan.Saved[(node, "qkv")].Slice(_names.Gradient, names.Rows) + ", " + _plan.Saved[(node, "context")].Slice(_names.Gradient, names.Rows) + ",");
                    _w.Line("    " + Accessor(node.Prefix + ".in_proj_weight") + ", " + Accessor(node.Prefix + ".out_proj.weight") + ",");
                    _w.Line("    " + GradientAccessor(node.Prefix + ".in_proj_weight") + ", " + GradientAccessor(node.Prefix + ".in_proj_bias") + ", "
                        + GradientAccessor(node.Prefix + ".out_proj.weight") + ", " + GradientAccessor(node.Prefix + ".out_proj.bias") + ",");
                    _w.Line("    batch, " + names.Length + ", width: " + Format.Value(node.Input.Width) + ", heads: " + Format.Value(node.Layer.Heads) + ", causal: " + Format.Value(node.Layer.Causal)
                        + ", " + names.Lengths + ", " + DropoutProbability(node.Layer.Dropout) + ", " + _names.DropoutSeed + "(" + Format.Value(_plan.DropoutSites[node]) + "));");
                    break;
                case LayerKind.Encoder:
                case LayerKind.Decoder:
                {
                    var stack = _plan.Stacks[node];
                    string previous = new TensorRef(stack.Output, "layer - 1").Slice(_names.Buffer, names.Rows);
                    string dPrevious = new TensorRef(stack.Output, "layer - 1").Slice(_names.Gradient, names.Rows);
                    string memory = "";
                    if (node.Layer.Kind == LayerKind.Decoder)
                    {
                        var sourceRows = NamesOf(Stream.Source).Rows;
                        memory = _plan.Memory!.Slice(_names.Buffer, sourceRows) + ", " + _plan.Memory!.Slice(_names.Gradient, sourceRows) + ", ";
                    }
                    string rest = node.Layer.Kind == LayerKind.Decoder
                        ? "batch, " + names.Length + ", " + NamesOf(Stream.Source).Length + ", " + names.Lengths + ", " + NamesOf(Stream.Source).Lengths
                        : "batch, " + names.Length + ", " + names.Lengths;
                    _w.Line("for (int layer = " + Format.Value(node.Layer.Size - 1) + "; layer >= 0; layer--)");
                    _w.Line("    " + _names.BlockBackward(node.Prefix) + "(layer, layer == 0 ? " + x + " : " + previous + ", layer == 0 ? " + dx + " : " + dPrevious + ", " + memory + rest + ");");
                    break;
                }
                case LayerKind.LayerNorm:
                    _w.Line(Runtime + "Normalization.LayerNormBackward<" + SizeType(node.Input.Width) + ">(" + x + ", " + Accessor(node.Prefix + ".weight") + ", " + dOut + ", " + dx + ", "
                        + GradientAccessor(node.Prefix + ".weight") + ", " + GradientAccessor(node.Prefix + ".bias") + ", " + rowsOf
                        + ", eps: " + Format.FloatLiteral(node.Layer.Eps) + ");");
                    break;
                case LayerKind.Dense:
                {
                    string dLinear = dOut;
                    if (node.Layer.Activation != ActivationKind.None)
                    {
                        dLinear = _plan.Saved[(node, "preActivation")].Slice(_names.Gradient, names.Rows);
                        _w.Line(Runtime + "Activations.Backward(" + Saved(node, "preActivation", names.Rows) + ", " + dOut + ", " + dLinear + ", global::AttentionGen.Activation." + node.Layer.Activation + ");");
                    }
                    _w.Line(Runtime + "Linear.Backward(" + x + ", " + Accessor(node.Prefix + ".weight") + ", " + dLinear + ", " + dx + ", "
                        + GradientAccessor(node.Prefix + ".weight") + ", " + (node.Layer.Bias ? GradientAccessor(node.Prefix + ".bias") : "default") + ", " + rowsOf
                        + ", inFeatures: " + Format.Value(node.Input.Width) + ", outFeatures: " + Format.Value(node.Output.Width) + ");");
                    break;
                }
                case LayerKind.LmHead:
                {
                    string weight = node.Layer.Tied ? TiedEmbedding(node).Prefix + ".weight" : node.Prefix + ".weight";
                    _w.Line(Runtime + "Linear.Backward(" + x + ", " + Accessor(weight) + ", " + dOut + ", " + dx + ", " + GradientAccessor(weight) + ", default, " + rowsOf
                        + ", inFeatures: " + Format.Value(node.Input.Width) + ", outFeatures: " + Format.Value(node.Output.Width) + ");"
                        + (node.Layer.Tied ? " // tied: adds to the embedding's gradient" : ""));
                    break;
                }
                case LayerKind.MeanPool:
                case LayerKind.FirstTokenPool:
                case LayerKind.LastTokenPool:
                    _w.Line(Runtime + "Pooling." + PoolName(node) + "Backward(" + dOut + ", " + dx + ", batch, " + NamesOf(node.Input.Stream).Length
                        + ", width: " + Format.Value(node.Input.Width) + ", " + NamesOf(node.Input.Stream).Lengths + ");");
                    break;
            }
            _w.Line();
        }
        _w.Close();
        _w.Line();
    }
}
