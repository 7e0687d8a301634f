using System;
using System.Diagnostics;
using System.IO;
using AttentionGen.Checkpoints;
using AttentionGen.Runtime;
using AttentionGen.Samples;
using AttentionGen.Training;
using Shakespeare;

// Trains a character-level GPT on the shipped Tiny Shakespeare for a fixed number of steps, with the model's own
// Forward/Backward, AdamW and gradient clipping (--backend native) or with its generated TorchSharp module and
// TorchSharp's AdamW (--backend torch), reports held-out loss, saves a PyTorch-named checkpoint and samples.
BackendOptions options;
try
{
    options = BackendOptions.Parse(args, defaultCount: 1000);
}
catch (ArgumentException error)
{
    Console.Error.WriteLine(error.Message);
    return 2;
}
int steps = options.Count;
string text = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "data", "tinyshakespeare", "input.txt"));
var vocabulary = CharacterVocabulary.Build(text);
if (vocabulary.Count != ShakespeareGpt.Vocab) throw new InvalidDataException($"Tiny Shakespeare has {vocabulary.Count} characters; the model expects {ShakespeareGpt.Vocab}.");
int[] ids = vocabulary.Encode(text);
int split = ids.Length * 9 / 10; // the last tenth is held out, as nanoGPT does
Console.WriteLine($"Tiny Shakespeare: {ids.Length:N0} characters, {vocabulary.Count} distinct; {split:N0} for training");

const int Batch = 16, Context = ShakespeareGpt.MaxSeq;
var model = new ShakespeareGpt(seed: 1337, maxBatch: Batch);
var optimizer = new AdamW(lr: 3e-3f);
var schedule = LearningRateSchedule.WarmupCosine(peak: 3e-3f, warmupSteps: steps / 10, totalSteps: steps, minimum: 3e-4f);
var rng = new Rng(7);
var inputs = new int[Batch * Context];
var targets = new int[Batch * Context];
var dLogits = new float[Batch * Context * ShakespeareGpt.Vocab];
Console.WriteLine($"ShakespeareGpt: {ShakespeareGpt.ParameterCount:N0} parameters; {steps} steps of {Batch} × {Context} characters; {options.Describe()}");

void Sample(int from, int to)
{
    for (int b = 0; b < Batch; b++)
    {
        int start = from + (int)(rng.NextUInt64() % (ulong)(to - from - Context - 1));
        Array.Copy(ids, start, inputs, b * Context, Context);
        Array.Copy(ids, start + 1, targets, b * Context, Context);
    }
}

float HeldOutLoss()
{
    double total = 0;
    for (int i = 0; i < 8; i++)
    {
        Sample(split, ids.Length);
        var logits = model.Forward(inputs, Batch, Context);
        total += Losses.CrossEntropy(logits, targets, dLogits, Batch * Context, ShakespeareGpt.Vocab);
    }
    return (float)(total / 8);
}

Console.WriteLine($"held-out loss before training {HeldOutLoss():F3} (uniform guessing: {Math.Log(ShakespeareGpt.Vocab):F3})");
if (options.Torch)
{
    // The module starts from the native model's weights and hands the trained ones back: the held-out loss, the
    // checkpoint and the sampling below then run on the native model, whichever backend trained it.
    var device = options.TorchDevice();
    using var module = model.ToTorch(device);
    TorchTraining.Train(module, steps, schedule, () => { Sample(0, split); return (inputs, targets); }, Batch, device);
    module.CopyTo(model);
}
else
{
    var clock = Stopwatch.StartNew();
    for (int step = 0; step < steps; step++)
    {
        Sample(0, split);
        model.ZeroGradients();
        var logits = model.Forward(inputs, Batch, Context, training: true);
        float loss = Losses.CrossEntropy(logits, targets, dLogits, Batch * Context, ShakespeareGpt.Vocab);
        model.Backward(dLogits);
        GradientClipping.ClipGlobalNorm(model.Gradients, maxNorm: 1f);
        optimizer.LearningRate = schedule.At(step);
        optimizer.Step(model.Parameters, model.Gradients);
        if (step % 50 == 0 || step == steps - 1)
            Console.WriteLine($"step {step,4}: loss {loss:F3}, lr {optimizer.LearningRate:G3}, {(step + 1) * Batch * Context / clock.Elapsed.TotalSeconds:N0} characters/s");
    }
}
Console.WriteLine($"held-out loss after {steps} steps {HeldOutLoss():F3}");

string checkpoint = Path.Combine(Path.GetTempPath(), "shakespeare-gpt.safetensors");
Checkpoint.SaveWeights(model, checkpoint);
Console.WriteLine($"saved {checkpoint} (PyTorch state-dict names)");

// Generate: feed the last MaxSeq characters, sample the next from the last position's logits.
var generated = new System.Text.StringBuilder("ROMEO:\n");
var sampler = new Rng(42);
var window = new int[Context];
for (int i = 0; i < 300; i++)
{
    int[] context = vocabulary.Encode(generated.ToString());
    int length = Math.Min(context.Length, Context);
    Array.Copy(context, context.Length - length, window, 0, length);
    var logits = model.Forward(window.AsSpan(0, length), 1, length);
    int next = TokenSampler.Sample(logits.Slice((length - 1) * ShakespeareGpt.Vocab, ShakespeareGpt.Vocab), temperature: 0.8f, sampler);
    generated.Append(vocabulary.Decode(new[] { next }));
}
Console.WriteLine(generated);
return 0;
