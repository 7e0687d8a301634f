using System;
using System.Collections.Generic;

namespace Translation;

/// <summary>
/// Scores next characters with the model for one English sentence. There is no key/value cache for encoder-decoder
/// models, so each call runs the whole forward pass over the prefixes (sentences are short: at most
/// <see cref="EnglishToChinese.TargetMaxSeq"/> characters); all prefixes of a beam have the same length and share the
/// source, so they go through as one batch with no padding. Padding, unknown and start are never produced.
/// </summary>
public sealed class ModelScorer : INextTokenScorer
{
    private readonly EnglishToChinese _model;
    private readonly int[] _source;
    private int[] _sourceBatch = [];
    private int[] _targetBatch = [];

    /// <param name="model">The trained model; its MaxBatch bounds the beam width.</param>
    /// <param name="source">The English ids, 1 to <see cref="EnglishToChinese.MaxSeq"/> of them.</param>
    public ModelScorer(EnglishToChinese model, int[] source)
    {
        if (source.Length is 0 or > EnglishToChinese.MaxSeq)
            throw new ArgumentException($"The source has {source.Length} words; the model reads 1 to {EnglishToChinese.MaxSeq}.", nameof(source));
        _model = model;
        _source = source;
    }

    /// <inheritdoc />
    public int Vocabulary => EnglishToChinese.TargetVocab;

    /// <inheritdoc />
    public void Score(IReadOnlyList<int[]> prefixes, Span<float> logProbabilities)
    {
        int rows = prefixes.Count, sourceLen = _source.Length, targetLen = prefixes[0].Length;
        if (rows > _model.MaxBatch) throw new ArgumentException($"{rows} prefixes exceed the model's MaxBatch of {_model.MaxBatch}.", nameof(prefixes));
        if (_sourceBatch.Length < rows * sourceLen) _sourceBatch = new int[rows * sourceLen];
        if (_targetBatch.Length < rows * targetLen) _targetBatch = new int[rows * targetLen];
        for (int r = 0; r < rows; r++)
        {
            if (prefixes[r].Length != targetLen) throw new ArgumentException("All prefixes of one call must have the same length.", nameof(prefixes));
            _source.CopyTo(_sourceBatch, r * sourceLen);
            prefixes[r].CopyTo(_targetBatch, r * targetLen);
        }

        var logits = _model.Forward(_sourceBatch.AsSpan(0, rows * sourceLen), _targetBatch.AsSpan(0, rows * targetLen), rows, sourceLen, targetLen);
        int vocabulary = Vocabulary;
        for (int r = 0; r < rows; r++)
        {
            var last = logits.Slice((((r * targetLen) + targetLen - 1) * vocabulary), vocabulary);
            var row = logProbabilities.Slice(r * vocabulary, vocabulary);
            LogSoftmax(last, row);
            row[ChineseCharacters.Padding] = float.NegativeInfinity;
            row[ChineseCharacters.Unknown] = float.NegativeInfinity;
            row[ChineseCharacters.Start] = float.NegativeInfinity;
        }
    }

    private static void LogSoftmax(ReadOnlySpan<float> logits, Span<float> destination)
    {
        float max = float.NegativeInfinity;
        foreach (float x in logits) max = Math.Max(max, x);
        double sum = 0;
        foreach (float x in logits) sum += Math.Exp(x - max);
        float logSum = max + (float)Math.Log(sum);
        for (int i = 0; i < logits.Length; i++) destination[i] = logits[i] - logSum;
    }
}
