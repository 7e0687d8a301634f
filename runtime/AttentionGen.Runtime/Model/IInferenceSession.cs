using System;

namespace AttentionGen.Runtime;

/// <summary>
/// One inference context of a model: its own activation buffers and attention scratch, sized for
/// <see cref="MaxBatch"/>, over the model's one set of parameters. A session runs the model's forward pass in
/// inference mode (no dropout), keeps nothing for a backward pass and has no gradients.
/// </summary>
/// <remarks>
/// <para>
/// Thread safety: one session serves one thread at a time. Different sessions of one model run concurrently, each on
/// its own thread, and give bit for bit the outputs the model's own forward pass gives for the same inputs. The span
/// a call returns lives in the session's buffers and is overwritten by that session's next call.
/// </para>
/// <para>
/// Weights: sessions do not copy the parameters; every call reads the model's parameter array as it is at that moment.
/// Parameters changed between calls (a checkpoint loaded, an optimizer step) are used by every later call of every
/// session. Changing them while a call runs is a data race: that call may mix old and new weights. Keep writers and
/// running calls apart (e.g. a reader-writer lock around calls and loads), or load the new weights into a new model
/// and move traffic to its sessions.
/// </para>
/// <para>
/// <see cref="IDisposable.Dispose"/> releases the session's buffers; a call after it throws
/// <see cref="ObjectDisposedException"/>.
/// </para>
/// </remarks>
public interface IInferenceSession : IDisposable
{
    /// <summary>The largest batch this session's buffers were sized for.</summary>
    int MaxBatch { get; }
}

/// <summary>An inference session of an <see cref="ITokenModel"/>: token ids <c>(batch, seqLen)</c> in.</summary>
public interface ITokenInferenceSession : IInferenceSession
{
    /// <summary>Runs the model's forward pass in inference mode; see the generated class for the output's shape.</summary>
    ReadOnlySpan<float> Forward(ReadOnlySpan<int> tokens, int batch, int seqLen, ReadOnlySpan<int> lengths = default);
}

/// <summary>An inference session of an <see cref="IFloatSequenceModel"/>: float sequences <c>(batch, seqLen, features)</c> in.</summary>
public interface IFloatSequenceInferenceSession : IInferenceSession
{
    /// <summary>Runs the model's forward pass in inference mode; see the generated class for the output's shape.</summary>
    ReadOnlySpan<float> Forward(ReadOnlySpan<float> inputs, int batch, int seqLen, ReadOnlySpan<int> lengths = default);
}

/// <summary>An inference session of an <see cref="ISequenceToSequenceModel"/>: source and target token ids in.</summary>
public interface ISequenceToSequenceInferenceSession : IInferenceSession
{
    /// <summary>Runs the model's forward pass in inference mode; see the generated class for the output's shape.</summary>
    ReadOnlySpan<float> Forward(ReadOnlySpan<int> source, ReadOnlySpan<int> target, int batch, int sourceLen, int targetLen,
        ReadOnlySpan<int> sourceLengths = default, ReadOnlySpan<int> targetLengths = default);
}
