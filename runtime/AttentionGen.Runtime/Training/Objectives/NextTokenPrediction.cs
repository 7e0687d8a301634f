using System;
using System.Collections.Generic;
using AttentionGen.Runtime;

namespace AttentionGen.Training;

/// <summary>
/// Language modelling: each example is a token sequence of 2 to MaxSeq + 1 tokens; the model reads
/// <c>tokens[..^1]</c> and is trained to predict <c>tokens[1..]</c>, position by position. Batches are padded to
/// their longest input; padded targets are <see cref="IgnoreIndex"/>, so the loss is cross-entropy over the
/// (batch·seq, vocab) logits of the real positions only. The metric is token accuracy over the same positions.
/// </summary>
/// <remarks>
/// For a token model whose output is (batch, seq, Vocab), such as a <c>[LmHead]</c> model; Vocab and MaxSeq are its
/// generated constants.
/// </remarks>
public sealed class NextTokenPrediction : Objective<int[]>
{
    /// <summary>The target of padded positions, which the loss leaves out (PyTorch's default ignore index).</summary>
    public const int IgnoreIndex = -100;

    /// <summary>Creates the objective.</summary>
    /// <param name="labelSmoothing">Label smoothing ε of the cross-entropy, in [0, 1]; 0 (the default) for none.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="labelSmoothing"/> is outside [0, 1].</exception>
    public NextTokenPrediction(float labelSmoothing = 0f)
    {
        LabelSmoothing = SequenceToSequence.RequireSmoothing(labelSmoothing);
    }

    /// <summary>Label smoothing ε of the cross-entropy.</summary>
    public float LabelSmoothing { get; }

    /// <inheritdoc />
    public override string MetricName => "token accuracy";

    internal override ObjectiveBinding<int[]> Bind(IModel model, int batchSize)
    {
        if (model is not ITokenModel tokenModel)
        {
            throw new ArgumentException(
                $"NextTokenPrediction needs a model that reads token ids (ITokenModel), but {model.GetType().Name} is not one.", nameof(model));
        }

        return new Binding(tokenModel, batchSize, LabelSmoothing);
    }

    private sealed class Binding : ObjectiveBinding<int[]>
    {
        private readonly ITokenModel _model;
        private readonly int _vocab, _maxSeq;
        private readonly float _labelSmoothing;
        private readonly int[] _inputs, _targets, _lengths;
        private readonly float[] _gradient;
        private int _gradientLength;

        public Binding(ITokenModel model, int batchSize, float labelSmoothing)
        {
            const string Name = nameof(NextTokenPrediction);
            _model = model;
            _labelSmoothing = labelSmoothing;
            _vocab = ModelFacts.Constant(model, "Vocab", Name);
            _maxSeq = ModelFacts.Constant(model, "MaxSeq", Name);
            var probe = ModelFacts.Probe(model, _maxSeq);
            if ((probe.Two != 0 && probe.Two != 2 * probe.One) || probe.One != _vocab)
            {
                throw new ArgumentException(
                    $"NextTokenPrediction needs a model whose output is (batch, seq, Vocab) = (batch, seq, {_vocab}), but " +
                    $"{model.GetType().Name} returns {ModelFacts.Describe(probe)}." +
                    (probe.Two == probe.One ? " For a pooled classifier use TokenClassification." : ""),
                    nameof(model));
            }

            _inputs = new int[batchSize * _maxSeq];
            _targets = new int[batchSize * _maxSeq];
            _lengths = new int[batchSize];
            _gradient = new float[batchSize * _maxSeq * _vocab];
        }

        public override ReadOnlySpan<float> OutputGradient => _gradient.AsSpan(0, _gradientLength);

        protected override string? Check(int[] example)
        {
            if (example is null || example.Length < 2)
            {
                return $"{(example is null ? "the token array is null" : $"{example.Length} token(s)")}; next-token prediction needs 2 to MaxSeq + 1 = {_maxSeq + 1} tokens (inputs tokens[..^1], targets tokens[1..]).";
            }

            if (example.Length > _maxSeq + 1)
            {
                return $"{example.Length} tokens, more than MaxSeq + 1 = {_maxSeq + 1} (the model reads at most {_maxSeq} and predicts the next token of each).";
            }

            for (int p = 0; p < example.Length; p++)
            {
                if ((uint)example[p] >= (uint)_vocab)
                {
                    return $"token {p} is {example[p]}, outside the vocabulary [0, {_vocab}).";
                }
            }

            return null;
        }

        public override BatchResult Run(IReadOnlyList<int[]> data, ReadOnlySpan<int> indices, bool training)
        {
            int batch = indices.Length;
            int seqLen = 1;
            for (int b = 0; b < batch; b++)
            {
                seqLen = Math.Max(seqLen, data[indices[b]].Length - 1);
            }

            int rows = batch * seqLen;
            var inputs = _inputs.AsSpan(0, rows);
            var targets = _targets.AsSpan(0, rows);
            for (int b = 0; b < batch; b++)
            {
                int[] sequence = data[indices[b]];
                int length = sequence.Length - 1;
                var inputRow = inputs.Slice(b * seqLen, seqLen);
                var targetRow = targets.Slice(b * seqLen, seqLen);
                sequence.AsSpan(0, length).CopyTo(inputRow);
                sequence.AsSpan(1, length).CopyTo(targetRow);
                inputRow[length..].Fill(WordVocabulary.Padding);
                targetRow[length..].Fill(IgnoreIndex);
                _lengths[b] = length;
            }

            var output = _model.Forward(inputs, batch, seqLen, _lengths.AsSpan(0, batch), training);
            _gradientLength = rows * _vocab;
            float loss = Losses.CrossEntropy(output, targets, _gradient.AsSpan(0, _gradientLength), rows, _vocab, IgnoreIndex, _labelSmoothing);
            int counted = 0;
            for (int b = 0; b < batch; b++)
            {
                counted += _lengths[b];
            }

            return new BatchResult(loss, counted, ModelFacts.CountCorrect(output, targets, _vocab, IgnoreIndex));
        }
    }
}
