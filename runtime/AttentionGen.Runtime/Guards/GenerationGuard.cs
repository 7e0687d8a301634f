using System;

namespace AttentionGen.Runtime;

/// <summary>
/// The checks of a generation session's calls, shared by every generated model: the batch at creation, the tokens of a
/// prompt or a step, and room left in the key/value cache. Each failure names the value and the limit.
/// </summary>
public static class GenerationGuard
{
    /// <summary>Throws unless a session's batch is 1 or more.</summary>
    public static void Batch(int batch)
    {
        if (batch < 1)
            throw new ArgumentOutOfRangeException(nameof(batch), batch, $"batch is {batch}; a generation session needs at least 1 sequence.");
    }

    /// <summary>
    /// Reserves <paramref name="length"/> floats of a session's one allocation at <paramref name="total"/> and returns
    /// where they start; throws, naming the batch, when the session would not fit in one array.
    /// </summary>
    public static int Reserve(ref int total, long length, string buffer, int batch)
    {
        if (length < 0 || (long)total + length > Array.MaxLength)
        {
            throw new ArgumentOutOfRangeException(nameof(batch), batch,
                $"A generation session for batch {batch} needs {(long)total + length:N0} floats (at buffer '{buffer}'), more than one array can hold ({Array.MaxLength:N0}); use a smaller batch.");
        }
        int start = total;
        total += (int)length;
        return start;
    }

    /// <summary>
    /// Checks a prompt of <paramref name="batch"/> equal-length rows for a session at <paramref name="position"/> and
    /// returns its length per sequence.
    /// </summary>
    public static int Prompt(ReadOnlySpan<int> prompt, int batch, int position, int capacity, int vocab)
    {
        if (prompt.IsEmpty)
            throw new ArgumentException("The prompt is empty; give at least one token per sequence.", nameof(prompt));
        if (prompt.Length % batch != 0)
            throw new ArgumentException($"The prompt holds {prompt.Length} tokens, not a multiple of the session's batch of {batch}: give (batch, length) row-major, every sequence the same length.", nameof(prompt));
        int length = prompt.Length / batch;
        Room(position, length, capacity);
        Tokens(prompt, length, vocab, nameof(prompt));
        return length;
    }

    /// <summary>Checks one token per sequence for a step at <paramref name="position"/>.</summary>
    public static void Step(ReadOnlySpan<int> tokens, int batch, int position, int capacity, int vocab)
    {
        if (tokens.Length != batch)
            throw new ArgumentException($"Append takes one token per sequence: {tokens.Length} given, the session's batch is {batch}.", nameof(tokens));
        Room(position, 1, capacity);
        Tokens(tokens, 1, vocab, nameof(tokens));
    }

    /// <summary>Throws unless the session generates a single sequence, for <c>Append(int)</c>.</summary>
    public static void SingleSequence(int batch)
    {
        if (batch != 1)
            throw new InvalidOperationException($"Append(int) appends to a single sequence, but this session's batch is {batch}; pass one token per sequence to Append(ReadOnlySpan<int>).");
    }

    private static void Room(int position, int length, int capacity)
    {
        if ((long)position + length > capacity)
        {
            throw new InvalidOperationException(position == capacity
                ? $"The key/value cache is full: all MaxSeq = {capacity} positions are used. Call Reset to start a new sequence (or keep the last positions and prefill them again)."
                : $"{length} more position(s) at position {position} exceed MaxSeq = {capacity}, the positions the key/value cache holds; {capacity - position} remain.");
        }
    }

    private static void Tokens(ReadOnlySpan<int> tokens, int length, int vocab, string name)
    {
        for (int i = 0; i < tokens.Length; i++)
        {
            if ((uint)tokens[i] >= (uint)vocab)
                throw new ArgumentOutOfRangeException(name, tokens[i], $"Token id {tokens[i]} (sequence {i / length}, position {i % length} of the call) is outside the vocabulary [0, {vocab}).");
        }
    }
}
