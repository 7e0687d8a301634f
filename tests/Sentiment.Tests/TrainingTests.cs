using System.Collections.Generic;
using System.Linq;
using AttentionGen.Runtime;
using Sentiment;

namespace Sentiment.Tests;

public class TrainingTests
{
    // A toy task the classifier learns in a few epochs: word 2 means positive, word 3 negative, among filler words.
    private static List<(int[] Tokens, int Label)> Toy(int count, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, count).Select(i =>
        {
            int label = i % 2;
            var tokens = Enumerable.Range(0, 6).Select(_ => random.Next(4, 40)).ToArray();
            tokens[random.Next(tokens.Length)] = label == 1 ? 2 : 3;
            return (tokens, label);
        }).ToList();
    }

    [Fact]
    public void The_kept_weights_are_those_of_the_best_validation_epoch()
    {
        var validation = Toy(64, seed: 2);
        var (model, epochs, best) = NativeTraining.Train(Toy(512, seed: 1), validation, new TrainingRecipe(Epochs: 4, LearningRate: 5e-3f), seed: 42);
        Assert.Equal(4, epochs.Count);
        Assert.Equal(epochs.Max(e => e.ValidationAccuracy), epochs[best - 1].ValidationAccuracy);
        Assert.Equal(epochs[best - 1].ValidationAccuracy, Scoring.Accuracy(Scoring.PositiveProbabilities(model, validation), validation), 6);
        Assert.True(epochs[best - 1].ValidationAccuracy > 0.75, $"validation accuracy {epochs[best - 1].ValidationAccuracy}");
    }

    [Fact]
    public void The_embedding_table_starts_scaled_and_nothing_else_changes()
    {
        var plain = new SentimentClassifier(seed: 7, maxBatch: 1);
        var scaled = new SentimentClassifier(seed: 7, maxBatch: 1);
        NativeTraining.ScaleEmbedding(scaled, 0.1f);
        var embedding = scaled.ParameterInfos.Single(p => p.Name == "embed.weight");
        for (int i = 0; i < plain.Parameters.Length; i++)
        {
            bool inTable = i >= embedding.Offset && i < embedding.Offset + embedding.Length;
            Assert.Equal(inTable ? plain.Parameters[i] * 0.1f : plain.Parameters[i], scaled.Parameters[i]);
        }
    }

    [Fact]
    public void Scoring_gives_the_served_models_probabilities_and_averages_an_ensemble()
    {
        var model = new SentimentClassifier(seed: 3, maxBatch: 32);
        var examples = Toy(40, seed: 3);
        var batched = Scoring.PositiveProbabilities(model, examples);
        for (int i = 0; i < examples.Count; i += 7)
        {
            var tokens = examples[i].Tokens;
            Assert.Equal(model.Predict(tokens, 1, tokens.Length)[1], batched[i], 5);
        }
        Assert.Equal([0.5f, 0.25f], Scoring.Average([[1f, 0f], [0f, 0.5f]]));
        Assert.Equal(0.5, Scoring.Accuracy([0.9f, 0.9f], [([2], 1), ([3], 0)]));
    }

    [Fact]
    public void A_review_longer_than_the_model_is_cut_and_an_empty_one_is_one_padding_id()
    {
        var vocabulary = ReviewVocabulary.Build(["good"], 1, 10);
        Assert.Equal([WordVocabulary.Padding], Protocol.Encode(vocabulary, ""));
        var long_ = string.Join(' ', Enumerable.Repeat("good", SentimentClassifier.MaxSeq + 5));
        Assert.Equal(SentimentClassifier.MaxSeq, Protocol.Encode(vocabulary, long_).Length);
    }
}
