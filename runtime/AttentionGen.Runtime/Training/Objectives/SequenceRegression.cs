using System;
using System.Collections.Generic;
using AttentionGen.Runtime;

namespace AttentionGen.Training;

/// <summary>
/// Regression on float sequences with mean squared error. Each example is <c>Steps</c>, a sequence of 1 to MaxSeq
/// steps of Features values each, flattened (length = steps × Features), and <c>Target</c>: Outputs values for a
/// model with a pooled output (batch, Outputs), or steps × Outputs values for a per-step output (batch, seq, Outputs).
/// Batches are padded with zeros to their longest sequence and the lengths are passed to the forward pass; for a
/// per-step output the loss is the mean over the real steps only. The metric is the mean absolute error.
/// </summary>
/// <remarks>For an <see cref="IFloatSequenceModel"/>; Features and MaxSeq are its generated constants, Outputs its output width.</remarks>
public sealed class SequenceRegression : Objective<(float[] Steps, float[] Target)>
{
    /// <summary>Creates the objective.</summary>
    public SequenceRegression()
    {
    }

    /// <inheritdoc />
    public override string MetricName => "mean absolute error";

    internal override ObjectiveBinding<(float[] Steps, float[] Target)> Bind(IModel model, int batchSize)
    {
        if (model is not IFloatSequenceModel floatModel)
        {
            throw new ArgumentException(
                $"SequenceRegression needs a model that reads float sequences (IFloatSequenceModel), but {model.GetType().Name} is not one.", nameof(model));
        }

        return new Binding(floatModel, batchSize);
    }

    private sealed class Binding : ObjectiveBinding<(float[] Steps, float[] Target)>
    {
        private readonly IFloatSequenceModel _model;
        private readonly int _features, _maxSeq, _outputs;
        private readonly bool _perStep;
        private readonly int[] _lengths;
        private readonly float[] _inputs, _gradient, _predictions, _targets, _compactGradient;
        private int _gradientLength;

        public Binding(IFloatSequenceModel model, int batchSize)
        {
            const string Name = nameof(SequenceRegression);
            _model = model;
            _features = ModelFacts.Constant(model, "Features", Name);
            _maxSeq = ModelFacts.Constant(model, "MaxSeq", Name);
            var probe = ModelFacts.Probe(model, _maxSeq, _features);
            if (probe.Two != 0 && probe.Two != probe.One && probe.Two != 2 * probe.One)
            {
                throw new ArgumentException(
                    $"SequenceRegression needs an output of (batch, outputs) or (batch, seq, outputs), but {model.GetType().Name} returns {ModelFacts.Describe(probe)}.",
                    nameof(model));
            }

            _outputs = probe.One;
            _perStep = probe.Two == 2 * probe.One;
            int perExample = _perStep ? _maxSeq * _outputs : _outputs;
            _inputs = new float[batchSize * _maxSeq * _features];
            _lengths = new int[batchSize];
            _gradient = new float[batchSize * perExample];
            _predictions = new float[batchSize * perExample];
            _targets = new float[batchSize * perExample];
            _compactGradient = new float[batchSize * perExample];
        }

        public override ReadOnlySpan<float> OutputGradient => _gradient.AsSpan(0, _gradientLength);

        protected override string? Check((float[] Steps, float[] Target) example)
        {
            var (steps, target) = example;
            if (steps is null || steps.Length == 0)
            {
                return $"the steps are {(steps is null ? "null" : "empty")}; every example needs 1 to {_maxSeq} steps of {_features} features.";
            }

            if (steps.Length % _features != 0)
            {
                return $"the steps hold {steps.Length} values, not a whole number of steps of Features = {_features}.";
            }

            int length = steps.Length / _features;
            if (length > _maxSeq)
            {
                return $"{length} steps, more than the model's MaxSeq of {_maxSeq}.";
            }

            int expected = _perStep ? length * _outputs : _outputs;
            if (target is null || target.Length != expected)
            {
                return $"the target holds {(target is null ? "nothing (null)" : target.Length.ToString(System.Globalization.CultureInfo.InvariantCulture) + " values")}, but the model predicts " +
                    (_perStep ? $"{_outputs} per step, {expected} for these {length} steps." : $"{_outputs} per sequence.");
            }

            int bad = NonFinite(steps);
            if (bad >= 0)
            {
                return $"step value {bad} is {steps[bad]}; inputs must be finite.";
            }

            bad = NonFinite(target);
            return bad >= 0 ? $"target value {bad} is {target[bad]}; targets must be finite." : null;
        }

        public override BatchResult Run(IReadOnlyList<(float[] Steps, float[] Target)> data, ReadOnlySpan<int> indices, bool training)
        {
            int batch = indices.Length;
            int seqLen = 1;
            for (int b = 0; b < batch; b++)
            {
                seqLen = Math.Max(seqLen, data[indices[b]].Steps.Length / _features);
            }

            int rowWidth = seqLen * _features;
            var inputs = _inputs.AsSpan(0, batch * rowWidth);
            for (int b = 0; b < batch; b++)
            {
                float[] steps = data[indices[b]].Steps;
                var row = inputs.Slice(b * rowWidth, rowWidth);
                steps.CopyTo(row);
                row[steps.Length..].Clear();
                _lengths[b] = steps.Length / _features;
            }

            var output = _model.Forward(inputs, batch, seqLen, _lengths.AsSpan(0, batch), training);
            _gradientLength = output.Length;
            var gradient = _gradient.AsSpan(0, _gradientLength);

            // Gather the real values (all of a pooled output; the real steps of a per-step one), take the loss there,
            // and scatter its gradient back, leaving padded steps at zero.
            int perRow = _perStep ? seqLen * _outputs : _outputs;
            int count = 0;
            for (int b = 0; b < batch; b++)
            {
                float[] target = data[indices[b]].Target;
                output.Slice(b * perRow, target.Length).CopyTo(_predictions.AsSpan(count));
                target.CopyTo(_targets.AsSpan(count));
                count += target.Length;
            }

            var predictions = _predictions.AsSpan(0, count);
            var targets = _targets.AsSpan(0, count);
            var compact = _compactGradient.AsSpan(0, count);
            float loss = Losses.MeanSquaredError(predictions, targets, compact);
            double absoluteErrors = 0;
            for (int i = 0; i < count; i++)
            {
                absoluteErrors += Math.Abs((double)predictions[i] - targets[i]);
            }

            gradient.Clear();
            int at = 0;
            for (int b = 0; b < batch; b++)
            {
                int n = data[indices[b]].Target.Length;
                compact.Slice(at, n).CopyTo(gradient.Slice(b * perRow, n));
                at += n;
            }

            return new BatchResult(loss, count, absoluteErrors);
        }

        private static int NonFinite(float[] values)
        {
            for (int i = 0; i < values.Length; i++)
            {
                if (!float.IsFinite(values[i]))
                {
                    return i;
                }
            }

            return -1;
        }
    }
}
