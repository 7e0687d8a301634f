using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using AttentionGen.Reports;
using AttentionGen.Training;
using Translation;

// English to Chinese on the Tatoeba pairs: `train` (the default) holds out 5% of the distinct English sentences with a
// seeded shuffle, trains the declared encoder-decoder with teacher forcing on the rest, saves it with its vocabularies,
// reloads it for inference and reports character BLEU-4 of greedy and beam decoding on the held-out sentences;
// `translate` translates sentences with the saved model; `evaluate` scores the saved model again.
TranslationOptions options;
try
{
    if (args is ["--help"] or ["-h"] or ["help"])
    {
        Console.WriteLine(TranslationOptions.Usage);
        return 0;
    }

    options = TranslationOptions.Parse(args);
}
catch (FormatException e)
{
    Console.Error.WriteLine($"error: {e.Message} (--help lists the options)");
    return 2;
}

try
{
    return options.Command switch
    {
        TranslationCommand.Train => Train(options),
        TranslationCommand.Translate => Translate(options),
        _ => Evaluate(options),
    };
}
catch (Exception e) when (e is InvalidDataException or IOException or UnauthorizedAccessException)
{
    Console.Error.WriteLine($"error: {e.Message}");
    return 1;
}

static int Train(TranslationOptions options)
{
    const double HeldOutFraction = 0.05;
    const int BatchSize = 64;
    var split = ReadSplit(options.Seed, HeldOutFraction);
    var english = EnglishWords.Build(split.Train.Select(pair => pair.English), EnglishToChinese.Vocab);
    var chinese = ChineseCharacters.Build(split.Train.Select(pair => pair.Chinese), EnglishToChinese.TargetVocab);
    Console.WriteLine($"vocabularies from the training pairs (seen twice or more): {english.Count:N0} English ids, {chinese.Count:N0} Chinese ids");

    // Teacher forcing: the decoder reads start + characters and learns to predict characters + end. Pairs longer than
    // the model reads are left out of training (about 1%).
    List<(int[] Source, int[] Target)> Examples(IEnumerable<TatoebaPair> pairs) => pairs
        .Select(pair => (Source: english.Encode(pair.English), Target: chinese.EncodeTarget(pair.Chinese)))
        .Where(example => example.Source.Length <= EnglishToChinese.MaxSeq && example.Target.Length <= EnglishToChinese.TargetMaxSeq + 1)
        .ToList();
    var train = Examples(split.Train);
    var validation = Examples(split.HeldOutPairs);
    Console.WriteLine($"training examples: {train.Count:N0} of {split.Train.Count:N0} pairs (up to {EnglishToChinese.MaxSeq} English tokens and " +
        $"{EnglishToChinese.TargetMaxSeq - 1} Chinese characters); held-out pairs for the validation loss: {validation.Count:N0}");

    var model = new EnglishToChinese(seed: options.Seed, maxBatch: BatchSize);
    long steps = (long)options.Epochs * ((train.Count + BatchSize - 1) / BatchSize);
    const float PeakLearningRate = 1e-3f;
    var trainer = model.Trainer(new SequenceToSequence(labelSmoothing: 0.1f), new AdamW(lr: PeakLearningRate, beta2: 0.98f), new TrainerOptions
    {
        BatchSize = BatchSize,
        ShuffleSeed = options.Seed,
        MaxGradientNorm = 1f,
        LearningRate = LearningRateSchedule.WarmupCosine(peak: PeakLearningRate, warmupSteps: Math.Min(400, steps / 10), totalSteps: steps, minimum: 2e-5f),
    });
    Console.WriteLine($"EnglishToChinese: {EnglishToChinese.ParameterCount:N0} parameters; {options.Epochs} epochs, {steps:N0} steps of {BatchSize}, " +
        $"AdamW peak lr {PeakLearningRate} with warm-up and cosine decay, label smoothing 0.1, seed {options.Seed}");

    var clock = Stopwatch.StartNew();
    var epochs = new List<EpochSummary>();
    for (int epoch = 1; epoch <= options.Epochs; epoch++)
    {
        // Fit continues the same run up to `epoch` epochs in total, so each epoch is printed as it ends.
        var summary = trainer.Fit(train, epoch, validation).Epochs[^1];
        epochs.Add(summary);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"epoch {epoch,2}: train loss {summary.TrainLoss:F3}, held-out loss {summary.Validation!.Loss:F3}, " +
            $"held-out next-character accuracy {100 * summary.Validation.Metric:F1}%, {clock.Elapsed.TotalSeconds:F0} s"));
    }

    clock.Stop();
    var trained = new TranslationModel(model, english, chinese, options.Seed, HeldOutFraction);
    trained.Save(options.Checkpoint);
    Console.WriteLine($"trained in {clock.Elapsed.TotalSeconds:F0} s; saved {options.Checkpoint}");

    // Score what a user gets: the saved file loaded into a fresh inference-only model.
    var served = TranslationModel.Load(options.Checkpoint, maxBatch: TranslationOptions.MaxBeam);
    var (greedy, beam) = Report(served, split, options.Beam, clock.Elapsed);
    var settings = new Dictionary<string, string>
    {
        ["model"] = $"EnglishToChinese: Embed(128), 2 encoder and 2 decoder blocks (4 heads, feed-forward 256), {EnglishToChinese.ParameterCount:N0} parameters",
        ["data"] = $"Tatoeba English-Chinese, {train.Count:N0} training pairs; {split.HeldOut.Count:N0} distinct English sentences held out ({100 * HeldOutFraction:F0}%, seed {options.Seed})",
        ["vocabularies"] = $"{english.Count:N0} English words, {chinese.Count:N0} Chinese characters (training tokens seen at least twice)",
        ["training"] = string.Create(CultureInfo.InvariantCulture, $"{options.Epochs} epochs of {BatchSize}, AdamW (peak lr {PeakLearningRate}, β2 0.98), warm-up + cosine, label smoothing 0.1, clip 1.0"),
        ["decoding"] = $"greedy and beam {options.Beam} (score ÷ length), at most {TranslationModel.MaxOutput} characters",
    };
    WriteReport(options.Report, settings, epochs, greedy, beam, clock.Elapsed, AttentionMap(options.Checkpoint, served));
    double greedyBleu = greedy.Bleu.Score;

    // An untrained model scores about 0; one epoch already gives more than this floor, so below it training failed.
    const double LearnedSomething = 0.05;
    if (greedyBleu < LearnedSomething)
    {
        Console.Error.WriteLine($"error: greedy BLEU {100 * greedyBleu:F1} is below {100 * LearnedSomething:F0}: the model did not learn to translate; train longer (--epochs).");
        return 3;
    }

    return 0;
}

static int Evaluate(TranslationOptions options)
{
    var served = TranslationModel.Load(options.Checkpoint, maxBatch: TranslationOptions.MaxBeam);
    var split = ReadSplit(served.SplitSeed, served.HeldOutFraction);
    var (greedy, beam) = Report(served, split, options.Beam, trainingTime: null);
    WriteReport(options.Report, new Dictionary<string, string>
    {
        ["checkpoint"] = options.Checkpoint,
        ["held-out split"] = $"{split.HeldOut.Count:N0} distinct English sentences ({100 * served.HeldOutFraction:F0}%, seed {served.SplitSeed})",
        ["decoding"] = $"greedy and beam {options.Beam} (score ÷ length), at most {TranslationModel.MaxOutput} characters",
    }, [], greedy, beam, trainingTime: null, AttentionMap(options.Checkpoint, served));
    return 0;
}

static int Translate(TranslationOptions options)
{
    var served = TranslationModel.Load(options.Checkpoint, maxBatch: TranslationOptions.MaxBeam);
    int failures = 0;
    foreach (string sentence in options.Sentences)
    {
        try
        {
            var result = served.Translate(sentence, options.Beam);
            Console.WriteLine($"{sentence} → {result.Chinese}");
            if (result.UnknownWords.Count > 0)
            {
                Console.WriteLine($"  not in the training vocabulary, read as <unk>: {string.Join(", ", result.UnknownWords.Distinct().Select(w => $"'{w}'"))}");
            }
        }
        catch (ArgumentException e)
        {
            Console.Error.WriteLine($"error: '{sentence}': {e.Message.Split(" (Parameter")[0]}");
            failures++;
        }
    }

    return failures == 0 ? 0 : 1;
}

static void WriteReport(
    string directory, Dictionary<string, string> settings, IReadOnlyList<EpochSummary> epochs, HeldOutScore greedy, HeldOutScore beam,
    TimeSpan? trainingTime, Action<RunReport> attention)
{
    string page = TranslationReport.Write(directory, settings, epochs, greedy, beam, trainingTime, attention);
    Console.WriteLine($"\nreport: {page}");
}

/// <summary>The last decoder block's cross-attention while translating one fixed sentence, as a heat map per head.</summary>
static Action<RunReport> AttentionMap(string checkpoint, TranslationModel served) => report =>
{
    const string Sentence = "My father is a doctor.";
    var translation = served.Translate(Sentence, beam: 1);
    var (written, english, map) = CrossAttention.Of(checkpoint, served, Sentence, translation);
    report.AddAttentionMap(
        $"Cross-attention ({CrossAttention.Layer}): \"{Sentence}\" → {translation.Chinese} (rows: the character written; the chart font draws Chinese as U+ code points)",
        written, english, map.Weights, map.Heads);
    report.AddText("Cross-attention rows", string.Join("\n", written.Select((c, i) => $"row {i + 1}: {c}" + (c == "</s>" ? "" : $" (U+{char.ConvertToUtf32(c, 0):X4})"))));
};

static HeldOutSplit ReadSplit(ulong seed, double fraction)
{
    string path = Path.Combine(AppContext.BaseDirectory, "data", "tatoeba-cmn-eng", "cmn.txt");
    var pairs = TatoebaPairs.Read(path);
    var split = HeldOutSplit.Make(pairs, fraction, seed);
    Console.WriteLine($"Tatoeba English-Chinese: {pairs.Count:N0} pairs; held out {split.HeldOut.Count:N0} distinct English sentences " +
        $"({100 * fraction:F0}%, seed {seed}) with their {split.HeldOutPairs.Count():N0} translations; {split.Train.Count:N0} training pairs");
    return split;
}

/// <summary>Prints the held-out BLEU of greedy and beam decoding with examples, and returns both scores.</summary>
static (HeldOutScore Greedy, HeldOutScore Beam) Report(TranslationModel served, HeldOutSplit split, int beam, TimeSpan? trainingTime)
{
    var sentences = HeldOutEvaluation.Readable(split.HeldOut);
    Console.WriteLine($"\nScoring {sentences.Count:N0} held-out sentences ({split.HeldOut.Count - sentences.Count} longer than {EnglishToChinese.MaxSeq} tokens left out), " +
        "character BLEU-4 against all their translations:");
    var greedy = HeldOutEvaluation.Score(served, sentences, beam: 1);
    var beamed = HeldOutEvaluation.Score(served, sentences, beam);
    Console.WriteLine("| decoding | BLEU | 1-4-gram precisions | brevity penalty | time |");
    Console.WriteLine("| --- | ---: | --- | ---: | ---: |");
    foreach (var score in new[] { greedy, beamed })
    {
        string name = score.Beam == 1 ? "greedy" : $"beam {score.Beam}";
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {name} | {100 * score.Bleu.Score:F1} | {string.Join(" / ", score.Bleu.Precisions.Select(p => (100 * p).ToString("F1", CultureInfo.InvariantCulture)))} | " +
            $"{score.Bleu.BrevityPenalty:F3} | {score.Elapsed.TotalSeconds:F0} s |"));
    }

    if (trainingTime is { } time) Console.WriteLine($"| training time | {time.TotalSeconds:F0} s | | | |");
    Console.WriteLine($"| parameters | {EnglishToChinese.ParameterCount:N0} | | | |");

    Console.WriteLine($"\nHeld-out examples (greedy / beam {beam} / a reference):");
    for (int i = 0; i < sentences.Count; i += Math.Max(1, sentences.Count / 12))
    {
        Console.WriteLine($"  {greedy.Translations[i].English}\n    {greedy.Translations[i].Chinese} / {beamed.Translations[i].Chinese} / {greedy.Translations[i].References[0]}");
    }

    return (greedy, beamed);
}
