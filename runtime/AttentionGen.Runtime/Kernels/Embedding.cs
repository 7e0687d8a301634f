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
}
