using System;
using System.Collections.Generic;
using System.Globalization;
using AttentionGen.Runtime;

namespace AttentionGen.Training;

/// <summary>
/// Encoder-decoder training with teacher forcing: each example is a source and a target sequence, the target
/// including its start and end tokens (2 to TargetMaxSeq + 1 tokens). The decoder reads <c>target[..^1]</c> and is
/// trained to predict <c>target[1..]</c>; padded positions get <see cref="IgnoreIndex"/> and both sides pass their
/// true lengths, so padding is masked and left out of the loss. The loss is cross-entropy over the
/// (batch·target_seq, TargetVocab) logits, with optional label smoothing; the metric is token accuracy.
/// </summary>
/// <remarks>For an <see cref="ISequenceToSequenceModel"/>; Vocab, MaxSeq, TargetVocab and TargetMaxSeq are its generated constants.</remarks>
public sealed class SequenceToSequence : Objective<(int[] Source, int[] Target)>
{
    /// <summary>The target of padded positions, which the loss leaves out (PyTorch's default ignore index).</summary>
    public const int IgnoreIndex = -100;

    /// <summary>Creates the objective.</summary>
    /// <param name="labelSmoothing">Label smoothing ε of the cross-entropy, in [0, 1]; 0 (the default) for none.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="labelSmoothing"/> is outside [0, 1].</exception>
    public SequenceToSequence(float labelSmoothing = 0f)
    {
        LabelSmoothing = RequireSmoothing(labelSmoothing);
    }

    /// <summary>Label smoothing ε of the cross-entropy.</summary>
    public float LabelSmoothing { get; }

    /// <inheritdoc />
    public override string MetricName => "token accuracy";

    internal static float RequireSmoothing(float labelSmoothing)
    {
        if (!(labelSmoothing >= 0 && labelSmoothing <= 1))
        {
            throw new ArgumentOutOfRangeException(
                nameof(labelSmoothing), labelSmoothing,
                string.Create(CultureInfo.InvariantCulture, $"labelSmoothing is {labelSmoothing}; it must be in [0, 1]."));
        }

        return labelSmoothing;
    }

    internal override ObjectiveBinding<(int[] Source, int[] Target)> Bind(IModel model, int batchSize)
    {
        if (model is not ISequenceToSequenceModel seq2seq)
        {
            throw new ArgumentException(
                $"SequenceToSequence needs an encoder-decoder (ISequenceToSequenceModel), but {model.GetType().Name} is not one.", nameof(model));
        }

        return new Binding(seq2seq, batchSize, LabelSmoothing);
    }

    private sealed class Binding : ObjectiveBinding<(int[] Source, int[] Target)>
    {
        private readonly ISequenceToSequenceModel _model;
        private readonly int _vocab, _maxSeq, _targetVocab, _targetMaxSeq;
        private readonly float _labelSmoothing;
        private readonly int[] _source, _sourceLengths, _decoderInput, _labels, _targetLengths;
        private readonly float[] _gradient;
        private int _gradientLength;

        public Binding(ISequenceToSequenceModel model, int batchSize, float labelSmoothing)
        {
            const string Name = nameof(SequenceToSequence);
            _model = model;
            _labelSmoothing = labelSmoothing;
            _vocab = ModelFacts.Constant(model, "Vocab", Name);
            _maxSeq = ModelFacts.Constant(model, "MaxSeq", Name);
            _targetVocab = ModelFacts.Constant(model, "TargetVocab", Name);
            _targetMaxSeq = ModelFacts.Constant(model, "TargetMaxSeq", Name);
            int one = model.Forward(new int[1], new int[1], 1, 1, 1).Length;
            if (one != _targetVocab)
            {
                throw new ArgumentException(
                    $"SequenceToSequence needs a model whose output is (batch, target_seq, TargetVocab) = (batch, target_seq, {_targetVocab}), " +
                    $"but {model.GetType().Name} returns {one} values per target position.",
                    nameof(model));
            }

            _source = new int[batchSize * _maxSeq];
            _sourceLengths = new int[batchSize];
            _decoderInput = new int[batchSize * _targetMaxSeq];
            _labels = new int[batchSize * _targetMaxSeq];
            _targetLengths = new int[batchSize];
            _gradient = new float[batchSize * _targetMaxSeq * _targetVocab];
        }

        public override ReadOnlySpan<float> OutputGradient => _gradient.AsSpan(0, _gradientLength);

        protected override string? Check((int[] Source, int[] Target) example)
        {
            var (source, target) = example;
            if (source is null || source.Length == 0)
            {
                return $"the source is {(source is null ? "null" : "empty")}; every example needs 1 to MaxSeq = {_maxSeq} source tokens.";
            }

            if (source.Length > _maxSeq)
            {
                return $"the source has {source.Length} tokens, more than the model's MaxSeq of {_maxSeq}.";
            }

            for (int p = 0; p < source.Length; p++)
            {
                if ((uint)source[p] >= (uint)_vocab)
                {
                    return $"source token {p} is {source[p]}, outside the source vocabulary [0, {_vocab}).";
                }
            }

            if (target is null || target.Length < 2)
            {
                return $"the target {(target is null ? "is null" : $"has {target.Length} token(s)")}; it needs 2 to TargetMaxSeq + 1 = {_targetMaxSeq + 1} " +
                    "(the decoder reads target[..^1] and predicts target[1..], so include the start and end tokens).";
            }

            if (target.Length > _targetMaxSeq + 1)
            {
                return $"the target has {target.Length} tokens, more than TargetMaxSeq + 1 = {_targetMaxSeq + 1} (the decoder reads at most {_targetMaxSeq}).";
            }

            for (int p = 0; p < target.Length; p++)
            {
                if ((uint)target[p] >= (uint)_targetVocab)
                {
                    return $"target token {p} is {target[p]}, outside the target vocabulary [0, {_targetVocab}).";
                }
            }

            return null;
        }

        public override BatchResult Run(IReadOnlyList<(int[] Source, int[] Target)> data, ReadOnlySpan<int> indices, bool training)
        {
            int batch = indices.Length;
            int sourceLen = 1, targetLen = 1;
            for (int b = 0; b < batch; b++)
            {
                var (source, target) = data[indices[b]];
                sourceLen = Math.Max(sourceLen, source.Length);
                targetLen = Math.Max(targetLen, target.Length - 1);
            }

            var sourceTokens = _source.AsSpan(0, batch * sourceLen);
            int rows = batch * targetLen;
            var decoderInput = _decoderInput.AsSpan(0, rows);
            var labels = _labels.AsSpan(0, rows);
            int counted = 0;
            for (int b = 0; b < batch; b++)
            {
                var (source, target) = data[indices[b]];
                var sourceRow = sourceTokens.Slice(b * sourceLen, sourceLen);
                source.CopyTo(sourceRow);
                sourceRow[source.Length..].Fill(WordVocabulary.Padding);
                _sourceLengths[b] = source.Length;

                int length = target.Length - 1;
                var inputRow = decoderInput.Slice(b * targetLen, targetLen);
                var labelRow = labels.Slice(b * targetLen, targetLen);
                target.AsSpan(0, length).CopyTo(inputRow);
                target.AsSpan(1, length).CopyTo(labelRow);
                inputRow[length..].Fill(WordVocabulary.Padding);
                labelRow[length..].Fill(IgnoreIndex);
                _targetLengths[b] = length;
                counted += length;
            }

            var output = _model.Forward(
                sourceTokens, decoderInput, batch, sourceLen, targetLen, _sourceLengths.AsSpan(0, batch), _targetLengths.AsSpan(0, batch), training);
            _gradientLength = rows * _targetVocab;
            float loss = Losses.CrossEntropy(output, labels, _gradient.AsSpan(0, _gradientLength), rows, _targetVocab, IgnoreIndex, _labelSmoothing);
            return new BatchResult(loss, counted, ModelFacts.CountCorrect(output, labels, _targetVocab, IgnoreIndex));
        }
    }
}
