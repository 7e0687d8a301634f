using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using AttentionGen.Runtime;
using Sentiment;

// Loads the shipped movie reviews, builds a vocabulary, and runs the generated classifier over the
// held-out reviews in batches: the forward pass a trained model serves with.
var dataFolder = args.Length > 0 ? args[0] : Path.Combine(AppContext.BaseDirectory, "data", "rt-polarity");
var reviews = MovieReviews.Load(dataFolder);
var (train, dev) = MovieReviews.Split(reviews, devFraction: 0.1, seed: 1);
var vocabulary = WordVocabulary.Build(train.Select(r => r.Text), SentimentClassifier.Vocab);
Console.WriteLine($"Movie reviews: {reviews.Count:N0} ({train.Count:N0} train, {dev.Count:N0} held out); vocabulary {vocabulary.Count:N0} words");

const int BatchSize = 32;
var model = new SentimentClassifier(seed: 42, maxBatch: BatchSize);
Console.WriteLine($"SentimentClassifier: {SentimentClassifier.ParameterCount:N0} parameters");
foreach (var parameter in model.ParameterInfos) Console.WriteLine($"  {parameter}");

var tokens = new int[BatchSize * SentimentClassifier.MaxSeq];
var packed = new int[BatchSize * SentimentClassifier.MaxSeq];
var lengths = new int[BatchSize];
int correct = 0, positive = 0;
var clock = Stopwatch.StartNew();
for (int start = 0; start < dev.Count; start += BatchSize)
{
    int batch = Math.Min(BatchSize, dev.Count - start);
    int seqLen = 1;
    for (int i = 0; i < batch; i++)
    {
        lengths[i] = Math.Max(1, vocabulary.Encode(dev[start + i].Text, tokens.AsSpan(i * SentimentClassifier.MaxSeq, SentimentClassifier.MaxSeq)));
        seqLen = Math.Max(seqLen, lengths[i]);
    }
    // Pack the batch to its longest review so attention runs over seqLen positions, not MaxSeq.
    for (int i = 0; i < batch; i++) tokens.AsSpan(i * SentimentClassifier.MaxSeq, seqLen).CopyTo(packed.AsSpan(i * seqLen));

    var probabilities = model.Predict(packed.AsSpan(0, batch * seqLen), batch, seqLen, lengths.AsSpan(0, batch));
    for (int i = 0; i < batch; i++)
    {
        int predicted = probabilities[i * 2 + 1] > probabilities[i * 2] ? 1 : 0;
        positive += predicted;
        if (predicted == dev[start + i].Label) correct++;
    }
}
clock.Stop();

Console.WriteLine($"Forward pass over {dev.Count:N0} held-out reviews: {dev.Count / clock.Elapsed.TotalSeconds:N0} reviews/s");
Console.WriteLine($"Untrained accuracy {100.0 * correct / dev.Count:F1}% (chance is 50%; {positive} predicted positive)");

var example = dev[0];
var exampleTokens = new int[SentimentClassifier.MaxSeq];
int exampleLength = Math.Max(1, vocabulary.Encode(example.Text, exampleTokens));
var p = model.Predict(exampleTokens.AsSpan(0, exampleLength), 1, exampleLength);
Console.WriteLine($"\"{example.Text}\"");
Console.WriteLine($"  label {(example.Label == 1 ? "positive" : "negative")}, P(positive) = {p[1]:F3}");
