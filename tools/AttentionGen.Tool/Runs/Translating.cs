using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using AttentionGen.Reports;
using AttentionGen.Runtime;
using AttentionGen.Tool.Data;
using AttentionGen.Tool.Models;
using Translation;

namespace AttentionGen.Tool.Runs;

/// <summary>One sentence translated: the output text, the decoded ids and the source tokens (words and punctuation marks) the model read.</summary>
internal sealed record Translated(string Text, int[] Ids, IReadOnlyList<string> SourceWords);

/// <summary>
/// Translates with a trained translator: the source's hashed token ids go through the encoder, and the decoder writes
/// characters greedily or by beam search (the Translation sample's <see cref="Decoding"/>, linked into the tool).
/// Also scores a list of pairs by character BLEU-4 and draws the last decoder block's cross-attention.
/// </summary>
internal static class Translating
{
    public static Translated Translate(ISequenceToSequenceModel model, ToolModelInfo info, TargetCharacters characters, string sentence, int beam)
    {
        var words = SourceTokens.Tokens(sentence);
        if (HashedWords.Words(sentence).Count == 0) throw new UserError($"nothing to translate in {InputFile.Excerpt(sentence)}: it has no words");
        if (words.Count > info.Shape.MaxSeq) words = words.GetRange(0, info.Shape.MaxSeq);
        int[] source = SourceTokens.Encode(sentence, info.Shape.Vocab, info.Shape.MaxSeq);
        var scorer = new Scorer(model, source, info.Shape.Outputs);
        int maxLength = info.Shape.TargetMaxSeq - 1;
        var hypothesis = beam == 1
            ? Decoding.Greedy(scorer, TargetCharacters.Start, TargetCharacters.End, maxLength)
            : Decoding.Beam(scorer, TargetCharacters.Start, TargetCharacters.End, maxLength, beam);
        return new Translated(characters.Decode(hypothesis.Tokens), hypothesis.Tokens, words);
    }

    /// <summary>Corpus character BLEU-4 (with the brevity penalty) of the translations of <paramref name="pairs"/>' sources against their targets.</summary>
    public static (Bleu<Rune> Bleu, List<(TranslationPair Pair, string Output)> Outputs) Score(
        ISequenceToSequenceModel model, ToolModelInfo info, IReadOnlyList<TranslationPair> pairs, int beam)
    {
        var characters = TargetCharacters.FromCharacters(info.Characters);
        var bleu = new Bleu<Rune>();
        var outputs = new List<(TranslationPair, string)>(pairs.Count);
        foreach (var pair in pairs)
        {
            string output = Translate(model, info, characters, pair.Source, beam).Text;
            bleu.Add(output.EnumerateRunes().ToArray(), pair.Target.EnumerateRunes().ToArray());
            outputs.Add((pair, output));
        }

        return (bleu, outputs);
    }

    /// <summary>
    /// Adds the cross-attention of the last decoder block for one translation: a row per written character (and the
    /// end), a column per source token. The model must keep its activations (a trainable instance).
    /// </summary>
    public static void AddCrossAttention(RunReport report, ISequenceToSequenceModel model, ToolModelInfo info, TargetCharacters characters, string sentence, Translated translated)
    {
        int[] source = SourceTokens.Encode(sentence, info.Shape.Vocab, info.Shape.MaxSeq);
        int[] target = [TargetCharacters.Start, .. translated.Ids];
        model.Forward(source, target, 1, source.Length, target.Length);
        var (layers, weights) = model switch
        {
            TranslatorSmall m => (TranslatorSmall.AttentionLayers, (Func<int, AttentionMap>)(layer => m.AttentionWeights(layer, 0))),
            TranslatorBase m => (TranslatorBase.AttentionLayers, layer => m.AttentionWeights(layer, 0)),
            _ => throw new ArgumentException($"{model.GetType().Name} is not one of the tool's translators.", nameof(model)),
        };
        int last = -1;
        for (int i = 0; i < layers.Count; i++)
        {
            if (layers[i].EndsWith(".multihead_attn", StringComparison.Ordinal)) last = i;
        }

        var map = weights(last);
        var written = new List<string>();
        foreach (int id in translated.Ids) written.Add(characters.Decode([id]));
        written.Add("</s>");
        report.AddAttentionMap($"Cross-attention of {map.Layer}: each written character (row) over the source tokens", written, translated.SourceWords, map.Weights, map.Heads);
    }

    /// <summary>Next-character log-probabilities for the prefixes of one beam; padding, unknown and start are never written.</summary>
    private sealed class Scorer(ISequenceToSequenceModel model, int[] source, int vocabulary) : INextTokenScorer
    {
        public int Vocabulary => vocabulary;

        public void Score(IReadOnlyList<int[]> prefixes, Span<float> logProbabilities)
        {
            int rows = prefixes.Count, sourceLen = source.Length, targetLen = prefixes[0].Length;
            var sources = new int[rows * sourceLen];
            var targets = new int[rows * targetLen];
            for (int r = 0; r < rows; r++)
            {
                source.CopyTo(sources, r * sourceLen);
                prefixes[r].CopyTo(targets, r * targetLen);
            }

            var logits = model.Forward(sources, targets, rows, sourceLen, targetLen);
            for (int r = 0; r < rows; r++)
            {
                var last = logits.Slice(((r * targetLen) + targetLen - 1) * vocabulary, vocabulary);
                var row = logProbabilities.Slice(r * vocabulary, vocabulary);
                float max = float.NegativeInfinity;
                foreach (float x in last) max = Math.Max(max, x);
                double sum = 0;
                foreach (float x in last) sum += Math.Exp(x - max);
                float logSum = max + (float)Math.Log(sum);
                for (int i = 0; i < vocabulary; i++) row[i] = last[i] - logSum;
                row[TargetCharacters.Padding] = float.NegativeInfinity;
                row[TargetCharacters.Unknown] = float.NegativeInfinity;
                row[TargetCharacters.Start] = float.NegativeInfinity;
            }
        }
    }
}
