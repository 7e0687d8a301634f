using System.Linq;
using AttentionGen.Core;

namespace AttentionGen.Generator;

/// <summary>Layer helpers (attention, feed-forward) and the Transformer blocks built from them.</summary>
internal sealed partial class ModelEmission
{
    private string BlockMethod(ShapeNode node) => _names.BlockMethod(node.Prefix);

    /// <summary>The accessor property of a parameter outside the block stacks.</summary>
    private string Accessor(string parameterName) => _names.Accessor(parameterName);

    private void WriteLayerHelpers()
    {
        if (Uses(LayerKind.MultiHead, LayerKind.SelfAttention, LayerKind.Encoder, LayerKind.Decoder))
        {
            _w.Line("/// <summary>");
            _w.Line("/// PyTorch's nn.MultiheadAttention applied as attn(x, x, x): the packed projection in_proj_weight (3·width, width)");
            _w.Line("/// gives Q, K and V (rows in that order); each head attends over its slice of features with scaled dot-product");
            _w.Line("/// attention (keys past a sequence's length masked, future keys masked when causal); out_proj mixes the heads.");
            _w.Line("/// </summary>");
            _w.Open("private void " + _names.SelfAttention + "(" + ReadOnlySpan + " x, " + Span + " y, " + ReadOnlySpan + " inProjWeight, " + ReadOnlySpan + " inProjBias, "
                + ReadOnlySpan + " outProjWeight, " + ReadOnlySpan + " outProjBias, int batch, int seqLen, int width, int heads, bool causal, " + IntSpan + " lengths)");
            _w.Line("int rows = batch * seqLen;");
            _w.Line("var qkv = " + _names.Buffer + "(_qkvAt, rows * 3 * width);");
            _w.Line("var context = " + _names.Buffer + "(_contextAt, rows * width);");
            _w.Line(Runtime + "Linear.Forward(x, inProjWeight, inProjBias, qkv, rows, width, 3 * width);");
            _w.Line(Runtime + "Attention.Forward(");
            _w.Line("    q: qkv, qStride: 3 * width, k: qkv.Slice(width), kStride: 3 * width, v: qkv.Slice(2 * width), vStride: 3 * width,");
            _w.Line("    context, batch, seqLen, seqLen, heads, width / heads, causal, lengths, _attentionScratch);");
            _w.Line(Runtime + "Linear.Forward(context, outProjWeight, outProjBias, y, rows, width, width);");
            _w.Close();
            _w.Line();
        }

        if (Uses(LayerKind.Decoder))
        {
            _w.Line("/// <summary>");
            _w.Line("/// PyTorch's nn.MultiheadAttention applied as attn(x, memory, memory): queries from the target stream (rows 0..width");
            _w.Line("/// of in_proj_weight), keys and values from the encoder output (rows width..3·width); source keys past each");
            _w.Line("/// sequence's length are masked.");
            _w.Line("/// </summary>");
            _w.Open("private void " + _names.CrossAttention + "(" + ReadOnlySpan + " x, " + ReadOnlySpan + " memory, " + Span + " y, " + ReadOnlySpan + " inProjWeight, " + ReadOnlySpan + " inProjBias, "
                + ReadOnlySpan + " outProjWeight, " + ReadOnlySpan + " outProjBias, int batch, int targetLen, int sourceLen, int width, int heads, " + IntSpan + " sourceLengths)");
            _w.Line("int targetRows = batch * targetLen;");
            _w.Line("int sourceRows = batch * sourceLen;");
            _w.Line("var query = " + _names.Buffer + "(_queryAt, targetRows * width);");
            _w.Line("var keyValue = " + _names.Buffer + "(_keyValueAt, sourceRows * 2 * width);");
            _w.Line("var context = " + _names.Buffer + "(_contextAt, targetRows * width);");
            _w.Line(Runtime + "Linear.Forward(x, inProjWeight.Slice(0, width * width), inProjBias.Slice(0, width), query, targetRows, width, width);");
            _w.Line(Runtime + "Linear.Forward(memory, inProjWeight.Slice(width * width, 2 * width * width), inProjBias.Slice(width, 2 * width), keyValue, sourceRows, width, 2 * width);");
            _w.Line(Runtime + "Attention.Forward(");
            _w.Line("    q: query, qStride: width, k: keyValue, kStride: 2 * width, v: keyValue.Slice(width), vStride: 2 * width,");
            _w.Line("    context, batch, targetLen, sourceLen, heads, width / heads, causal: false, sourceLengths, _attentionScratch);");
            _w.Line(Runtime + "Linear.Forward(context, outProjWeight, outProjBias, y, targetRows, width, width);");
            _w.Close();
            _w.Line();
        }

        if (Uses(LayerKind.Encoder, LayerKind.Decoder))
        {
            _w.Line("/// <summary>A block's feed-forward network: linear2(activation(linear1(x))), as in nn.TransformerEncoderLayer.</summary>");
            _w.Open("private void " + _names.FeedForward + "(" + ReadOnlySpan + " x, " + Span + " y, " + ReadOnlySpan + " weight1, " + ReadOnlySpan + " bias1, "
                + ReadOnlySpan + " weight2, " + ReadOnlySpan + " bias2, int rows, int width, int hidden, global::AttentionGen.Activation activation)");
            _w.Line("var h = " + _names.Buffer + "(_hiddenAt, rows * hidden);");
            _w.Line(Runtime + "Linear.Forward(x, weight1, bias1, h, rows, width, hidden);");
            _w.Line(Runtime + "Activations.Apply(h, activation);");
            _w.Line(Runtime + "Linear.Forward(h, weight2, bias2, y, rows, hidden, width);");
            _w.Close();
            _w.Line();
        }
    }

    private void WriteBlocks()
    {
        foreach (var node in _graph.Nodes.Where(n => n.Layer.Kind is LayerKind.Encoder or LayerKind.Decoder))
        {
            var block = _blocks[node.Prefix];
            var layer = node.Layer;
            bool decoder = layer.Kind == LayerKind.Decoder;
            int width = node.Input.Width;
            string o = _names.OffsetsClass(block.Prefix);
            string Param(string local) => _names.P + "(p + " + o + "." + block.Member(local).ConstantName + ", " + Format.Value(block.Member(local).Parameter.Length) + ")";
            string Attention(string local) => Param(local + ".in_proj_weight") + ", " + Param(local + ".in_proj_bias") + ", " + Param(local + ".out_proj.weight") + ", " + Param(local + ".out_proj.bias");
            string Norm(int n, string input, string output) => Runtime + "Normalization.LayerNorm(" + input + ", " + Param("norm" + n + ".weight") + ", " + Param("norm" + n + ".bias") + ", " + output + ", rows, Width, Eps);";
            string activation = "global::AttentionGen.Activation." + layer.Activation;
            string ffn = _names.FeedForward + "({0}, sublayer, " + Param("linear1.weight") + ", " + Param("linear1.bias") + ", " + Param("linear2.weight") + ", " + Param("linear2.bias") + ", rows, Width, FeedForwardWidth, " + activation + ");";

            _w.Line("/// <summary>");
            if (decoder)
            {
                _w.Line("/// " + Xml(node.Prefix) + ".layers.{layer}: one " + (layer.NormFirst ? "pre" : "post") + "-norm Transformer decoder block (PyTorch's nn.TransformerDecoderLayer, norm_first=" + (layer.NormFirst ? "True" : "False") + "):");
                if (layer.NormFirst)
                    _w.Line("/// x += self_attn(norm1(x)) (causal); x += multihead_attn(norm2(x), memory); x += linear2(act(linear1(norm3(x)))).");
                else
                    _w.Line("/// x = norm1(x + self_attn(x)) (causal); x = norm2(x + multihead_attn(x, memory)); x = norm3(x + linear2(act(linear1(x)))).");
            }
            else
            {
                _w.Line("/// " + Xml(node.Prefix) + ".layers.{layer}: one " + (layer.NormFirst ? "pre" : "post") + "-norm Transformer encoder block (PyTorch's nn.TransformerEncoderLayer, norm_first=" + (layer.NormFirst ? "True" : "False") + "):");
                if (layer.NormFirst)
                    _w.Line("/// x += self_attn(norm1(x))" + (layer.Causal ? " (causal)" : "") + "; x += linear2(act(linear1(norm2(x)))).");
                else
                    _w.Line("/// x = norm1(x + self_attn(x))" + (layer.Causal ? " (causal)" : "") + "; x = norm2(x + linear2(act(linear1(x)))).");
            }
            _w.Line("/// Dropout is the identity at inference. x is updated in place.");
            _w.Line("/// </summary>");
            string signature = decoder
                ? "(int layer, " + Span + " x, " + ReadOnlySpan + " memory, int batch, int seqLen, int sourceLen, " + IntSpan + " lengths, " + IntSpan + " sourceLengths)"
                : "(int layer, " + Span + " x, int batch, int seqLen, " + IntSpan + " lengths)";
            _w.Open("private void " + BlockMethod(node) + signature);
            _w.Line("const int Width = " + Format.Value(width) + ", Heads = " + Format.Value(layer.Heads) + ", FeedForwardWidth = " + Format.Value(layer.FeedForward) + ";");
            _w.Line("const float Eps = " + Format.FloatLiteral(layer.Eps) + ";");
            _w.Line("int rows = batch * seqLen;");
            _w.Line("int p = " + o + ".Start + layer * " + o + ".Stride;");
            _w.Line("var sublayer = " + _names.Buffer + "(_sublayerAt, rows * Width);");
            if (layer.NormFirst) _w.Line("var normed = " + _names.Buffer + "(_normedAt, rows * Width);");
            _w.Line();

            int norm = 1;
            string causal = decoder || layer.Causal ? "true" : "false";
            // Self-attention sub-layer.
            if (layer.NormFirst)
            {
                _w.Line("// x += self_attn(norm1(x))" + (causal == "true" ? ", causal" : ""));
                _w.Line(Norm(norm++, "x", "normed"));
                _w.Line(_names.SelfAttention + "(normed, sublayer, " + Attention("self_attn") + ", batch, seqLen, Width, Heads, causal: " + causal + ", lengths);");
                _w.Line(Runtime + "TensorMath.AddInPlace(x, sublayer);");
            }
            else
            {
                _w.Line("// x = norm1(x + self_attn(x))" + (causal == "true" ? ", causal" : ""));
                _w.Line(_names.SelfAttention + "(x, sublayer, " + Attention("self_attn") + ", batch, seqLen, Width, Heads, causal: " + causal + ", lengths);");
                _w.Line(Runtime + "TensorMath.AddInPlace(x, sublayer);");
                _w.Line(Norm(norm++, "x", "x"));
            }
            _w.Line();

            if (decoder)
            {
                if (layer.NormFirst)
                {
                    _w.Line("// x += multihead_attn(norm2(x), memory)");
                    _w.Line(Norm(norm++, "x", "normed"));
                    _w.Line(_names.CrossAttention + "(normed, memory, sublayer, " + Attention("multihead_attn") + ", batch, seqLen, sourceLen, Width, Heads, sourceLengths);");
                    _w.Line(Runtime + "TensorMath.AddInPlace(x, sublayer);");
                }
                else
                {
                    _w.Line("// x = norm2(x + multihead_attn(x, memory))");
                    _w.Line(_names.CrossAttention + "(x, memory, sublayer, " + Attention("multihead_attn") + ", batch, seqLen, sourceLen, Width, Heads, sourceLengths);");
                    _w.Line(Runtime + "TensorMath.AddInPlace(x, sublayer);");
                    _w.Line(Norm(norm++, "x", "x"));
                }
                _w.Line();
            }

            string n = Format.Value(norm);
            if (layer.NormFirst)
            {
                _w.Line("// x += linear2(" + ActivationName(layer.Activation) + "(linear1(norm" + n + "(x))))");
                _w.Line(Norm(norm, "x", "normed"));
                _w.Line(string.Format(System.Globalization.CultureInfo.InvariantCulture, ffn, "normed"));
                _w.Line(Runtime + "TensorMath.AddInPlace(x, sublayer);");
            }
            else
            {
                _w.Line("// x = norm" + n + "(x + linear2(" + ActivationName(layer.Activation) + "(linear1(x))))");
                _w.Line(string.Format(System.Globalization.CultureInfo.InvariantCulture, ffn, "x"));
                _w.Line(Runtime + "TensorMath.AddInPlace(x, sublayer);");
                _w.Line(Norm(norm, "x", "x"));
            }
            _w.Close();
            _w.Line();
        }
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
