using System.IO;
using System.Linq;
using AttentionGen.Models.Tests.Models;
using AttentionGen.Models.Tests.Reference;
using AttentionGen.Checkpoints;
using AttentionGen.Runtime;
using AttentionGen.Training;

namespace AttentionGen.Models.Tests.Serving;

/// <summary>
/// A model created with <c>inferenceOnly: true</c>: the same weights and outputs as a trainable one, none of the
/// gradient memory, and a clear refusal of everything that trains.
/// </summary>
public class InferenceOnlyTests
{
    [Theory]
    [MemberData(nameof(ServingCase.Names), MemberType = typeof(ServingCase))]
    public void An_inference_only_model_gives_the_trainable_models_outputs(string name)
    {
        var serving = ServingCase.Named(name);
        var trainable = serving.Create(seed: 21, maxBatch: 4);
        var inference = serving.Create(seed: 21, maxBatch: 4, inferenceOnly: true);
        Assert.False(trainable.IsInferenceOnly);
        Assert.True(inference.IsInferenceOnly);
        Assert.Equal(trainable.Parameters.ToArray(), inference.Parameters.ToArray());

        var rng = new Random(21);
        for (int i = 0; i < 6; i++)
        {
            var request = serving.Draw(rng, maxBatch: 4);
            Bits.AssertIdentical(ServingCase.Run(trainable, request).ToArray(), ServingCase.Run(inference, request), $"{name}, request {i} ({request})");
        }
    }

    [Theory]
    [MemberData(nameof(ServingCase.Names), MemberType = typeof(ServingCase))]
    public void An_inference_only_model_refuses_training_naming_why(string name)
    {
        var serving = ServingCase.Named(name);
        var model = serving.Create(seed: 22, maxBatch: 2, inferenceOnly: true);
        var request = serving.Draw(new Random(22), maxBatch: 2);

        AssertRefused(() => _ = model.Gradients.Length, name, "Gradients");
        AssertRefused(model.ZeroGradients, name, "ZeroGradients");
        ServingCase.Run(model, request);
        int outputLength = ServingCase.Run(model, request).Length;
        AssertRefused(() => model.Backward(new float[outputLength]), name, "Backward");
        AssertRefused(() => TrainingForward(model, request), name, "Forward(training: true)");
    }

    [Fact]
    public void The_trainer_refuses_an_inference_only_model_naming_why()
    {
        var model = new TinyGpt(seed: 23, maxBatch: 2, inferenceOnly: true);
        var e = Assert.Throws<ArgumentException>(() => model.Trainer(new NextTokenPrediction(), new Sgd(lr: 0.1f)));
        Assert.Equal("model", e.ParamName);
        Assert.Contains("TinyGpt was created for inference (inferenceOnly: true)", e.Message);
    }

    [Theory]
    [InlineData(nameof(TinyGpt))]
    [InlineData(nameof(Translator))]
    [InlineData(nameof(EncoderClassifier))]
    [InlineData(nameof(Forecaster))]
    public void An_inference_only_model_allocates_no_gradients_nor_activation_gradients(string name)
    {
        const int MaxBatch = 16;
        var serving = ServingCase.Named(name);
        // Warm up: JIT and the static position tables are allocated once per type, not per instance.
        serving.Create(seed: 1, maxBatch: 1);
        serving.Create(seed: 1, maxBatch: 1, inferenceOnly: true);

        var model = serving.Create(seed: 1, maxBatch: MaxBatch);
        long trainable = Allocated(() => serving.Create(seed: 1, maxBatch: MaxBatch));
        long inference = Allocated(() => serving.Create(seed: 1, maxBatch: MaxBatch, inferenceOnly: true));
        // A session holds exactly one activation arena: the measure of one arena.
        long session = Allocated(() => ServingCase.CreateSession(model, MaxBatch));
        long parameters = 4L * model.Parameters.Length;

        // Inference-only: the parameters, one arena, and nothing that grows with the model beyond that.
        Assert.InRange(inference, parameters + session, parameters + session + 4096);
        // Trainable: also a gradient per parameter and a gradient per activation, the arena over again. The session's
        // bytes are the arena plus the session and workspace objects themselves (under 1 KB).
        long arena = session - 1024;
        Assert.True(trainable - inference >= parameters + arena,
            $"{name}: a trainable instance allocates {trainable:N0} bytes, an inference-only one {inference:N0}; "
            + $"the difference should hold the gradients ({parameters:N0}) and an activation-gradient arena (about {arena:N0}).");
        Assert.True(inference < 0.6 * trainable, $"{name}: inference-only {inference:N0} bytes against {trainable:N0} trainable.");
    }

    [Fact]
    public void Checkpoints_load_into_an_inference_only_model()
    {
        var trained = new Translator(seed: 24, maxBatch: 2);
        string path = Path.Combine(Path.GetTempPath(), "attentiongen-serving-" + Guid.NewGuid().ToString("N") + ".safetensors");
        try
        {
            Checkpoint.SaveWeights(trained, path);
            var served = new Translator(seed: 99, maxBatch: 2, inferenceOnly: true);
            Checkpoint.LoadWeights(served, path);
            Assert.Equal(trained.Parameters.ToArray(), served.Parameters.ToArray());
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static void AssertRefused(Action action, string model, string member)
    {
        var e = Assert.Throws<InvalidOperationException>(action);
        Assert.Contains($"{model}.{member}", e.Message);
        Assert.Contains("created for inference (inferenceOnly: true)", e.Message);
    }

    private static void TrainingForward(IModel model, ServingRequest r)
    {
        switch (model)
        {
            case ITokenModel m: m.Forward(r.Tokens, r.Batch, r.SeqLen, r.Lengths, training: true); break;
            case IFloatSequenceModel m: m.Forward(r.Inputs, r.Batch, r.SeqLen, r.Lengths, training: true); break;
            case ISequenceToSequenceModel m: m.Forward(r.Tokens, r.Target, r.Batch, r.SeqLen, r.TargetLen, r.Lengths, r.TargetLengths, training: true); break;
        }
    }

    /// <summary>
    /// Bytes this thread allocates while <paramref name="create"/> runs, the least of three runs: what a construction
    /// allocates it allocates every time, while a rare one-off count (see AllocationTests) only ever adds.
    /// </summary>
    private static long Allocated(Func<object> create)
    {
        long least = long.MaxValue;
        for (int attempt = 0; attempt < 3; attempt++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            var created = create();
            least = Math.Min(least, GC.GetAllocatedBytesForCurrentThread() - before);
            GC.KeepAlive(created);
        }

        return least;
    }
}
