using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using AttentionGen.Checkpoints;

namespace Translation;

/// <summary>What translating one sentence gave: the Chinese text, the English tokens as the model read them, and the words it did not know.</summary>
public sealed record TranslationResult(string Chinese, IReadOnlyList<string> SourceTokens, IReadOnlyList<string> UnknownWords, Hypothesis Hypothesis);

/// <summary>
/// A trained <see cref="EnglishToChinese"/> with its two vocabularies: translates sentences, and saves and loads
/// itself as one safetensors file (the weights under PyTorch's names, the vocabularies and the split in its metadata).
/// </summary>
public sealed class TranslationModel
{
    private const string EnglishKey = "english_words", ChineseKey = "chinese_characters", SeedKey = "split_seed", FractionKey = "held_out_fraction";

    public TranslationModel(EnglishToChinese model, EnglishWords english, ChineseCharacters chinese, ulong splitSeed, double heldOutFraction)
    {
        if (english.Count > EnglishToChinese.Vocab) throw new ArgumentException($"The English vocabulary has {english.Count} ids; the model has {EnglishToChinese.Vocab}.", nameof(english));
        if (chinese.Count > EnglishToChinese.TargetVocab) throw new ArgumentException($"The Chinese vocabulary has {chinese.Count} ids; the model has {EnglishToChinese.TargetVocab}.", nameof(chinese));
        Model = model;
        English = english;
        Chinese = chinese;
        SplitSeed = splitSeed;
        HeldOutFraction = heldOutFraction;
    }

    public EnglishToChinese Model { get; }

    public EnglishWords English { get; }

    public ChineseCharacters Chinese { get; }

    /// <summary>The seed of the held-out split the model was trained under, so evaluating it again holds out the same sentences.</summary>
    public ulong SplitSeed { get; }

    public double HeldOutFraction { get; }

    /// <summary>Longest output: the decoder reads the start token plus at most TargetMaxSeq − 1 characters.</summary>
    public const int MaxOutput = EnglishToChinese.TargetMaxSeq - 1;

    /// <summary>
    /// Translates one English sentence with beam search of <paramref name="beam"/> prefixes (1: greedy). Throws
    /// <see cref="ArgumentException"/> when the sentence has no words or more than the model reads.
    /// </summary>
    public TranslationResult Translate(string sentence, int beam)
    {
        var unknown = new List<string>();
        string[] tokens = EnglishWords.Tokenize(sentence);
        if (tokens.Length == 0) throw new ArgumentException("The sentence has no words to translate.", nameof(sentence));
        if (tokens.Length > EnglishToChinese.MaxSeq)
            throw new ArgumentException($"The sentence has {tokens.Length} words and punctuation marks; the model reads at most {EnglishToChinese.MaxSeq}.", nameof(sentence));
        int[] source = English.Encode(sentence, unknown);
        var scorer = new ModelScorer(Model, source);
        var hypothesis = beam == 1
            ? Decoding.Greedy(scorer, ChineseCharacters.Start, ChineseCharacters.End, MaxOutput)
            : Decoding.Beam(scorer, ChineseCharacters.Start, ChineseCharacters.End, MaxOutput, beam);
        return new TranslationResult(Chinese.Decode(hypothesis.Tokens), tokens, unknown, hypothesis);
    }

    /// <summary>Writes the weights, vocabularies and split to <paramref name="path"/> (through a temporary file, then renamed).</summary>
    public void Save(string path)
    {
        string? directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (directory is not null) Directory.CreateDirectory(directory);
        Checkpoint.SaveWeights(Model, path, new Dictionary<string, string>
        {
            [EnglishKey] = string.Join('\n', English.Words),
            [ChineseKey] = Chinese.Characters,
            [SeedKey] = SplitSeed.ToString(CultureInfo.InvariantCulture),
            [FractionKey] = HeldOutFraction.ToString("R", CultureInfo.InvariantCulture),
        });
    }

    /// <summary>
    /// Loads a file <see cref="Save"/> wrote into an inference-only model for batches of up to
    /// <paramref name="maxBatch"/>; throws <see cref="InvalidDataException"/> naming what is missing or wrong.
    /// </summary>
    public static TranslationModel Load(string path, int maxBatch)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"no trained model at '{path}'; train one first (the train command saves it there).", path);
        var model = new EnglishToChinese(maxBatch: maxBatch, inferenceOnly: true);
        using var file = Safetensors.Open(path);
        string Entry(string key) => file.Metadata.TryGetValue(key, out string? value)
            ? value
            : throw new InvalidDataException($"'{path}' has no '{key}' entry in its metadata; it was not saved by this sample's train command.");
        string words = Entry(EnglishKey), characters = Entry(ChineseKey);
        if (!ulong.TryParse(Entry(SeedKey), NumberStyles.None, CultureInfo.InvariantCulture, out ulong seed))
            throw new InvalidDataException($"'{path}': {SeedKey} is '{Entry(SeedKey)}', not a whole number.");
        if (!double.TryParse(Entry(FractionKey), NumberStyles.Float, CultureInfo.InvariantCulture, out double fraction) || !(fraction > 0 && fraction < 1))
            throw new InvalidDataException($"'{path}': {FractionKey} is '{Entry(FractionKey)}', not a fraction between 0 and 1.");
        Checkpoint.LoadWeights(model, file);
        return new TranslationModel(
            model, EnglishWords.FromWords(words.Length == 0 ? [] : words.Split('\n')), ChineseCharacters.FromCharacters(characters), seed, fraction);
    }
}
