using System.IO;
using System.Linq;
using AttentionGen.Checkpoints;
using AttentionGen.Training;
using TorchSharp;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace AttentionGen.Torch.Tests;

/// <summary>
/// The generated TorchSharp module against the native model it comes from, with the same weights and batch:
/// parameter names and shapes, logits (1e-5 of the largest logit), every gradient (1e-4 of the gradient tensor's
/// largest element), three AdamW steps (1e-4, relative to the parameter tensor's largest element when above 1), and
/// checkpoints in both directions. Each test writes its worst error as a fraction of the tolerance.
/// </summary>
public sealed class ParityTests(ITestOutputHelper output)
{
    private const double LogitTolerance = 1e-5;
    private const double GradientTolerance = 1e-4;
    private const double StepTolerance = 1e-4;
    private const float LearningRate = 1e-2f;

    public static TheoryData<string> Models => Cases.Names();

    [Theory]
    [MemberData(nameof(Models))]
    public void StateDictHasTheNativeNamesShapesAndOrder(string name)
    {
        var c = Cases.Get(name);
        var native = c.CreateNative();
        using var module = c.ToTorch(native);
        var stateDict = module.state_dict().Select(p => (p.Key, string.Join(",", p.Value.shape))).ToArray();
        var table = native.ParameterInfos.Select(i => (i.Name, string.Join(",", i.Shape))).ToArray();
        Assert.Equal(table, stateDict);
        Assert.Equal(table.Select(t => t.Name), module.named_parameters().Select(p => p.name));
    }

    [Theory]
    [MemberData(nameof(Models))]
    public void LogitsMatchTheNativeModel(string name)
    {
        var c = Cases.Get(name);
        var native = c.CreateNative();
        using var module = c.ToTorch(native);
        float[] expected = c.Batch.RunNative(native).ToArray();
        using var logits = c.Batch.RunTorch(module);
        double fraction = Compare.Fraction(expected, Compare.Values(logits), LogitTolerance, Compare.MaxAbs(expected));
        output.WriteLine($"{name}: logits {string.Join("×", logits.shape)}, worst error {fraction:F3} of 1e-5 × max |logit|");
        Assert.True(fraction <= 1, $"{name}: logits differ by {fraction:F2} × the tolerance");
    }

    [Theory]
    [MemberData(nameof(Models))]
    public void EveryGradientMatchesTheNativeModel(string name)
    {
        var c = Cases.Get(name);
        var native = c.CreateNative();
        using var module = c.ToTorch(native);
        float[] upstream = Upstream(c.Batch.RunNative(native).Length);
        native.ZeroGradients();
        native.Backward(upstream);

        using var logits = c.Batch.RunTorch(module);
        using var loss = (logits * tensor(upstream, logits.shape)).sum();
        loss.backward();

        var parameters = Compare.Parameters(module);
        var gradients = native.Gradients;
        double worst = 0;
        string worstName = "";
        foreach (var info in native.ParameterInfos)
        {
            var expected = gradients.Slice(info.Offset, info.Length);
            var grad = parameters[info.Name].grad;
            Assert.True(grad is not null, $"{name}: {info.Name} got no gradient");
            double fraction = Compare.Fraction(expected, Compare.Values(grad!), GradientTolerance, Math.Max(Compare.MaxAbs(expected), 1e-12));
            if (fraction > worst) (worst, worstName) = (fraction, info.Name);
        }
        output.WriteLine($"{name}: {native.ParameterInfos.Count} gradients, worst error {worst:F3} of 1e-4 × the tensor's max |gradient| ({worstName})");
        Assert.True(worst <= 1, $"{name}: gradient of {worstName} differs by {worst:F2} × the tolerance");
    }

    [Theory]
    [MemberData(nameof(Models))]
    public void ThreeAdamWStepsMatchTheNativeTrainer(string name)
    {
        var c = Cases.Get(name);
        var native = c.CreateNative();
        using var module = c.ToTorch(native);
        float[] upstream = Upstream(c.Batch.RunNative(native).Length);

        var nativeOptimizer = new AdamW(lr: LearningRate, weightDecay: 0.01f);
        // TorchSharp's AdamW defaults weight_decay to 0; PyTorch's (and the native trainer's) is 0.01: pass it.
        using var torchOptimizer = optim.AdamW(module.parameters(), lr: LearningRate, beta1: 0.9, beta2: 0.999, eps: 1e-8, weight_decay: 0.01);
        for (int step = 0; step < 3; step++)
        {
            c.Batch.RunNative(native, training: true);
            native.ZeroGradients();
            native.Backward(upstream);
            nativeOptimizer.Step(native.Parameters, native.Gradients);

            torchOptimizer.zero_grad();
            using var logits = c.Batch.RunTorch(module);
            using var loss = (logits * tensor(upstream, logits.shape)).sum();
            loss.backward();
            torchOptimizer.step();
        }

        var parameters = Compare.Parameters(module);
        double worst = 0, keyBound = 3 * LearningRate * 1.01;
        string worstName = "";
        foreach (var info in native.ParameterInfos)
        {
            var expected = native.Parameters.Slice(info.Offset, info.Length);
            float[] actual = Compare.Values(parameters[info.Name]);
            var keys = Compare.KeyBiasRows(info);
            // Adam divides the key-bias rows' noise gradient by its own root mean square: there both sides move by up
            // to lr per step in either direction, changing no output. Those rows are only bounded.
            if (keys is not null)
                foreach (int i in keys) Assert.True(Math.Abs(actual[i]) <= keyBound, $"{info.Name}[{i}] = {actual[i]} moved more than 3 steps of lr");
            double fraction = Compare.Fraction(expected, actual, StepTolerance, Math.Max(1, Compare.MaxAbs(expected)), keys is null ? null : i => !keys.Contains(i));
            if (fraction > worst) (worst, worstName) = (fraction, info.Name);
        }
        output.WriteLine($"{name}: after 3 AdamW steps, worst parameter error {worst:F3} of 1e-4 ({worstName})");
        Assert.True(worst <= 1, $"{name}: after three steps {worstName} differs by {worst:F2} × the tolerance");
    }

    [Theory]
    [MemberData(nameof(Models))]
    public void ACheckpointGoesNativeToTorchToNativeBitForBit(string name)
    {
        var c = Cases.Get(name);
        string directory = Path.Combine(Path.GetTempPath(), "attentiongen-torch-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        try
        {
            var native = c.CreateNative();
            string first = Path.Combine(directory, "native.safetensors"), second = Path.Combine(directory, "torch.safetensors");
            Checkpoint.SaveWeights(native, first);

            // A module with other weights loads the file, then saves it again.
            manual_seed(99);
            using var module = c.ToTorch(c.CreateNative());
            foreach (var parameter in module.parameters())
                using (no_grad()) parameter.add_(1f);
            c.Load(module, first);
            c.Save(module, second);
            Assert.Equal(File.ReadAllBytes(first), File.ReadAllBytes(second));

            var back = c.CreateNative();
            back.Parameters.Fill(float.NaN);
            Checkpoint.LoadWeights(back, second);
            Assert.True(native.Parameters.SequenceEqual(back.Parameters), "the weights changed on the way");
            float[] expected = c.Batch.RunNative(native).ToArray();
            Assert.Equal(expected, c.Batch.RunNative(back).ToArray());
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Theory]
    [MemberData(nameof(Models))]
    public void WeightsMoveBothWaysInMemory(string name)
    {
        var c = Cases.Get(name);
        var native = c.CreateNative();
        using var module = c.ToTorch(native);
        // Train the module a step, copy it back, and the native model computes what the module computes.
        using (var optimizer = optim.AdamW(module.parameters(), lr: LearningRate, weight_decay: 0.01))
        {
            using var logits = c.Batch.RunTorch(module);
            using var loss = logits.square().mean();
            loss.backward();
            optimizer.step();
        }
        var before = native.Parameters.ToArray();
        c.CopyBack(module, native);
        Assert.False(before.AsSpan().SequenceEqual(native.Parameters), "the step changed nothing");
        using var trained = c.Batch.RunTorch(module);
        float[] expected = Compare.Values(trained);
        double fraction = Compare.Fraction(expected, c.Batch.RunNative(native), LogitTolerance, Compare.MaxAbs(expected));
        Assert.True(fraction <= 1, $"{name}: after copying back, outputs differ by {fraction:F2} × the tolerance");
    }

    /// <summary>A fixed upstream gradient: the loss is sum(output × upstream).</summary>
    private static float[] Upstream(int length)
    {
        var random = new Random(42);
        return Enumerable.Range(0, length).Select(_ => Batch.Normal(random)).ToArray();
    }
}
