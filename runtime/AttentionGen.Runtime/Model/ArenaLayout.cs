using System;

namespace AttentionGen.Runtime;

/// <summary>
/// Lays out a model's activation buffers back to back in one array, allocated once at construction, so a
/// forward pass allocates nothing.
/// </summary>
public static class ArenaLayout
{
    /// <summary>
    /// Reserves <paramref name="length"/> floats after <paramref name="total"/> and returns where they start.
    /// Throws when the arena would outgrow one .NET array, naming the buffer and the size.
    /// </summary>
    public static int Reserve(ref int total, long length, string buffer, int maxBatch)
    {
        if (length < 0 || (long)total + length > Array.MaxLength)
        {
            throw new ArgumentOutOfRangeException(nameof(maxBatch), maxBatch,
                $"maxBatch {maxBatch} needs {(long)total + length:N0} floats of activations (at buffer '{buffer}'), more than one array can hold ({Array.MaxLength:N0}); use a smaller maxBatch.");
        }
        int start = total;
        total += (int)length;
        return start;
    }

    /// <summary>Checks a constructor's <c>maxBatch</c> argument.</summary>
    public static void CheckMaxBatch(int maxBatch)
    {
        if (maxBatch < 1) throw new ArgumentOutOfRangeException(nameof(maxBatch), maxBatch, $"maxBatch must be at least 1, but it is {maxBatch}.");
    }
}
