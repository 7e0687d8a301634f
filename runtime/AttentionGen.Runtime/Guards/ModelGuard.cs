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
}
