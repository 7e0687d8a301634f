using System.Collections.Generic;
using System.Linq;
using AttentionGen.Models.Tests.Models;
using AttentionGen.Training;

namespace AttentionGen.Models.Tests.Training;

/// <summary>
/// Each objective trains its kind of model (the training loss of a small fixed set falls well below where it
/// started), and rejects examples that do not fit the model with the example's index, the value and the limit.
/// </summary>
public class ObjectiveTests
{
    [Fact]
    public void TokenClassificationWithCrossEntropyLearns()
    {
        var model = new TopicClassifier(seed: 1, maxBatch: 16);
        var data = TrainingData.Classification(48, TopicClassifier.Vocab, TopicClassifier.MaxSeq, classes: 5, seed: 1);
        AssertLearns(model.Trainer(new TokenClassification(), new AdamW(lr: 5e-3f), new TrainerOptions { BatchSize = 16 }), data, epochs: 12);
    }

    [Fact]
    public void TokenClassificationWithOneOutputUsesBinaryCrossEntropy()
    {
        var model = new BinaryTextClassifier(seed: 2, maxBatch: 16);
        var data = TrainingData.Classification(48, BinaryTextClassifier.Vocab, 16, classes: 2, seed: 2);
        var trainer = model.Trainer(new TokenClassification(), new AdamW(lr: 5e-3f), new TrainerOptions { BatchSize = 16 });
        AssertLearns(trainer, data, epochs: 12);
        Assert.Equal("accuracy", trainer.Evaluate(data).MetricName);

        var bad = new List<(int[] Tokens, int Label)> { ([1, 2], 0), ([3], 2) };
        var e = Assert.Throws<ArgumentException>(() => trainer.Evaluate(bad));
        Assert.Contains("data[1]: label 2 is not 0 or 1", e.Message);
    }

    [Fact]
    public void NextTokenPredictionLearnsToCount()
    {
        var model = new TinyGpt(seed: 3, maxBatch: 8);
        var data = TrainingData.Counting(24, TinyGpt.Vocab, 12, seed: 3);
        var trainer = model.Trainer(new NextTokenPrediction(), new AdamW(lr: 1e-2f), new TrainerOptions { BatchSize = 8 });
        AssertLearns(trainer, data, epochs: 15);
        Assert.True(trainer.Evaluate(data).Metric > 0.5, "token accuracy on counting sequences");
    }

    [Fact]
    public void NextTokenPredictionLossIsTheMeanOverRealTokensWhateverTheBatching()
    {
        // Sequences of different lengths: padded targets are ignored and batch losses are weighted by real tokens,
        // so the loss over the set does not depend on how it is cut into batches.
        var data = TrainingData.Counting(10, TinyGpt.Vocab, 30, seed: 4);
        var model = new TinyGpt(seed: 4, maxBatch: 10);
        var wholeSet = model.Trainer(new NextTokenPrediction(), new Sgd(lr: 0), new TrainerOptions { BatchSize = 10 }).Evaluate(data);
        var pairs = model.Trainer(new NextTokenPrediction(), new Sgd(lr: 0), new TrainerOptions { BatchSize = 3 }).Evaluate(data);
        Assert.Equal(wholeSet.Loss, pairs.Loss, 5);
        Assert.Equal(wholeSet.Metric, pairs.Metric, 12);
    }

    [Fact]
    public void SequenceToSequenceLearnsToCopyWithLabelSmoothing()
    {
        var model = new Translator(seed: 5, maxBatch: 8);
        var rng = new System.Random(5);
        var data = Enumerable.Range(0, 16).Select(_ =>
        {
            var source = Enumerable.Range(0, rng.Next(1, 8)).Select(_ => rng.Next(3, 100)).ToArray();
            int[] target = [1, .. source, 2]; // start, the source's tokens, end
            return (source, target);
        }).ToList();
        AssertLearns(model.Trainer(new SequenceToSequence(labelSmoothing: 0.1f), new AdamW(lr: 5e-3f), new TrainerOptions { BatchSize = 8 }), data, epochs: 10);
    }

    [Fact]
    public void SequenceRegressionLearnsAPooledTarget()
    {
        var model = new Forecaster(seed: 6, maxBatch: 16);
        var rng = new System.Random(6);
        var data = Enumerable.Range(0, 32).Select(_ =>
        {
            int steps = rng.Next(2, 12);
            var values = Enumerable.Range(0, steps * Forecaster.Features).Select(_ => (float)rng.NextDouble()).ToArray();
            return (values, new[] { values[^Forecaster.Features] * 2 - 1 }); // the last step's first feature, rescaled
        }).ToList();
        var trainer = model.Trainer(new SequenceRegression(), new AdamW(lr: 1e-2f), new TrainerOptions { BatchSize = 16 });
        AssertLearns(trainer, data, epochs: 20);
        Assert.Equal("mean absolute error", trainer.Evaluate(data).MetricName);
    }

    [Fact]
    public void SequenceRegressionLearnsAPerStepTargetAndIgnoresPadding()
    {
        var model = new SingleHeadAttention(seed: 7, maxBatch: 8);
        var rng = new System.Random(7);
        var data = Enumerable.Range(0, 16).Select(_ =>
        {
            int steps = rng.Next(1, SingleHeadAttention.MaxSeq + 1);
            var values = Enumerable.Range(0, steps * SingleHeadAttention.Features).Select(_ => (float)rng.NextDouble() - 0.5f).ToArray();
            return (values, values.Select(v => v * 0.5f).ToArray()); // per step: half the input
        }).ToList();
        var trainer = model.Trainer(new SequenceRegression(), new AdamW(lr: 1e-2f), new TrainerOptions { BatchSize = 8 });
        AssertLearns(trainer, data, epochs: 20);

        // Padding is left out of the loss: the loss of the set does not depend on the batching.
        var single = model.Trainer(new SequenceRegression(), new Sgd(lr: 0), new TrainerOptions { BatchSize = 1 }).Evaluate(data);
        var batched = model.Trainer(new SequenceRegression(), new Sgd(lr: 0), new TrainerOptions { BatchSize = 8 }).Evaluate(data);
        Assert.Equal(single.Loss, batched.Loss, 5);

        var e = Assert.Throws<ArgumentException>(() => trainer.Evaluate([(new float[2 * SingleHeadAttention.Features], new float[SingleHeadAttention.Features])]));
        Assert.Contains("data[0]: the target holds 16 values, but the model predicts 16 per step, 32 for these 2 steps.", e.Message);
    }

    [Fact]
    public void ExamplesThatDoNotFitTheModelAreRejectedWithIndexValueAndLimit()
    {
        var classifier = new TopicClassifier(seed: 1, maxBatch: 4).Trainer(new TokenClassification(), new AdamW());
        (int[] Tokens, int Label) good = ([1, 2, 3], 0);
        AssertRejected(classifier, [good, good, ([1, 400, 2], 0)], "train[2]: token 1 is 400, outside the vocabulary [0, 400).");
        AssertRejected(classifier, [good, ([1, -3], 0)], "train[1]: token 1 is -3, outside the vocabulary [0, 400).");
        AssertRejected(classifier, [(new int[21], 0)], "train[0]: 21 tokens, more than the model's MaxSeq of 20.");
        AssertRejected(classifier, [good, ([], 1)], "train[1]: the token array is empty; every example needs 1 to 20 tokens.");
        AssertRejected(classifier, [good, good, good, ([5], 5)], "train[3]: label 5 is outside the classes [0, 5).");
        var onValidation = Assert.Throws<ArgumentException>(() => (object) classifier.Fit([good], 1, validation: [([7], -1)]));
        Assert.Equal("validation", onValidation.ParamName);
        Assert.Contains("validation[0]: label -1 is outside the classes [0, 5).", onValidation.Message);

        var lm = new TinyGpt(seed: 1, maxBatch: 4).Trainer(new NextTokenPrediction(), new AdamW());
        AssertRejected(lm, [[1, 2], new int[34]], "train[1]: 34 tokens, more than MaxSeq + 1 = 33");
        AssertRejected(lm, [[1]], "train[0]: 1 token(s); next-token prediction needs 2 to MaxSeq + 1 = 33 tokens");
        AssertRejected(lm, [[1, 65]], "train[0]: token 1 is 65, outside the vocabulary [0, 65).");

        var translator = new Translator(seed: 1, maxBatch: 4).Trainer(new SequenceToSequence(), new AdamW());
        AssertRejected(translator, [([1], [1, 2]), ([1], [1])], "train[1]: the target has 1 token(s); it needs 2 to TargetMaxSeq + 1 = 15");
        AssertRejected(translator, [([1], [1, 180])], "train[0]: target token 1 is 180, outside the target vocabulary [0, 180).");
        AssertRejected(translator, [(new int[17], [1, 2])], "train[0]: the source has 17 tokens, more than the model's MaxSeq of 16.");
        AssertRejected(translator, [([200], [1, 2])], "train[0]: source token 0 is 200, outside the source vocabulary [0, 200).");

        var regression = new Forecaster(seed: 1, maxBatch: 4).Trainer(new SequenceRegression(), new AdamW());
        AssertRejected(regression, [(new float[4], new float[1])], "train[0]: the steps hold 4 values, not a whole number of steps of Features = 3.");
        AssertRejected(regression, [(new float[75], new float[1])], "train[0]: 25 steps, more than the model's MaxSeq of 24.");
        AssertRejected(regression, [(new float[3], new float[2])], "train[0]: the target holds 2 values, but the model predicts 1 per sequence.");
        AssertRejected(regression, [(new[] { 0f, float.NaN, 0f }, new float[1])], "train[0]: step value 1 is NaN; inputs must be finite.");
    }

    [Fact]
    public void AnObjectiveRefusesAModelOfTheWrongKind()
    {
        var e = Assert.Throws<ArgumentException>(() => new TinyGpt(maxBatch: 2).Trainer(new TokenClassification(), new AdamW()));
        Assert.Contains("TokenClassification needs a model whose output is (batch, classes), but TinyGpt returns (batch, seq, 65)", e.Message);
        Assert.Contains("use NextTokenPrediction", e.Message);

        e = Assert.Throws<ArgumentException>(() => new TopicClassifier(maxBatch: 2).Trainer(new NextTokenPrediction(), new AdamW()));
        Assert.Contains("NextTokenPrediction needs a model whose output is (batch, seq, Vocab) = (batch, seq, 400), but TopicClassifier returns (batch, 5)", e.Message);

        e = Assert.Throws<ArgumentException>(() => new Forecaster(maxBatch: 2).Trainer(new TokenClassification(), new AdamW()));
        Assert.Contains("TokenClassification needs a model that reads token ids (ITokenModel), but Forecaster is not one.", e.Message);

        e = Assert.Throws<ArgumentException>(() => new TinyGpt(maxBatch: 2).Trainer(new SequenceToSequence(), new AdamW()));
        Assert.Contains("SequenceToSequence needs an encoder-decoder (ISequenceToSequenceModel), but TinyGpt is not one.", e.Message);
    }

    private static void AssertRejected<T>(Trainer<T> trainer, List<T> train, string message)
    {
        var before = TrainingData.Snapshot(trainer.Model);
        var e = Assert.Throws<ArgumentException>(() => trainer.Fit(train, epochs: 1));
        Assert.Contains(message, e.Message);
        Assert.Equal("train", e.ParamName);
        Assert.Equal(0, trainer.Step);
        TrainingData.AssertBitwiseEqual(before, trainer.Model.Parameters, "parameters");
    }

    private static void AssertLearns<T>(Trainer<T> trainer, List<T> data, int epochs)
    {
        double before = trainer.Evaluate(data).Loss;
        var history = trainer.Fit(data, epochs);
        double after = trainer.Evaluate(data).Loss;
        Assert.Equal(epochs, history.Epochs.Count);
        Assert.True(after < 0.6 * before, $"loss {before:F4} → {after:F4}");
        Assert.True(history.Epochs[^1].TrainLoss < history.Epochs[0].TrainLoss);
    }
}
