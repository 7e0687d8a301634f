using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using AttentionGen.Checkpoints;
using Sentiment;

// Trains the declared classifier on the shipped movie reviews, on the native backend or on TorchSharp
// (--backend native|torch), and reports its accuracy on test reviews it never saw, under the protocol Protocol.cs
// describes: by default one fixed seeded split; with --folds 10, 10-fold cross-validation as Kim (2014).
// On the fixed split it then saves the weights with PyTorch names, loads them into a fresh inference-only native
// model and classifies a few sentences with it: the same file serves both backends.
SentimentOptions options;
try
{
    options = SentimentOptions.Parse(args);
}
catch (ArgumentException error)
{
    Console.Error.WriteLine(error.Message);
    return 2;
}
var recipe = new TrainingRecipe(Epochs: options.Backend.Count);
var reviews = MovieReviews.Load(Path.Combine(AppContext.BaseDirectory, "data", "rt-polarity"));
Console.WriteLine($"Movie reviews: {reviews.Count:N0} ({reviews.Count(r => r.Label == 1):N0} positive, {reviews.Count(r => r.Label == 0):N0} negative)");
Console.WriteLine($"SentimentClassifier: {SentimentClassifier.ParameterCount:N0} parameters; {recipe.Epochs} epochs, "
    + $"{(options.Seeds == 1 ? "one seed" : $"an ensemble of {options.Seeds} seeds")}; {options.Backend.Describe()}");
var clock = Stopwatch.StartNew();
string reportFolder = Path.Combine(Path.GetTempPath(), "sentiment-report");

if (options.Folds > 0)
{
    var accuracies = new List<double>();
    var cvReport = SentimentReport.Create(options, recipe, $"{options.Folds}-fold cross-validation, shuffle seed {Protocol.TestSeed}; in each fold a tenth of the other reviews (seed {Protocol.ValidationSeed}) picks the epoch");
    cvReport.SetAxes("Test accuracy per fold", "fold", "test accuracy (%)");
    for (int fold = 0; fold < options.Folds; fold++)
    {
        var (rest, test) = MovieReviews.Fold(reviews, options.Folds, fold, Protocol.TestSeed);
        var round = Protocol.TrainAndTest(rest, test, recipe, options.Seeds, options.Backend, log: null);
        accuracies.Add(round.TestAccuracy);
        cvReport.AddPoint("Test accuracy per fold", "test", fold + 1, 100 * round.TestAccuracy);
        foreach (var module in round.TorchModules) module.Dispose();
        Console.WriteLine($"fold {fold + 1,2}/{options.Folds}: test accuracy {100 * round.TestAccuracy:F1}% on {round.TestCount:N0} reviews "
            + $"(kept epoch {string.Join(", ", round.BestEpochs)}), {clock.Elapsed.TotalMinutes:F1} min so far");
    }
    double mean = accuracies.Average();
    double spread = Math.Sqrt(accuracies.Sum(a => (a - mean) * (a - mean)) / (accuracies.Count - 1));
    Console.WriteLine($"{options.Folds}-fold cross-validation (shuffle seed {Protocol.TestSeed}): mean test accuracy {100 * mean:F1}%, "
        + $"standard deviation {100 * spread:F1} points, folds from {100 * accuracies.Min():F1}% to {100 * accuracies.Max():F1}%, in {clock.Elapsed.TotalMinutes:F1} min");
    cvReport.AddResult("mean test accuracy", $"{100 * mean:F1}%");
    cvReport.AddResult("standard deviation over the folds", $"{100 * spread:F1} points");
    cvReport.AddResult("per fold", string.Join(", ", accuracies.Select(a => $"{100 * a:F1}%")));
    cvReport.AddResult("wall time", $"{clock.Elapsed.TotalMinutes:F1} min");
    Console.WriteLine($"report: {cvReport.Write(reportFolder)}");
    return 0;
}

var (kept, heldOut) = MovieReviews.Split(reviews, Protocol.TestFraction, Protocol.TestSeed);
var result = Protocol.TrainAndTest(kept, heldOut, recipe, options.Seeds, options.Backend, Console.Out);
Console.WriteLine($"test accuracy: {100 * result.TestAccuracy:F1}% on {result.TestCount:N0} held-out reviews (fixed split, seed {Protocol.TestSeed}), "
    + $"trained in {clock.Elapsed.TotalSeconds:F0} s");

double trainingSeconds = clock.Elapsed.TotalSeconds;

// Save each model with PyTorch names (the TorchSharp module writes the same format), then serve from the files.
var served = new List<SentimentClassifier>();
var savedFiles = new List<string>();
for (int index = 0; index < result.Models.Count; index++)
{
    string weights = Path.Combine(Path.GetTempPath(), result.Models.Count == 1 ? "sentiment.safetensors" : $"sentiment-{Protocol.ModelSeed(index)}.safetensors");
    if (options.Backend.Torch) result.TorchModules[index].SaveWeights(weights);
    else Checkpoint.SaveWeights(result.Models[index], weights);
    var model = new SentimentClassifier(maxBatch: 1, inferenceOnly: true); // serving only: no gradient buffers
    Checkpoint.LoadWeights(model, weights);
    served.Add(model);
    savedFiles.Add(weights);
    Console.WriteLine($"saved {weights} and loaded it into a fresh native model");
}

foreach (var text in new[] { "a gorgeous , witty and moving film", "a dull , lifeless mess that never finds its footing", heldOut[0].Text })
{
    var tokens = Protocol.Encode(result.Vocabulary, text);
    double positive = served.Average(model => model.Predict(tokens, 1, tokens.Length)[1]);
    Console.WriteLine($"P(positive) = {positive:F3}  \"{text}\"");
}

var report = SentimentReport.Create(options, recipe, $"fixed split: test = a tenth of the reviews (shuffle seed {Protocol.TestSeed}), validation = a tenth of the rest (seed {Protocol.ValidationSeed}) picks the epoch");
report.AddResult("test accuracy", $"{100 * result.TestAccuracy:F1}% on {result.TestCount:N0} held-out reviews");
report.AddResult("reviews", $"{result.TrainCount:N0} train, {result.ValidationCount:N0} validation, {result.TestCount:N0} test");
report.AddResult("kept epoch", string.Join(", ", result.BestEpochs));
report.AddResult("training time", $"{trainingSeconds:F0} s");
SentimentReport.AddEpochs(report, result.Histories);
// AttentionWeights reads the queries and keys a trainable instance keeps; the first saved model, loaded into one.
var inspected = new SentimentClassifier(maxBatch: 1);
Checkpoint.LoadWeights(inspected, savedFiles[0]);
var example = heldOut.Select(review => review.Text).FirstOrDefault(text => text.Split(' ').Length is >= 8 and <= 16) ?? heldOut[0].Text;
SentimentReport.AddAttention(report, inspected, result.Vocabulary, example);
Console.WriteLine($"report: {report.Write(reportFolder)}");
return 0;
