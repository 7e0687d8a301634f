using System;

namespace AttentionGen.Runtime;

/// <summary>
/// Checks of how a model instance is used, as opposed to what it is given: an instance created for inference has no
/// gradients, so everything that trains it fails here, with a message that names the call and the way out.
/// </summary>
public static class ModelGuard
{
    /// <summary>
    /// Throws <see cref="InvalidOperationException"/> when <paramref name="inferenceOnly"/> is true: the instance was
    /// created without gradient buffers, and <paramref name="member"/> needs them.
    /// </summary>
    /// <param name="inferenceOnly">Whether the instance was created with <c>inferenceOnly: true</c>.</param>
    /// <param name="model">The model's class name, for the message.</param>
    /// <param name="member">What the caller tried, for the message: "Backward", "Gradients", "Forward(training: true)".</param>
    public static void Trainable(bool inferenceOnly, string model, string member)
    {
        if (inferenceOnly)
        {
            throw new InvalidOperationException(
                $"{model}.{member} needs gradient buffers, but this {model} was created for inference (inferenceOnly: true) and has none. "
                + $"Create it with inferenceOnly: false to train it.");
        }
    }

    /// <summary>
    /// Checks a call of a model's <c>AttentionWeights</c>: the instance keeps its activations (not inference-only), a
    /// Forward has run, and both indices are in range.
    /// </summary>
    /// <param name="inferenceOnly">Whether the instance was created with <c>inferenceOnly: true</c>.</param>
    /// <param name="forwardRan">Whether a Forward has run on the instance.</param>
    /// <param name="model">The model's class name, for the message.</param>
    /// <param name="attentionLayer">The requested index into <c>AttentionLayers</c>.</param>
    /// <param name="attentionLayers">How many attention layers the model has.</param>
    /// <param name="batchIndex">The requested batch row.</param>
    /// <param name="batch">Batch rows of the last Forward.</param>
    public static void AttentionWeights(bool inferenceOnly, bool forwardRan, string model, int attentionLayer, int attentionLayers, int batchIndex, int batch)
    {
        if (inferenceOnly)
        {
            throw new InvalidOperationException(
                $"{model}.AttentionWeights reads the queries and keys Forward keeps, but this {model} was created for inference (inferenceOnly: true) and keeps only the running layer's. "
                + $"Create it with inferenceOnly: false to inspect its attention.");
        }
        if ((uint)attentionLayer >= (uint)attentionLayers)
        {
            throw new ArgumentOutOfRangeException(nameof(attentionLayer), attentionLayer,
                $"attentionLayer is {attentionLayer}, but {model} has {attentionLayers} attention layer(s): it must be in [0, {attentionLayers}) (see {model}.AttentionLayers).");
        }
        if (!forwardRan)
        {
            throw new InvalidOperationException($"{model}.AttentionWeights needs a Forward first: it reads the queries and keys that Forward keeps.");
        }
        if ((uint)batchIndex >= (uint)batch)
        {
            throw new ArgumentOutOfRangeException(nameof(batchIndex), batchIndex,
                $"batchIndex is {batchIndex}, but the last Forward had a batch of {batch}: it must be in [0, {batch}).");
        }
    }
}
