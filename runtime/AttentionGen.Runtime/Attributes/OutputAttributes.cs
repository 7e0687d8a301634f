using System;

namespace AttentionGen;

/// <summary>
/// Marks the model's output as probabilities over classes: the forward pass returns logits, and
/// <c>Predict</c> returns their softmax. Needs at least two output units.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class SoftmaxAttribute : Attribute { }

/// <summary>
/// Marks the model's output as one binary probability: the forward pass returns the logit, and
/// <c>Predict</c> returns its sigmoid. Needs exactly one output unit.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class SigmoidAttribute : Attribute { }
