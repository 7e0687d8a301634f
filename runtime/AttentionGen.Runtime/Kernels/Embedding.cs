using System;

namespace AttentionGen.Runtime;

/// <summary>Token embedding lookup, PyTorch's <c>nn.Embedding</c>.</summary>
public static class Embedding
{
    /// <summary>
    /// <c>y[r, :] = table[ids[r], :]</c>. Every id is checked before anything is written, so a bad batch
    /// leaves <paramref name="y"/> untouched.
    /// </summary>
    /// <param name="ids">Token ids, one per output row.</param>
    /// <param name="table">Embedding table, (vocab, width) row-major.</param>
    /// <param name="y">Output, (ids.Length, width) row-major.</param>
    /// <param name="vocab">Rows of the table.</param>
    /// <param name="width">Embedding width.</param>
    /// <exception cref="ArgumentOutOfRangeException">An id is outside [0, vocab); the message names the id, its position and the vocabulary size.</exception>
    public static void Forward(ReadOnlySpan<int> ids, ReadOnlySpan<float> table, Span<float> y, int vocab, int width)
    {
        Check.NonNegative(vocab, nameof(vocab));
        Check.NonNegative(width, nameof(width));
        Check.Length(table.Length, (long)vocab * width, nameof(table), $"vocab × width = {vocab} × {width}");
        Check.Length(y.Length, (long)ids.Length * width, nameof(y), $"ids.Length × width = {ids.Length} × {width}");
        for (int r = 0; r < ids.Length; r++)
        {
            int id = ids[r];
            if ((uint)id >= (uint)vocab)
            {
                throw new ArgumentOutOfRangeException(
                    nameof(ids), id, $"Token id {id} at position {r} is outside the vocabulary [0, {vocab}).");
            }
        }

        for (int r = 0; r < ids.Length; r++)
        {
            table.Slice(ids[r] * width, width).CopyTo(y.Slice(r * width, width));
        }
    }

    /// <summary>
    /// Gradient of <see cref="Forward"/>, accumulated: <c>dTable[ids[r], :] += dy[r, :]</c>. An id that appears
    /// several times collects every row's gradient. Every id is checked before anything is added, so a bad
    /// batch leaves <paramref name="dTable"/> untouched.
    /// </summary>
    /// <param name="ids">Token ids of the forward pass, one per row of <paramref name="dy"/>.</param>
    /// <param name="dy">Gradient of the forward output, (ids.Length, width) row-major.</param>
    /// <param name="dTable">Gradient of the table, (vocab, width) row-major, added to.</param>
    /// <param name="vocab">Rows of the table.</param>
    /// <param name="width">Embedding width.</param>
    /// <exception cref="ArgumentOutOfRangeException">An id is outside [0, vocab); the message names the id, its position and the vocabulary size.</exception>
    public static unsafe void Backward(ReadOnlySpan<int> ids, ReadOnlySpan<float> dy, Span<float> dTable, int vocab, int width)
    {
        Check.NonNegative(vocab, nameof(vocab));
        Check.NonNegative(width, nameof(width));
        Check.Length(dTable.Length, (long)vocab * width, nameof(dTable), $"vocab × width = {vocab} × {width}");
        Check.Length(dy.Length, (long)ids.Length * width, nameof(dy), $"ids.Length × width = {ids.Length} × {width}");
        Check.NoOverlap(dy, dTable, nameof(dy), nameof(dTable));
        for (int r = 0; r < ids.Length; r++)
        {
            int id = ids[r];
            if ((uint)id >= (uint)vocab)
            {
                throw new ArgumentOutOfRangeException(
                    nameof(ids), id, $"Token id {id} at position {r} is outside the vocabulary [0, {vocab}).");
            }
        }

        fixed (float* pdy = dy, pt = dTable)
        {
            for (int r = 0; r < ids.Length; r++)
            {
                Simd.Add(pdy + ((long)r * width), pt + ((long)ids[r] * width), width);
            }
        }
    }
}
