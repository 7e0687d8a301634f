using System;
using System.Collections.Generic;
using AttentionGen.Runtime;

namespace AttentionGen.Training;

/// <summary>
/// How a batch of examples becomes a loss: which forward pass to run, which loss to take, which metric to count.
/// An objective is a description only (it holds no buffers), so one instance can serve several trainers; the
/// trainer binds it to its model, which checks that the model fits and allocates the batch buffers once. Binding
/// reads the model's generated shape constants (<c>Vocab</c>, <c>MaxSeq</c>, ...) and runs its forward pass once or
/// twice in inference mode on a one- and a two-position input of zeros, to learn the layout of its output.
/// </summary>
/// <typeparam name="TExample">One training example, e.g. <c>(int[] Tokens, int Label)</c>.</typeparam>
/// <remarks>
/// The four objectives are <see cref="TokenClassification"/>, <see cref="NextTokenPrediction"/>,
/// <see cref="SequenceToSequence"/> and <see cref="SequenceRegression"/>.
/// </remarks>
public abstract class Objective<TExample>
{
    private protected Objective()
    {
    }

    /// <summary>The metric the objective counts besides the loss, e.g. <c>accuracy</c>.</summary>
    public abstract string MetricName { get; }

    /// <summary>Checks that <paramref name="model"/> fits and allocates the buffers for batches of up to <paramref name="batchSize"/>.</summary>
    internal abstract ObjectiveBinding<TExample> Bind(IModel model, int batchSize);
}

/// <summary>An objective bound to one model: its batch buffers and the per-batch work, allocation-free after construction.</summary>
internal abstract class ObjectiveBinding<TExample>
{
    /// <summary>The gradient of the last <see cref="Run"/>'s loss with respect to the model output.</summary>
    public abstract ReadOnlySpan<float> OutputGradient { get; }

    /// <summary>Throws <see cref="ArgumentException"/> (parameter <paramref name="dataName"/>) at the first example that does not fit the model.</summary>
    public void Validate(IReadOnlyList<TExample> data, string dataName)
    {
        for (int i = 0; i < data.Count; i++)
        {
            string? problem = Check(data[i]);
            if (problem is not null)
            {
                throw new ArgumentException($"{dataName}[{i}]: {problem}", dataName);
            }
        }
    }

    /// <summary>What is wrong with one example, or null when it fits the model.</summary>
    protected abstract string? Check(TExample example);

    /// <summary>Forward pass over the examples at <paramref name="indices"/>, the loss, its gradient and the metric.</summary>
    public abstract BatchResult Run(IReadOnlyList<TExample> data, ReadOnlySpan<int> indices, bool training);
}

/// <summary>
/// One batch: the mean loss over <paramref name="Count"/> counted items (examples, target tokens or values), and
/// the metric summed over the same items (correct predictions, or absolute errors).
/// </summary>
internal readonly record struct BatchResult(float Loss, int Count, double MetricSum);
