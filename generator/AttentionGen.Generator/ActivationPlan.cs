using System.Collections.Generic;
using AttentionGen.Core;

namespace AttentionGen.Generator;

/// <summary>How many rows a buffer holds per slice: one per position of a sequence, or one per example.</summary>
internal enum BufferRows
{
    Sequence,
    Batch,
}

/// <summary>
/// One activation tensor in the arena, sized for the largest batch: a field holds its start. A stacked buffer holds one
/// slice per block of a stack, so the backward pass finds every block's activations where the forward left them; an
/// inference workspace, which runs no backward pass, holds one slice that every block overwrites in turn.
/// Its gradient lives at the same offset of the gradient arena.
/// </summary>
/// <param name="Layers">Slices of a block buffer (one per block of the stack), or 0 for a plain buffer.</param>
internal sealed record ArenaBuffer(string Name, int RowWidth, BufferRows Rows, int Layers, string Comment)
{
    public string Field => "_" + Name + "At";

    /// <summary>The stream whose rows a sequence buffer holds (for the rows variable in scope).</summary>
    public Stream Stream { get; init; }

    /// <summary>Block buffers are addressed by layer, even when a stack has one block.</summary>
    public bool IsBlockBuffer => Layers > 0;

    public string Capacity => Rows == BufferRows.Batch
        ? "(long)maxBatch" + (RowWidth == 1 ? "" : " * " + Format.Value(RowWidth))
        : (IsBlockBuffer ? "(forTraining ? " + Format.Value(Layers) + "L : 1L) * " : "(long)") + "rowCapacity" + (RowWidth == 1 ? "" : " * " + Format.Value(RowWidth));
}

/// <summary>A tensor: a buffer, and for a block buffer the layer whose slice it is.</summary>
internal sealed record TensorRef(ArenaBuffer Buffer, string? Layer = null)
{
    /// <summary>The span expression, given the name of the rows variable in scope.</summary>
    public string Slice(string accessor, string rows) =>
        Buffer.IsBlockBuffer
            ? accessor + "(" + Buffer.Field + ", " + Layer + ", " + Format.Value(Buffer.RowWidth) + ", " + rows + ")"
            : accessor + "(" + Buffer.Field + ", " + (Buffer.Rows == BufferRows.Batch ? "batch" : rows) + (Buffer.RowWidth == 1 ? "" : " * " + Format.Value(Buffer.RowWidth)) + ")";
}

/// <summary>The parts of one block's sub-layer, in the order the forward pass writes them.</summary>
internal enum SublayerKind
{
    SelfAttention,
    CrossAttention,
    FeedForward,
}

/// <summary>The buffers and dropout sites of each layer, decided once and shared by the forward and backward writers.</summary>
internal sealed class ActivationPlan
{
    public List<ArenaBuffer> Buffers { get; } = new();

    public Dictionary<ShapeNode, TensorRef> Outputs { get; } = new();

    public Dictionary<ShapeNode, TensorRef> Inputs { get; } = new();

    /// <summary>Extra saved tensors of a layer by role ("qkv", "context", "preActivation").</summary>
    public Dictionary<(ShapeNode Node, string Role), TensorRef> Saved { get; } = new();

    /// <summary>The first dropout site of a layer; a block uses a run of sites per layer.</summary>
    public Dictionary<ShapeNode, int> DropoutSites { get; } = new();

    /// <summary>The buffers of each Encoder/Decoder stack.</summary>
    public Dictionary<ShapeNode, BlockPlan> Stacks { get; } = new();

    /// <summary>The memory (encoder output) a decoder attends to.</summary>
    public TensorRef? Memory { get; set; }

    public int SiteCount { get; set; }
}

/// <summary>
/// One sub-layer of a Transformer block. Post-norm: output = norm(input + dropout(f(input))). Pre-norm:
/// output = input + dropout(f(norm(input))). <see cref="Norm"/> is the 1-based LayerNorm index.
/// </summary>
internal sealed record Sublayer(SublayerKind Kind, int Norm, string Result);

/// <summary>A block stack's per-layer buffers by role, its output buffer and its dropout sites per layer.</summary>
internal sealed class BlockPlan
{
    public BlockPlan(ArenaBuffer output) => Output = output;

    public ArenaBuffer Output { get; }

    /// <summary>Per-layer buffers by role, in the order the forward pass writes them.</summary>
    public List<(string Role, ArenaBuffer Buffer)> Buffers { get; } = new();

    public List<Sublayer> Sublayers { get; } = new();

    /// <summary>Attention probabilities and sub-layer output per attention; hidden and output per feed-forward.</summary>
    public int SitesPerLayer => 2 * Sublayers.Count;
}
