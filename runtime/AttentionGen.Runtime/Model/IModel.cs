using System;
using System.Collections.Generic;

namespace AttentionGen.Runtime;

/// <summary>
/// What every generated model offers, whatever its layers: its parameters and their gradients, by name, each in
/// one array, and the backward pass of its last forward pass.
/// </summary>
public interface IModel
{
    /// <summary>Every parameter with its state-dict name, shape and offset into <see cref="Parameters"/>, in declaration order.</summary>
    IReadOnlyList<ParameterInfo> ParameterInfos { get; }

    /// <summary>All parameters, back to back, in <see cref="ParameterInfos"/> order.</summary>
    Span<float> Parameters { get; }

    /// <summary>The gradients of <see cref="Parameters"/>, same layout; <see cref="Backward"/> adds to them.</summary>
    Span<float> Gradients { get; }

    /// <summary>The largest batch the model's activation arena was sized for.</summary>
    int MaxBatch { get; }

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
}

/// <summary>A model that reads float sequences: <c>(batch, seqLen, features)</c>, with optional per-sequence lengths.</summary>
public interface IFloatSequenceModel : IModel
{
    /// <summary>Runs the model; see the generated class for the output's shape.</summary>
    ReadOnlySpan<float> Forward(ReadOnlySpan<float> inputs, int batch, int seqLen, ReadOnlySpan<int> lengths = default, bool training = false);
}

/// <summary>An encoder-decoder: source and target token ids, with optional per-sequence lengths for each.</summary>
public interface ISequenceToSequenceModel : IModel
{
    /// <summary>Runs the model; see the generated class for the output's shape.</summary>
    ReadOnlySpan<float> Forward(ReadOnlySpan<int> source, ReadOnlySpan<int> target, int batch, int sourceLen, int targetLen,
        ReadOnlySpan<int> sourceLengths = default, ReadOnlySpan<int> targetLengths = default, bool training = false);
}
