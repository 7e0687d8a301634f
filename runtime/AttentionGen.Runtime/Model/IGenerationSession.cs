using System;

namespace AttentionGen.Runtime;

/// <summary>
/// A decoder-only causal language model (token embedding, positions, causal encoder blocks, an LM head): besides its
/// forward pass, it generates text one token at a time through a <see cref="IGenerationSession"/> that caches every
/// position's keys and values.
/// </summary>
public interface ICausalLanguageModel : ITokenModel
{
    /// <summary>
    /// Creates a generation session for <paramref name="batch"/> sequences generated side by side, with a key/value
    /// cache for up to the model's longest sequence, over this model's parameters (read, never copied).
    /// </summary>
    IGenerationSession CreateGenerationSession(int batch = 1);
}

/// <summary>
/// Incremental decoding with a key/value cache: <see cref="Prefill"/> runs a prompt once, then each
/// <see cref="Append(int)"/> runs the model on one new position only, its queries attending over the cached keys and
/// values of every earlier position, and returns the logits for the token after it. The logits equal those the model's
/// full forward pass gives at the same position (up to float rounding), at a cost per token that does not grow with a
/// re-run window.
/// </summary>
/// <remarks>
/// <para>
/// Thread safety: a session serves one thread at a time; give each thread its own. Sessions of one model run
/// concurrently: each owns its cache and buffers and reads the model's parameters, which they share read-only.
/// Changing the parameters while a call runs is a data race; parameters changed between calls are used from the next
/// call on, while the cached keys and values still come from the old ones (call <see cref="Reset"/>).
/// </para>
/// <para>
/// Memory: everything is allocated when the session is created; <see cref="Prefill"/> and <see cref="Append(int)"/>
/// allocate nothing. The span a call returns lives in the session's buffers and is overwritten by its next call.
/// </para>
/// </remarks>
public interface IGenerationSession : IDisposable
{
    /// <summary>Sequences generated side by side; every call takes one token per sequence and position.</summary>
    int Batch { get; }

    /// <summary>Positions the cache holds per sequence: the model's longest sequence.</summary>
    int Capacity { get; }

    /// <summary>Positions filled so far (0 after creation or <see cref="Reset"/>); the next token goes at this position.</summary>
    int Position { get; }

    /// <summary>Logits per sequence that each call returns: the vocabulary size.</summary>
    int Vocab { get; }

    /// <summary>
    /// Runs <paramref name="prompt"/>, (batch, length) row-major, at positions <see cref="Position"/> onwards, caches its
    /// keys and values, and returns the logits of its last position, (batch, Vocab).
    /// </summary>
    ReadOnlySpan<float> Prefill(scoped ReadOnlySpan<int> prompt);

    /// <summary>Appends one token to a single sequence (<see cref="Batch"/> = 1) and returns the logits at its position, (1, Vocab).</summary>
    ReadOnlySpan<float> Append(int token);

    /// <summary>Appends one token to each sequence and returns the logits at the new position, (batch, Vocab).</summary>
    ReadOnlySpan<float> Append(scoped ReadOnlySpan<int> tokens);

    /// <summary>Forgets every cached position, so the session starts a new sequence at position 0.</summary>
    void Reset();
}
