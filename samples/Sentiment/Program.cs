using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using AttentionGen.Checkpoints;
using AttentionGen.Runtime;
using AttentionGen.Samples;
using AttentionGen.Training;
using Sentiment;

// Trains the declared classifier on the shipped movie reviews, on the native backend or on TorchSharp
// (--backend native|torch), reports held-out accuracy, saves the weights with PyTorch names, loads them into a fresh
// native model and classifies a few sentences with it: the same file serves both backends.
BackendOptions options;
try
{
    options = BackendOptions.Parse(args, defaultCount: 4);
}
catch (ArgumentException error)
{
    Console.Error.WriteLine(error.Message);
    return 2;
}
int epochs = options.Count;
var reviews = MovieReviews.Load(Path.Combine(AppContext.BaseDirectory, "data", "rt-polarity"));
var (train, dev) = MovieReviews.Split(reviews, devFraction: 0.1, seed: 1);
var vocabulary = WordVocabulary.Build(train.Select(r => r.Text), SentimentClassifier.Vocab);
Console.WriteLine($"Movie reviews: {reviews.Count:N0} ({train.Count:N0} train, {dev.Count:N0} held out); vocabulary {vocabulary.Count:N0} words");

(int[] Tokens, int Label) Example(Review review)
{
    var tokens = new int[SentimentClassifier.MaxSeq];
    int length = Math.Max(1, vocabulary.Encode(review.Text, tokens));
    return (tokens[..length], review.Label);
}
List<(int[] Tokens, int Label)> trainSet = train.Select(Example).ToList(), devSet = dev.Select(Example).ToList();

Console.WriteLine($"SentimentClassifier: {SentimentClassifier.ParameterCount:N0} parameters; {options.Describe()}");
string weights = Path.Combine(Path.GetTempPath(), "sentiment.safetensors");
var clock = Stopwatch.StartNew();
if (options.Torch)
{
    using var module = TorchTraining.Train(trainSet, devSet, epochs, options.TorchDevice());
    Console.WriteLine($"trained {epochs} epochs in {clock.Elapsed.TotalSeconds:F1} s ({epochs * trainSet.Count / clock.Elapsed.TotalSeconds:N0} reviews/s)");
    module.SaveWeights(weights);
}
else
{
    var model = new SentimentClassifier(seed: 42, maxBatch: 32);
    var trainer = model.Trainer(new TokenClassification(), new AdamW(lr: 1e-3f), new TrainerOptions { BatchSize = 32, MaxGradientNorm = 1f, ShuffleSeed = 7 });
    var history = trainer.Fit(trainSet, epochs, validation: devSet);
    foreach (var epoch in history.Epochs)
    {
        Console.WriteLine($"epoch {epoch.Epoch + 1}: train loss {epoch.TrainLoss:F3}, held-out loss {epoch.Validation!.Loss:F3}, "
            + $"held-out {epoch.Validation.MetricName} {100 * epoch.Validation.Metric:F1}%");
    }
    Console.WriteLine($"trained {history.Steps} steps in {clock.Elapsed.TotalSeconds:F1} s ({history.Steps * 32 / clock.Elapsed.TotalSeconds:N0} reviews/s)");
    Checkpoint.SaveWeights(model, weights);
}

var served = new SentimentClassifier(maxBatch: 1, inferenceOnly: true); // serving only: no gradient buffers
Checkpoint.LoadWeights(served, weights);
Console.WriteLine($"saved {weights} and loaded it into a fresh native model");

foreach (var text in new[] { "a gorgeous , witty and moving film", "a dull , lifeless mess that never finds its footing", dev[0].Text })
{
    var (tokens, _) = Example(new Review(text, 0));
    var probabilities = served.Predict(tokens, 1, tokens.Length);
    Console.WriteLine($"P(positive) = {probabilities[1]:F3}  \"{text}\"");
}
return 0;
