using System.Collections.Generic;

namespace AttentionGen.Core;

/// <summary>
/// How many floats a generated model's activation arena holds for one sequence (maxBatch 1): every buffer the forward
/// pass keeps for the backward pass. The constructor reserves sequence buffers for maxBatch × the longest maximum
/// length, and per-example buffers for maxBatch rows. Shape inference refuses a model whose arena cannot fit one
/// array even then; the generator's buffer plan must agree, which the random-model test checks on every model it builds.
/// </summary>
internal static class ActivationArena
{
    public static decimal FloatsForOneSequence(ModelConstants constants, IReadOnlyList<ShapeNode> nodes, TensorShape input, TensorShape output, bool outputActivation)
    {
        long longest = System.Math.Max(constants.MaxSeq, constants.TargetMaxSeq);
        decimal perPosition = 0; // floats per row of the sequence buffers
        decimal perExample = 0;  // floats of the per-example buffers
        void Add(decimal width, bool sequence)
        {
            if (sequence) perPosition += width;
            else perExample += width;
        }

        if (!input.TokenIds) Add(input.Width, sequence: true); // float inputs are copied in, for the backward pass
        foreach (var node in nodes)
        {
            var layer = node.Layer;
            int width = node.Output.Width;
            bool sequence = node.Output.IsSequence;
            switch (layer.Kind)
            {
                case LayerKind.SinusoidalPositions:
                case LayerKind.LearnedPositions:
                case LayerKind.Dropout:
                    break; // in place
                case LayerKind.MultiHead:
                case LayerKind.SelfAttention:
                    Add(5m * width + layer.Heads, sequence); // packed Q, K, V; heads before out_proj; output; log-sum-exp per head
                    break;
                case LayerKind.Encoder:
                case LayerKind.Decoder:
                    Add((decimal)layer.Size * BlockFloatsPerPosition(layer, width), sequence: true);
                    break;
                case LayerKind.Dense when layer.Activation != ActivationKind.None:
                    Add(2m * width, sequence); // before and after the activation
                    break;
                default:
                    Add(width, sequence);
                    break;
            }
        }
        if (outputActivation) Add(output.Width, output.IsSequence); // Predict's probabilities
        return perPosition * longest + perExample;
    }

    /// <summary>One block's buffers per position: its output, and per sub-layer the norm, the sub-layer's tensors and the residual.</summary>
    private static decimal BlockFloatsPerPosition(LayerSpec layer, int width)
    {
        bool decoder = layer.Kind == LayerKind.Decoder;
        int sublayers = decoder ? 3 : 2;
        decimal floats = width; // the block's output
        for (int k = 1; k <= sublayers; k++)
        {
            bool last = k == sublayers;
            if (layer.NormFirst || !last) floats += width; // the norm's output
            if (!layer.NormFirst || !last) floats += width; // the residual sum
            floats += last
                ? 2m * layer.FeedForward        // linear1, its activation
                : 4m * width + layer.Heads;     // self-attention: Q, K, V, heads, log-sum-exp per head; cross-attention: query, keys and values, heads, log-sum-exp
            if (StoresSublayerOutputs(layer)) floats += width; // out_proj's or linear2's output, before dropout and the residual add
        }
        return floats;
    }

    /// <summary>
    /// Whether a block keeps each sub-layer's output apart from the residual sum: only with dropout between them.
    /// Without, the output projection adds the residual in its epilogue and writes the sum directly.
    /// </summary>
    public static bool StoresSublayerOutputs(LayerSpec layer) => layer.Dropout > 0;
}
