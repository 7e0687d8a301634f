using System;
using System.Collections.Generic;

namespace AttentionGen.Runtime;

/// <summary>
/// What every generated model offers, whatever its layers: its parameters and their gradients, by name, each in
/// one array, and the backward pass of its last forward pass.
/// </summary>
/// <remarks>
/// <para>
/// A model instance is not thread-safe. Its forward pass, <c>Predict</c> and <see cref="Backward"/> write the
/// instance's own activation buffers, so calls on one instance must not overlap: two threads calling <c>Forward</c> at
/// once read each other's activations and get wrong outputs, without an exception. Reading
/// <see cref="ParameterInfos"/>, <see cref="MaxBatch"/> and <see cref="IsInferenceOnly"/> is safe from any thread.
/// </para>
/// <para>
/// To serve from many threads, create one inference session per thread (<c>CreateInferenceSession</c> on
/// <see cref="ITokenModel"/>, <see cref="IFloatSequenceModel"/> and <see cref="ISequenceToSequenceModel"/>): each session
/// has its own activation buffers and reads the model's one set of parameters. Sessions read the parameters live, at
/// every call; see <see cref="IInferenceSession"/> for changing them while sessions run.
/// </para>
/// </remarks>
public interface IModel
{
    /// <summary>Every parameter with its state-dict name, shape and offset into <see cref="Parameters"/>, in declaration order.</summary>
    IReadOnlyList<ParameterInfo> ParameterInfos { get; }

    /// <summary>
    /// All parameters, back to back, in <see cref="ParameterInfos"/> order. Writing them is how weights change: every
    /// read of this property counts as a change, after which inference sessions (and an inference-only model) pack
    /// their weights for the matrix products again at their next call. So take the span afresh for each change; one
    /// kept across a session's calls and written later goes unseen by panels already packed (see <see cref="WeightPanels"/>).
    /// </summary>
    Span<float> Parameters { get; }

    /// <summary>
    /// The gradients of <see cref="Parameters"/>, same layout; <see cref="Backward"/> adds to them. An instance created
    /// for inference has none and throws <see cref="InvalidOperationException"/>.
    /// </summary>
    Span<float> Gradients { get; }

    /// <summary>The largest batch the model's activation arena was sized for.</summary>
    int MaxBatch { get; }

    /// <summary>
    /// True when the instance was created for inference only: it holds no gradients and no activation gradients (about
    /// half the memory of a trainable instance), and <see cref="Gradients"/>, <see cref="ZeroGradients"/>,
    /// <see cref="Backward"/> and a training forward pass throw <see cref="InvalidOperationException"/>.
    /// </summary>
    bool IsInferenceOnly { get; }

    /// <summary>Sets every gradient to zero (before a training step).</summary>
    void ZeroGradients();

    /// <summary>
    /// Backpropagates the gradient of a loss with respect to the last forward pass's output and adds the parameter
    /// gradients to <see cref="Gradients"/>.
    /// </summary>
    void Backward(ReadOnlySpan<float> outputGradient);
}

/// <summary>A model that reads token ids: <c>(batch, seqLen)</c>, with optional per-sequence lengths.</summary>
public interface ITokenModel : IModel
{
    /// <summary>Runs the model; see the generated class for the output's shape.</summary>
    ReadOnlySpan<float> Forward(ReadOnlySpan<int> tokens, int batch, int seqLen, ReadOnlySpan<int> lengths = default, bool training = false);

    /// <summary>
    /// Creates an inference context with its own activation buffers for batches of up to <paramref name="maxBatch"/>
    /// sequences, reading this model's parameters: one per thread serves concurrently.
    /// </summary>
    ITokenInferenceSession CreateInferenceSession(int maxBatch);
}

/// <summary>A model that reads float sequences: <c>(batch, seqLen, features)</c>, with optional per-sequence lengths.</summary>
public interface IFloatSequenceModel : IModel
{
    /// <summary>Runs the model; see the generated class for the output's shape.</summary>
    ReadOnlySpan<float> Forward(ReadOnlySpan<float> inputs, int batch, int seqLen, ReadOnlySpan<int> lengths = default, bool training = false);

    /// <summary>
    /// Creates an inference context with its own activation buffers for batches of up to <paramref name="maxBatch"/>
    /// sequences, reading this model's parameters: one per thread serves concurrently.
    /// </summary>
    IFloatSequenceInferenceSession CreateInferenceSession(int maxBatch);
}

/// <summary>An encoder-decoder: source and target token ids, with optional per-sequence lengths for each.</summary>
public interface ISequenceToSequenceModel : IModel
{
    /// <summary>Runs the model; see the generated class for the output's shape.</summary>
    ReadOnlySpan<float> Forward(ReadOnlySpan<int> source, ReadOnlySpan<int> target, int batch, int sourceLen, int targetLen,
        ReadOnlySpan<int> sourceLengths = default, ReadOnlySpan<int> targetLengths = default, bool training = false);

    /// <summary>
    /// Creates an inference context with its own activation buffers for batches of up to <paramref name="maxBatch"/>
    /// sequence pairs, reading this model's parameters: one per thread serves concurrently.
    /// </summary>
    ISequenceToSequenceInferenceSession CreateInferenceSession(int maxBatch);
}
