using System;
using System.Runtime.Intrinsics;

namespace AttentionGen.Runtime;

/// <summary>
/// Checks of run-time input (batches, sequence lengths, token ids, float features) before a model
/// touches it. Each failure throws an exception whose message names the offending value, where it
/// is, and the limit it broke; the model's own buffers are never written by a rejected call.
/// </summary>
public static class InputGuard
{
    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> unless <paramref name="batch"/> is in [1, <paramref name="maxBatch"/>].</summary>
    /// <param name="batch">Batch size the caller passed.</param>
    /// <param name="maxBatch">Largest batch the model's buffers were sized for.</param>
    public static void Batch(int batch, int maxBatch)
    {
        if (batch < 1 || batch > maxBatch)
        {
            throw new ArgumentOutOfRangeException(
                nameof(batch), batch, $"Batch size {batch} is outside [1, {maxBatch}] (the largest batch this model was sized for is {maxBatch}).");
        }
    }

    /// <summary>
    /// Throws <see cref="ArgumentOutOfRangeException"/> unless <paramref name="batch"/> is in [1, <paramref name="maxBatch"/>],
    /// the largest batch an inference session's buffers were sized for.
    /// </summary>
    /// <param name="batch">Batch size the caller passed.</param>
    /// <param name="maxBatch">The <c>maxBatch</c> the session was created with.</param>
    public static void SessionBatch(int batch, int maxBatch)
    {
        if (batch < 1 || batch > maxBatch)
        {
            throw new ArgumentOutOfRangeException(
                nameof(batch), batch,
                $"Batch size {batch} is outside [1, {maxBatch}]: this inference session was created with maxBatch {maxBatch}. Split the batch, or create a session with a larger maxBatch.");
        }
    }

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> unless <paramref name="seqLen"/> is in [1, <paramref name="maxSeq"/>].</summary>
    /// <param name="seqLen">Sequence length the caller passed.</param>
    /// <param name="maxSeq">The model's longest sequence.</param>
    /// <param name="what">Which sequence, for the message: "source", "target", "input".</param>
    public static void SequenceLength(int seqLen, int maxSeq, string what)
    {
        if (seqLen < 1 || seqLen > maxSeq)
        {
            throw new ArgumentOutOfRangeException(
                nameof(seqLen), seqLen, $"{Capitalize(what)} sequence length {seqLen} is outside [1, {maxSeq}] (the model's MaxSeq is {maxSeq}).");
        }
    }

    /// <summary>
    /// The number of values a model's forward pass returns for <paramref name="batch"/> sequences of
    /// <paramref name="seqLen"/> positions: batch × seqLen × outputs when the output is per position, batch × outputs
    /// when it is per example. Throws <see cref="ArgumentOutOfRangeException"/> for a batch below 1, a length outside
    /// [1, <paramref name="maxSeq"/>], or a count beyond one array.
    /// </summary>
    /// <param name="batch">Sequences in the batch.</param>
    /// <param name="seqLen">Positions per sequence (the target length of an encoder-decoder).</param>
    /// <param name="maxSeq">The model's longest sequence of that kind.</param>
    /// <param name="outputs">Output values per position or per example.</param>
    /// <param name="perPosition">Whether the output has one row per position.</param>
    /// <param name="what">Which sequence <paramref name="seqLen"/> measures, for the message: "input", "target".</param>
    public static int OutputLength(int batch, int seqLen, int maxSeq, int outputs, bool perPosition, string what)
    {
        if (batch < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(batch), batch, $"Batch size {batch} must be at least 1.");
        }

        SequenceLength(seqLen, maxSeq, what);
        long length = (long)batch * (perPosition ? seqLen : 1) * outputs;
        if (length > Array.MaxLength)
        {
            throw new ArgumentOutOfRangeException(
                nameof(batch), batch, $"Batch size {batch} gives {length:N0} output values, more than one array can hold ({Array.MaxLength:N0}).");
        }

        return (int)length;
    }

    /// <summary>
    /// Throws unless <paramref name="lengths"/> is empty (every sequence is full) or holds one entry per
    /// batch row, each in [0, <paramref name="seqLen"/>].
    /// </summary>
    /// <param name="lengths">Valid positions per batch row, or empty.</param>
    /// <param name="batch">Batch size.</param>
    /// <param name="seqLen">Padded sequence length.</param>
    public static void Lengths(ReadOnlySpan<int> lengths, int batch, int seqLen)
        => Check.Lengths(lengths, batch, seqLen, nameof(lengths));

    /// <summary>
    /// Throws unless <paramref name="tokens"/> holds exactly <paramref name="batch"/> × <paramref name="seqLen"/> ids,
    /// each in [0, <paramref name="vocab"/>). The message of a bad id names its batch row and position.
    /// </summary>
    /// <param name="tokens">Token ids, row-major (batch, seqLen).</param>
    /// <param name="batch">Batch size.</param>
    /// <param name="seqLen">Sequence length.</param>
    /// <param name="vocab">Vocabulary size.</param>
    /// <param name="what">Which sequence, for the message: "source", "target", "input".</param>
    public static void Tokens(ReadOnlySpan<int> tokens, int batch, int seqLen, int vocab, string what)
    {
        long expected = (long)batch * seqLen;
        if (tokens.Length != expected)
        {
            throw new ArgumentException(
                $"{Capitalize(what)} tokens hold {tokens.Length} ids; batch × seqLen = {batch} × {seqLen} = {expected} were expected.",
                nameof(tokens));
        }

        for (int i = 0; i < tokens.Length; i++)
        {
            int id = tokens[i];
            if ((uint)id >= (uint)vocab)
            {
                int row = seqLen == 0 ? 0 : i / seqLen;
                int position = seqLen == 0 ? 0 : i % seqLen;
                throw new ArgumentOutOfRangeException(
                    nameof(tokens), id,
                    $"{Capitalize(what)} token id {id} at batch row {row}, position {position} is outside the vocabulary [0, {vocab}).");
            }
        }
    }

    /// <summary>
    /// Throws unless <paramref name="values"/> holds exactly <paramref name="expectedLength"/> floats, all finite.
    /// The message of a NaN or infinity names its index.
    /// </summary>
    /// <param name="values">Float input, e.g. a time-series window.</param>
    /// <param name="expectedLength">Number of floats the model expects.</param>
    /// <param name="what">What the values are, for the message: "source", "target", "input".</param>
    public static void Floats(ReadOnlySpan<float> values, int expectedLength, string what)
    {
        if (values.Length != expectedLength)
        {
            throw new ArgumentException(
                $"{Capitalize(what)} holds {values.Length} values; {expectedLength} were expected.", nameof(values));
        }

        int bad = IndexOfNonFinite(values);
        if (bad >= 0)
        {
            float value = values[bad];
            string kind = float.IsNaN(value) ? "NaN" : value > 0 ? "+Infinity" : "-Infinity";
            throw new ArgumentException(
                $"{Capitalize(what)} value at index {bad} is {kind}; every value must be finite.", nameof(values));
        }
    }

    /// <summary>Index of the first NaN or infinity, or -1. x − x is 0 for finite x and NaN otherwise, which vectorizes.</summary>
    private static int IndexOfNonFinite(ReadOnlySpan<float> values)
    {
        int i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            for (; i <= values.Length - Vector256<float>.Count; i += Vector256<float>.Count)
            {
                Vector256<float> v = Vector256.Create(values.Slice(i, Vector256<float>.Count));
                Vector256<float> d = v - v;
                if (!Vector256.EqualsAll(d, Vector256<float>.Zero))
                {
                    break;
                }
            }
        }

        for (; i < values.Length; i++)
        {
            if (!float.IsFinite(values[i]))
            {
                return i;
            }
        }

        return -1;
    }

    private static string Capitalize(string what)
        => string.IsNullOrEmpty(what) ? "Input" : char.ToUpperInvariant(what[0]) + what.Substring(1);
}
