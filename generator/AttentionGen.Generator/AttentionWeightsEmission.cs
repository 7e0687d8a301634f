using System.Collections.Generic;
using System.Linq;
using AttentionGen.Core;

namespace AttentionGen.Generator;

/// <summary>
/// Attention weights for inspection: the list of a model's attention layers by PyTorch module name, and a method that
/// recomputes one layer's softmax(q·kᵀ/√d + masks) for one batch row from the queries and keys the last Forward kept.
/// The fused attention kernel never stores the probabilities, so nothing in the forward pass changes for this.
/// </summary>
internal sealed partial class ModelEmission
{
    /// <summary>
    /// One run of attention layers in forward order: a standalone layer (one entry), an encoder stack (one self-attention
    /// per block) or a decoder stack (self-attention then cross-attention per block).
    /// </summary>
    private sealed record AttentionRun(ShapeNode Node, int First, int PerBlock, int Blocks)
    {
        public int Count => PerBlock * Blocks;

        public int End => First + Count;
    }

    private List<AttentionRun> AttentionRuns()
    {
        var runs = new List<AttentionRun>();
        int next = 0;
        foreach (var node in _graph.Nodes)
        {
            AttentionRun? run = node.Layer.Kind switch
            {
                LayerKind.SelfAttention or LayerKind.MultiHead => new AttentionRun(node, next, 1, 1),
                LayerKind.Encoder => new AttentionRun(node, next, 1, node.Layer.Size),
                LayerKind.Decoder => new AttentionRun(node, next, 2, node.Layer.Size),
                _ => null,
            };
            if (run is null) continue;
            runs.Add(run);
            next = run.End;
        }
        return runs;
    }

    private static IEnumerable<string> ModuleNames(AttentionRun run)
    {
        if (run.Node.Layer.Kind is LayerKind.SelfAttention or LayerKind.MultiHead)
        {
            yield return run.Node.Prefix;
            yield break;
        }
        for (int block = 0; block < run.Blocks; block++)
        {
            string prefix = run.Node.Prefix + ".layers." + Format.Value(block);
            yield return prefix + ".self_attn";
            if (run.Node.Layer.Kind == LayerKind.Decoder) yield return prefix + ".multihead_attn";
        }
    }

    /// <summary>The model's public members: <c>AttentionLayers</c> and <c>AttentionWeights</c>.</summary>
    private void WriteAttentionWeights()
    {
        var runs = AttentionRuns();
        if (runs.Count == 0) return;
        _w.Line("/// <summary>");
        _w.Line(Uses(LayerKind.Decoder)
            ? "/// The attention layers by PyTorch module name, in the order the forward pass runs them (in a decoder block,"
            : "/// The attention layers by PyTorch module name, in the order the forward pass runs them; an index into this list");
        _w.Line(Uses(LayerKind.Decoder)
            ? "/// self-attention before cross-attention); an index into this list selects a layer for <see cref=\"AttentionWeights\"/>."
            : "/// selects a layer for <see cref=\"AttentionWeights\"/>.");
        _w.Line("/// </summary>");
        _w.Open("public static global::System.Collections.Generic.IReadOnlyList<string> AttentionLayers { get; } = global::System.Array.AsReadOnly(new[]");
        foreach (var name in runs.SelectMany(ModuleNames)) _w.Line(Names.Literal(name) + ",");
        _w.Close(");");
        _w.Line();
        _w.Line("/// <summary>");
        _w.Line("/// The attention weights of <see cref=\"AttentionLayers\"/>[<paramref name=\"attentionLayer\"/>] for batch row");
        _w.Line("/// <paramref name=\"batchIndex\"/> of the last <see cref=\"Forward\"/>: softmax(q·kᵀ/√d + masks) per head, heads × queries × keys,");
        _w.Line("/// recomputed from the queries and keys that Forward kept (before dropout). Masked keys weigh 0.");
        _w.Line("/// Needs a Forward on this instance first, and an instance that keeps its activations (not inference-only).");
        _w.Line("/// </summary>");
        _w.Open("public " + Runtime + "AttentionMap AttentionWeights(int attentionLayer, int batchIndex)");
        _w.Line("return _workspace.AttentionWeights(IsInferenceOnly, attentionLayer, batchIndex);");
        _w.Close();
        _w.Line();
    }

    /// <summary>The workspace's side: which kept buffers hold each layer's queries and keys, and the kernel call.</summary>
    private void WriteAttentionWeightsPass()
    {
        var runs = AttentionRuns();
        if (runs.Count == 0) return;
        _w.Line("/// <summary>");
        _w.Line("/// One attention layer's weights for one batch row, from the queries and keys the last Forward kept: every block's");
        _w.Line("/// buffers stay in a training-capable workspace, which is why an inference-only instance cannot answer.");
        _w.Line("/// </summary>");
        _w.Open("public " + Runtime + "AttentionMap AttentionWeights(bool inferenceOnly, int attentionLayer, int batchIndex)");
        _w.Line(Runtime + "ModelGuard.AttentionWeights(inferenceOnly, _forwardRan, " + ModelName + ", attentionLayer, AttentionLayers.Count, batchIndex, _batch);");
        WriteRecordedSizes();
        foreach (var run in runs)
        {
            _w.Line();
            var node = run.Node;
            bool single = node.Layer.Kind is LayerKind.SelfAttention or LayerKind.MultiHead;
            _w.Line("// " + (single ? node.Prefix : node.Prefix + ".layers.{i}" + (node.Layer.Kind == LayerKind.Decoder ? ".self_attn and .multihead_attn, alternating" : ".self_attn"))
                + (run.Count == 1 ? ": attention layer " + Format.Value(run.First) : ": attention layers " + Format.Value(run.First) + " to " + Format.Value(run.End - 1)));
            _w.Open("if (attentionLayer < " + Format.Value(run.End) + ")");
            if (single)
            {
                var names = NamesOf(node.Output.Stream);
                WriteSelfAttentionWeights(_plan.Saved[(node, "qkv")].Slice(_names.Buffer, names.Rows), node, names, node.Layer.Causal);
            }
            else
            {
                var stack = _plan.Stacks[node];
                var names = NamesOf(node.Output.Stream);
                string offset = run.First == 0 ? "attentionLayer" : "(attentionLayer - " + Format.Value(run.First) + ")";
                string Slice(string role, string rows) => new TensorRef(stack.Buffers.First(b => b.Role == role).Buffer, "layer").Slice(_names.Buffer, rows);
                if (node.Layer.Kind == LayerKind.Encoder)
                {
                    _w.Line("int layer = " + offset + ";");
                    WriteSelfAttentionWeights(Slice("qkv", names.Rows), node, names, node.Layer.Causal);
                }
                else
                {
                    var source = NamesOf(Stream.Source);
                    _w.Line("int layer = " + offset + " / 2;");
                    _w.Open("if (" + offset + " % 2 == 0)");
                    WriteSelfAttentionWeights(Slice("qkv", names.Rows), node, names, causal: true);
                    _w.Close();
                    int width = node.Input.Width;
                    _w.Line("var query = " + Slice("query", names.Rows) + ";");
                    _w.Line("var keyValue = " + Slice("keyValue", source.Rows) + ";");
                    _w.Line("return " + Runtime + "Attention.Weights(AttentionLayers[attentionLayer], query, " + Format.Value(width) + ", keyValue, " + Format.Value(2 * width)
                        + ", batch, batchIndex, " + names.Length + ", " + source.Length + ", " + HeadArguments(node) + ", causal: false, " + source.Lengths + ");");
                }
            }
            _w.Close();
        }
        _w.Line("throw new global::System.InvalidOperationException(\"Unreachable: ModelGuard.AttentionWeights checked the layer index.\");");
        _w.Close();
        _w.Line();
    }

    /// <summary>Queries and keys from a packed Q, K, V buffer: Q at 0, K at width, rows of 3 × width.</summary>
    private void WriteSelfAttentionWeights(string qkvSlice, ShapeNode node, StreamNames names, bool causal)
    {
        int width = node.Input.Width;
        _w.Line("var qkv = " + qkvSlice + ";");
        _w.Line("return " + Runtime + "Attention.Weights(AttentionLayers[attentionLayer], qkv, " + Format.Value(3 * width) + ", qkv.Slice(" + Format.Value(width) + "), " + Format.Value(3 * width)
            + ", batch, batchIndex, " + names.Length + ", " + names.Length + ", " + HeadArguments(node) + ", causal: " + Format.Value(causal) + ", " + names.Lengths + ");");
    }

    private static string HeadArguments(ShapeNode node) =>
        "heads: " + Format.Value(node.Layer.Heads) + ", headDim: " + Format.Value(node.Input.Width / node.Layer.Heads);
}
