using System;
using System.Collections.Generic;
using AttentionGen.Runtime;

namespace AttentionGen.Training;

/// <summary>
/// Sequence classification: each example is a token sequence and one class label, for a token model whose output
/// is (batch, classes). With two or more outputs the loss is cross-entropy over the classes; with one output it is
/// binary cross-entropy with logits, and the label is 0 or 1. Each batch is padded to its longest sequence with
/// <see cref="WordVocabulary.Padding"/> and the true lengths are passed to the forward pass, so padding is masked.
/// The metric is accuracy (the largest logit, or a positive logit for one output, matching the label).
/// </summary>
/// <remarks>Vocab and MaxSeq are the model's generated constants; the number of classes is its output width.</remarks>
public sealed class TokenClassification : Objective<(int[] Tokens, int Label)>
{
    /// <summary>Creates the objective.</summary>
    public TokenClassification()
    {
    }

    /// <inheritdoc />
    public override string MetricName => "accuracy";

    internal override ObjectiveBinding<(int[] Tokens, int Label)> Bind(IModel model, int batchSize)
    {
        if (model is not ITokenModel tokenModel)
        {
            throw new ArgumentException(
                $"TokenClassification needs a model that reads token ids (ITokenModel), but {model.GetType().Name} is not one.", nameof(model));
        }

        return new Binding(tokenModel, batchSize);
    }

    private sealed class Binding : ObjectiveBinding<(int[] Tokens, int Label)>
    {
        private readonly ITokenModel _model;
        private readonly int _vocab, _maxSeq, _classes;
        private readonly int[] _tokens, _lengths, _labels;
        private readonly float[] _binaryLabels, _gradient;
        private int _gradientLength;

        public Binding(ITokenModel model, int batchSize)
        {
            const string Name = nameof(TokenClassification);
            _model = model;
            _vocab = ModelFacts.Constant(model, "Vocab", Name);
            _maxSeq = ModelFacts.Constant(model, "MaxSeq", Name);
            var probe = ModelFacts.Probe(model, _maxSeq);
            if (probe.Two != 0 && probe.Two != probe.One)
            {
                throw new ArgumentException(
                    $"TokenClassification needs a model whose output is (batch, classes), but {model.GetType().Name} returns " +
                    $"{ModelFacts.Describe(probe)}: one value set per position. For a language model use NextTokenPrediction.",
                    nameof(model));
            }

            _classes = probe.One;
            _tokens = new int[batchSize * _maxSeq];
            _lengths = new int[batchSize];
            _labels = new int[batchSize];
            _binaryLabels = new float[batchSize];
            _gradient = new float[batchSize * _classes];
        }

        public override ReadOnlySpan<float> OutputGradient => _gradient.AsSpan(0, _gradientLength);

        protected override string? Check((int[] Tokens, int Label) example)
        {
            var (tokens, label) = example;
            if (tokens is null || tokens.Length == 0)
            {
                return $"the token array is {(tokens is null ? "null" : "empty")}; every example needs 1 to {_maxSeq} tokens.";
            }

            if (tokens.Length > _maxSeq)
            {
                return $"{tokens.Length} tokens, more than the model's MaxSeq of {_maxSeq}.";
            }

            for (int p = 0; p < tokens.Length; p++)
            {
                if ((uint)tokens[p] >= (uint)_vocab)
                {
                    return $"token {p} is {tokens[p]}, outside the vocabulary [0, {_vocab}).";
                }
            }

            int limit = _classes == 1 ? 2 : _classes;
            if ((uint)label >= (uint)limit)
            {
                return _classes == 1
                    ? $"label {label} is not 0 or 1; the model has one output, so the labels are binary."
                    : $"label {label} is outside the classes [0, {_classes}).";
            }

            return null;
        }

        public override BatchResult Run(IReadOnlyList<(int[] Tokens, int Label)> data, ReadOnlySpan<int> indices, bool training)
        {
            int batch = indices.Length;
            int seqLen = 1;
            for (int b = 0; b < batch; b++)
            {
                seqLen = Math.Max(seqLen, data[indices[b]].Tokens.Length);
            }

            var tokens = _tokens.AsSpan(0, batch * seqLen);
            for (int b = 0; b < batch; b++)
            {
                var (sequence, label) = data[indices[b]];
                var row = tokens.Slice(b * seqLen, seqLen);
                sequence.CopyTo(row);
                row[sequence.Length..].Fill(WordVocabulary.Padding);
                _lengths[b] = sequence.Length;
                _labels[b] = label;
                _binaryLabels[b] = label;
            }

            var output = _model.Forward(tokens, batch, seqLen, _lengths.AsSpan(0, batch), training);
            _gradientLength = batch * _classes;
            var gradient = _gradient.AsSpan(0, _gradientLength);
            int correct = 0;
            float loss;
            if (_classes == 1)
            {
                loss = Losses.BinaryCrossEntropyWithLogits(output, _binaryLabels.AsSpan(0, batch), gradient);
                for (int b = 0; b < batch; b++)
                {
                    if ((output[b] > 0 ? 1 : 0) == _labels[b])
                    {
                        correct++;
                    }
                }
            }
            else
            {
                var labels = _labels.AsSpan(0, batch);
                loss = Losses.CrossEntropy(output, labels, gradient, batch, _classes);
                correct = ModelFacts.CountCorrect(output, labels, _classes, ignoreIndex: -1);
            }

            return new BatchResult(loss, batch, correct);
        }
    }
}
