using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace AttentionGen.Training;

/// <summary>
/// An optimizer for one flat parameter buffer, with PyTorch's update rule and defaults. The first
/// <see cref="Step"/> fixes the buffer length and allocates the state (once); every later step must pass
/// the same length and allocates nothing.
/// </summary>
/// <remarks>
/// One optimizer serves one parameter buffer (for a generated model, its whole parameter arena with the
/// matching gradient arena). For a resumable checkpoint save <see cref="StepCount"/> and the arrays of
/// <see cref="State"/>, and later hand both to <see cref="RestoreState"/> on an optimizer built with the same
/// hyper-parameters: the steps that follow are bit-identical to an uninterrupted run.
/// </remarks>
public abstract class Optimizer
{
    private readonly string[] _stateNames;
    private float _learningRate;
    private float[][] _buffers = [];
    private OptimizerState[] _state = [];
    private int _length;

    /// <summary>Set up the learning rate and the names of the per-element state arrays this optimizer keeps.</summary>
    private protected Optimizer(float learningRate, string[] stateNames)
    {
        RequireNonNegative(learningRate, "lr");
        _learningRate = learningRate;
        _stateNames = stateNames;
    }

    /// <summary>
    /// The learning rate the next <see cref="Step"/> uses; finite and 0 or more. A schedule sets it before each
    /// step, e.g. <c>optimizer.LearningRate = schedule.At(optimizer.StepCount)</c>.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is negative, NaN or infinite.</exception>
    public float LearningRate
    {
        get => _learningRate;
        set
        {
            RequireNonNegative(value, "LearningRate");
            _learningRate = value;
        }
    }

    /// <summary>Steps taken so far (or restored by <see cref="RestoreState"/>); each <see cref="Step"/> adds one first.</summary>
    public long StepCount { get; private set; }

    /// <summary>Elements of the parameter buffer this optimizer is sized for; 0 until the first step or a restore fixes it.</summary>
    public int ParameterCount => _length;

    /// <summary>
    /// The per-element state arrays under their PyTorch names (AdamW: <c>exp_avg</c>, <c>exp_avg_sq</c>;
    /// SGD with momentum: <c>momentum_buffer</c>); empty before the first step and for optimizers that keep none.
    /// These are the live buffers, updated in place by every step: copy them to keep a snapshot.
    /// </summary>
    public IReadOnlyList<OptimizerState> State => _state;

    /// <summary>
    /// One update: <paramref name="parameters"/>[i] moves against <paramref name="gradients"/>[i] by this
    /// optimizer's rule. <see cref="StepCount"/> goes up by one before the update, as PyTorch's <c>step</c> does.
    /// </summary>
    /// <param name="parameters">The parameters, updated in place.</param>
    /// <param name="gradients">Their gradients, as many; the same span as <paramref name="parameters"/> or not overlapping it.</param>
    /// <exception cref="ArgumentException">
    /// The lengths differ, are zero, differ from the length of earlier steps, or the spans partly overlap.
    /// </exception>
    public void Step(Span<float> parameters, ReadOnlySpan<float> gradients)
    {
        if (parameters.Length != gradients.Length)
        {
            throw new ArgumentException(
                $"gradients holds {gradients.Length} elements but parameters holds {parameters.Length}; pass one gradient per parameter.",
                nameof(gradients));
        }

        if (parameters.IsEmpty)
        {
            throw new ArgumentException("parameters is empty; there is nothing to optimize.", nameof(parameters));
        }

        if (_length != 0 && parameters.Length != _length)
        {
            throw new ArgumentException(
                $"parameters holds {parameters.Length} elements, but this optimizer's state is for {_length} (fixed by its first step or restore); " +
                "use one optimizer per parameter buffer.",
                nameof(parameters));
        }

        if (gradients.Overlaps(parameters, out int offset) && offset != 0)
        {
            throw new ArgumentException(
                $"gradients overlaps parameters at an offset of {offset} elements; it must be the same span or not overlap at all.",
                nameof(gradients));
        }

        if (_length == 0)
        {
            Allocate(parameters.Length);
        }

        StepCount++;
        Update(parameters, gradients, _buffers, StepCount);
    }

    /// <summary>
    /// Resume from a checkpoint: sets <see cref="StepCount"/> and copies each state array into this optimizer
    /// (the caller's arrays are not kept). The names must be exactly those <see cref="State"/> lists for this
    /// optimizer, the arrays all of one length, which fixes <see cref="ParameterCount"/>. With
    /// <paramref name="stepCount"/> 0 an empty dictionary is also accepted and resets the optimizer to new.
    /// </summary>
    /// <param name="stepCount">Steps the saved run had taken; 0 or more.</param>
    /// <param name="state">The saved state arrays by name.</param>
    /// <exception cref="ArgumentException">A name is unknown or missing, an array is null, empty, of another length or holds a non-finite (or, for <c>exp_avg_sq</c>, negative) value.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="stepCount"/> is negative.</exception>
    public void RestoreState(long stepCount, IReadOnlyDictionary<string, float[]> state)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (stepCount < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(stepCount), stepCount, $"stepCount is {stepCount}; it must be 0 or more.");
        }

        string expected = _stateNames.Length == 0 ? "none" : string.Join(", ", _stateNames);
        foreach (string name in state.Keys)
        {
            if (Array.IndexOf(_stateNames, name) < 0)
            {
                throw new ArgumentException(
                    $"state holds an array named '{name}', which {GetType().Name} does not keep (it keeps: {expected}).", nameof(state));
            }
        }

        if (state.Count == 0 && (stepCount == 0 || _stateNames.Length == 0))
        {
            // A new optimizer (or one that keeps no state): nothing fixes the parameter length.
            _buffers = [];
            _state = [];
            _length = 0;
            StepCount = stepCount;
            OnRestored(hasState: false);
            return;
        }

        int length = -1;
        foreach (string name in _stateNames)
        {
            if (!state.TryGetValue(name, out float[]? values))
            {
                throw new ArgumentException(
                    $"state has no array named '{name}'; {GetType().Name} after {stepCount} steps needs all of: {expected}.", nameof(state));
            }

            if (values is null || values.Length == 0)
            {
                throw new ArgumentException($"state['{name}'] is {(values is null ? "null" : "empty")}; it must hold one value per parameter.", nameof(state));
            }

            if (length < 0)
            {
                length = values.Length;
            }
            else if (values.Length != length)
            {
                throw new ArgumentException(
                    $"state['{name}'] holds {values.Length} elements but state['{_stateNames[0]}'] holds {length}; every array must have one value per parameter.",
                    nameof(state));
            }

            bool nonNegative = RequiresNonNegative(name);
            for (int i = 0; i < values.Length; i++)
            {
                float v = values[i];
                if (!float.IsFinite(v) || (nonNegative && v < 0))
                {
                    throw new ArgumentException(
                        string.Create(CultureInfo.InvariantCulture, $"state['{name}'][{i}] is {v}; it must be finite{(nonNegative ? " and 0 or more" : "")}."),
                        nameof(state));
                }
            }
        }

        if (_length != length)
        {
            Allocate(length);
        }

        for (int b = 0; b < _stateNames.Length; b++)
        {
            state[_stateNames[b]].AsSpan().CopyTo(_buffers[b]);
        }

        StepCount = stepCount;
        OnRestored(hasState: true);
    }

    /// <summary>The update itself, after the checks; <paramref name="state"/> holds one array per state name, in order.</summary>
    private protected abstract void Update(Span<float> parameters, ReadOnlySpan<float> gradients, float[][] state, long step);

    /// <summary>Called after a restore; <paramref name="hasState"/> tells whether state arrays were loaded.</summary>
    private protected virtual void OnRestored(bool hasState)
    {
    }

    /// <summary>Whether a restored array of this name must hold no negative value.</summary>
    private protected virtual bool RequiresNonNegative(string name) => false;

    /// <summary>Throws unless a hyper-parameter is finite and 0 or more.</summary>
    private protected static void RequireNonNegative(float value, string name)
    {
        if (!(value >= 0) || float.IsPositiveInfinity(value))
        {
            throw new ArgumentOutOfRangeException(
                name, value, string.Create(CultureInfo.InvariantCulture, $"{name} is {value}; it must be finite and 0 or more."));
        }
    }

    private void Allocate(int length)
    {
        _buffers = _stateNames.Select(_ => new float[length]).ToArray();
        _state = _stateNames.Select((name, i) => new OptimizerState(name, _buffers[i])).ToArray();
        _length = length;
    }
}

/// <summary>One named per-element state array of an <see cref="Optimizer"/>, as PyTorch names it in <c>optimizer.state</c>.</summary>
public sealed class OptimizerState
{
    internal OptimizerState(string name, float[] values)
    {
        Name = name;
        Values = values;
    }

    /// <summary>The PyTorch name, e.g. <c>exp_avg</c>.</summary>
    public string Name { get; }

    /// <summary>The live array, one value per parameter, updated in place by each step.</summary>
    public float[] Values { get; }
}
