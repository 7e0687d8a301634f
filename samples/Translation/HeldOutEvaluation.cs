using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Text;
using AttentionGen.Runtime;

namespace Translation;

/// <summary>One held-out sentence's translation next to its references.</summary>
public sealed record ScoredTranslation(string English, string Chinese, IReadOnlyList<string> References);

/// <summary>Character BLEU-4 of one decoding over the held-out sentences, with the translations and the time taken.</summary>
public sealed record HeldOutScore(int Beam, Bleu<Rune> Bleu, IReadOnlyList<ScoredTranslation> Translations, TimeSpan Elapsed);

/// <summary>
/// Scores a model on the held-out sentences: each English sentence is translated once and its candidate is scored
/// against all its Chinese translations as references, in characters (<see cref="ChineseCharacters.Split"/>), by
/// corpus BLEU-4 with the brevity penalty. Sentences longer than the model reads are left out (and counted).
/// </summary>
public static class HeldOutEvaluation
{
    /// <summary>The held-out sentences the model can read (at most <see cref="EnglishToChinese.MaxSeq"/> tokens).</summary>
    public static List<HeldOutSentence> Readable(IEnumerable<HeldOutSentence> sentences) =>
        sentences.Where(sentence => EnglishWords.Tokenize(sentence.English).Length <= EnglishToChinese.MaxSeq).ToList();

    public static HeldOutScore Score(TranslationModel model, IReadOnlyList<HeldOutSentence> sentences, int beam)
    {
        var clock = Stopwatch.StartNew();
        var bleu = new Bleu<Rune>();
        var translations = new List<ScoredTranslation>(sentences.Count);
        foreach (var sentence in sentences)
        {
            string chinese = model.Translate(sentence.English, beam).Chinese;
            var references = sentence.Pairs.Select(pair => pair.Chinese).ToList();
            bleu.Add(ChineseCharacters.Split(chinese), references.Select(r => (IReadOnlyList<Rune>)ChineseCharacters.Split(r)).ToList());
            translations.Add(new ScoredTranslation(sentence.English, chinese, references));
        }

        return new HeldOutScore(beam, bleu, translations, clock.Elapsed);
    }
}
