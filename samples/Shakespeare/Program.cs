using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Text;
using AttentionGen.Checkpoints;
using AttentionGen.Reports;
using AttentionGen.Runtime;
using AttentionGen.Training;
using Shakespeare;

// Trains a character-level GPT on the shipped Tiny Shakespeare until its held-out loss reaches the target (1.60 nats
// per character by default) or the steps run out, with the model's own Forward/Backward, AdamW and gradient clipping
// (--backend native) or with its generated TorchSharp module (--backend torch); saves a PyTorch-named checkpoint; then
// writes text with a generation session, whose key/value cache makes each new character cost one position.
ShakespeareOptions options;
try
{
    options = ShakespeareOptions.Parse(args);
}
catch (ArgumentException error)
{
    Console.Error.WriteLine(error.Message);
    return 2;
}

string text = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "data", "tinyshakespeare", "input.txt"));
var vocabulary = CharacterVocabulary.Build(text);
if (vocabulary.Count != ShakespeareGpt.Vocab) throw new InvalidDataException($"Tiny Shakespeare has {vocabulary.Count} characters; the model expects {ShakespeareGpt.Vocab}.");
int[] ids = vocabulary.Encode(text);
int[] prompt;
try
{
    prompt = vocabulary.Encode(options.Prompt);
}
catch (ArgumentException error)
{
    Console.Error.WriteLine($"--prompt: {error.Message.Split(" (Parameter")[0]}");
    return 2;
}
int split = ids.Length * 9 / 10; // the last tenth is held out, as nanoGPT does
Console.WriteLine($"Tiny Shakespeare: {ids.Length:N0} characters, {vocabulary.Count} distinct; {split:N0} for training, {ids.Length - split:N0} held out");

const int Batch = 16, Context = ShakespeareGpt.MaxSeq, EvaluateEvery = 250;
var model = new ShakespeareGpt(seed: 1337, maxBatch: Batch);
// GPT-2's initialization of the embeddings, N(0, 0.02²), instead of nn.Embedding's N(0, 1): with the head tied to the
// token embedding, N(0, 1) rows of width 192 give logits of standard deviation √192 ≈ 14 and a first loss near 130.
var initRng = new Rng(1338);
foreach (var parameter in model.ParameterInfos)
{
    if (parameter.Name is not ("embed.weight" or "pos_embed.weight")) continue;
    var values = model.Parameters.Slice(parameter.Offset, parameter.Length);
    for (int i = 0; i < values.Length; i++) values[i] = 0.02f * initRng.NextNormal();
}
var inputs = new int[Batch * Context];
var targets = new int[Batch * Context];
var dLogits = new float[Batch * Context * ShakespeareGpt.Vocab];
var rng = new Rng(7);

void Sample(int from, int to)
{
    for (int b = 0; b < Batch; b++)
    {
        int start = from + (int)(rng.NextUInt64() % (ulong)(to - from - Context - 1));
        Array.Copy(ids, start, inputs, b * Context, Context);
        Array.Copy(ids, start + 1, targets, b * Context, Context);
    }
}

// The held-out loss is the mean over the same 64 batches of 16 windows (131,072 predicted characters), drawn once from
// the last tenth with their own seed, so figures at different steps compare like with like.
const int HeldOutBatches = 64;
var heldOutStarts = new int[HeldOutBatches * Batch];
var heldOutRng = new Rng(2024);
for (int i = 0; i < heldOutStarts.Length; i++) heldOutStarts[i] = split + (int)(heldOutRng.NextUInt64() % (ulong)(ids.Length - split - Context - 1));
float HeldOutLoss()
{
    double total = 0;
    for (int i = 0; i < HeldOutBatches; i++)
    {
        for (int b = 0; b < Batch; b++)
        {
            int start = heldOutStarts[i * Batch + b];
            Array.Copy(ids, start, inputs, b * Context, Context);
            Array.Copy(ids, start + 1, targets, b * Context, Context);
        }
        var logits = model.Forward(inputs, Batch, Context);
        total += Losses.CrossEntropy(logits, targets, dLogits, Batch * Context, ShakespeareGpt.Vocab);
    }
    return (float)(total / HeldOutBatches);
}

Console.WriteLine($"ShakespeareGpt: {ShakespeareGpt.ParameterCount:N0} parameters, 4 blocks of width 192, context {Context}; {options.Backend.Describe()}");
string checkpoint = Path.Combine(Path.GetTempPath(), "shakespeare-gpt.safetensors");
var report = new RunReport("Tiny Shakespeare: a character GPT");
report.AddSetting("model", $"ShakespeareGpt: {ShakespeareGpt.ParameterCount:N0} parameters, 4 pre-norm causal blocks of width 192, 6 heads, context {Context}");
report.AddSetting("data", $"Tiny Shakespeare, {split:N0} characters for training, the last {ids.Length - split:N0} held out");
report.AddSetting("sampling", $"{options.Sampling}, seed {options.Seed}, prompt {options.Prompt.Replace("\n", "\\n")}");
float heldOut;
if (options.Load is { } load)
{
    try
    {
        Checkpoint.LoadWeights(model, load);
    }
    catch (Exception error) when (error is IOException or InvalidDataException or UnauthorizedAccessException or ArgumentException)
    {
        Console.Error.WriteLine($"--load {load}: {error.Message}");
        return 1;
    }
    heldOut = HeldOutLoss();
    Console.WriteLine($"loaded {load}: held-out loss {heldOut:F3} nats per character");
    report.AddSetting("weights", load);
}
else
{
    Console.WriteLine($"training up to {options.Steps:N0} steps of {Batch} × {Context} characters, until the held-out loss is at most {options.Target:F2} (checked every {EvaluateEvery} steps)");
    float initial = HeldOutLoss();
    Console.WriteLine($"held-out loss before training {initial:F3} (uniform guessing: {Math.Log(ShakespeareGpt.Vocab):F3})");
    var schedule = LearningRateSchedule.WarmupCosine(peak: 2e-3f, warmupSteps: Math.Min(100, options.Steps / 10), totalSteps: options.Steps, minimum: 1e-4f);
    report.AddSetting("training", $"up to {options.Steps:N0} steps of {Batch} × {Context} characters until the held-out loss is at most {options.Target:F2}; AdamW, peak 2e-3, cosine to 1e-4, clipping at 1; {options.Backend.Describe()}");
    report.SetAxes("Loss", "step", "cross-entropy (nats per character)");
    report.AddPoint("Loss", "held-out (64 batches)", 0, initial);
    var clock = Stopwatch.StartNew();
    heldOut = float.NaN;
    int stepsRun = options.Steps;
    // Called after every step with its index and training loss; returns true to stop (target reached).
    bool AfterStep(int step, float loss, double lr)
    {
        if (step % 50 == 0)
            report.AddPoint("Loss", "train (one batch)", step, loss);
        if (step % 50 == 0)
            Console.WriteLine($"step {step,5}: loss {loss:F3}, lr {lr:G3}, {(step + 1) * Batch * Context / clock.Elapsed.TotalSeconds:N0} characters/s, {clock.Elapsed.TotalMinutes:F1} min");
        bool last = step == options.Steps - 1;
        if ((step + 1) % EvaluateEvery != 0 && !last) return false;
        heldOut = HeldOutLoss();
        report.AddPoint("Loss", "held-out (64 batches)", step + 1, heldOut);
        Console.WriteLine($"step {step + 1,5}: held-out loss {heldOut:F3}, {clock.Elapsed.TotalMinutes:F1} min");
        if (heldOut > options.Target) return false;
        stepsRun = step + 1;
        return true;
    }

    if (options.Backend.Torch)
    {
        // The module starts from the native model's weights and hands them back before each evaluation: the held-out
        // loss, the checkpoint and the sampling run on the native model, whichever backend trained it.
        var device = options.Backend.TorchDevice();
        using var module = model.ToTorch(device);
        TorchTraining.Train(module, options.Steps, schedule, () => { Sample(0, split); return (inputs, targets); }, Batch, device,
            (step, loss, lr) => { if ((step + 1) % EvaluateEvery == 0 || step == options.Steps - 1) module.CopyTo(model); return AfterStep(step, loss, lr); });
        module.CopyTo(model);
    }
    else
    {
        var optimizer = new AdamW(lr: 2e-3f);
        for (int step = 0; step < options.Steps; step++)
        {
            Sample(0, split);
            model.ZeroGradients();
            var logits = model.Forward(inputs, Batch, Context, training: true);
            float loss = Losses.CrossEntropy(logits, targets, dLogits, Batch * Context, ShakespeareGpt.Vocab);
            model.Backward(dLogits);
            GradientClipping.ClipGlobalNorm(model.Gradients, maxNorm: 1f);
            optimizer.LearningRate = schedule.At(step);
            optimizer.Step(model.Parameters, model.Gradients);
            if (AfterStep(step, loss, optimizer.LearningRate)) break;
        }
    }
    clock.Stop();
    Console.WriteLine();
    Console.WriteLine($"trained {stepsRun:N0} steps ({(long)stepsRun * Batch * Context:N0} characters) in {clock.Elapsed.TotalMinutes:F1} min: held-out loss {heldOut:F3} nats per character, {ShakespeareGpt.ParameterCount:N0} parameters"
        + (heldOut <= options.Target ? $", target {options.Target:F2} reached" : $", target {options.Target:F2} not reached"));
    report.AddResult("steps", $"{stepsRun:N0}");
    report.AddResult("training time", $"{clock.Elapsed.TotalMinutes:F1} min");
    Checkpoint.SaveWeights(model, checkpoint);
    Console.WriteLine($"saved {checkpoint} (PyTorch state-dict names; --load it to sample again without training)");
}

// Generate with a session: the prompt once, then one position per character. When the cache is full, the session
// restarts from the last half context of text, so every character still sees at least 64 characters before it.
Console.WriteLine();
Console.WriteLine($"sampling {options.Length} characters ({options.Sampling}, seed {options.Seed}):");
var history = new List<int>(prompt);
var sampler = new Rng(options.Seed);
var output = new StringBuilder(options.Prompt);
using (var session = model.CreateGenerationSession())
{
    var generateClock = Stopwatch.StartNew();
    var logits = session.Prefill(prompt.AsSpan(Math.Max(0, prompt.Length - Context)));
    for (int i = 0; i < options.Length; i++)
    {
        int next = TokenSampler.Sample(logits, options.Sampling, sampler);
        history.Add(next);
        output.Append(vocabulary.Decode(new[] { next }));
        if (i == options.Length - 1) break;
        if (session.Position == session.Capacity)
        {
            session.Reset();
            logits = session.Prefill(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(history)[^(Context / 2)..]);
        }
        else
        {
            logits = session.Append(next);
        }
    }
    generateClock.Stop();
    Console.WriteLine(output);
    Console.WriteLine();
    Console.WriteLine($"with the key/value cache: {options.Length / generateClock.Elapsed.TotalSeconds:N0} characters/s");
    report.AddResult("generation with the key/value cache", $"{options.Length / generateClock.Elapsed.TotalSeconds:N0} characters/s");
    report.AddText("Generated text", output.ToString());
}

// The same number of characters the way a model without a cache generates: the whole window (up to 128 characters)
// through Forward for every new character. Greedy, since only the time matters here.
var window = new List<int>(prompt);
int uncachedCount = Math.Min(options.Length, 200);
var uncachedClock = Stopwatch.StartNew();
for (int i = 0; i < uncachedCount; i++)
{
    int length = Math.Min(window.Count, Context);
    var all = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(window);
    var logits = model.Forward(all[^length..], 1, length);
    window.Add(TokenSampler.Sample(logits.Slice((length - 1) * ShakespeareGpt.Vocab, ShakespeareGpt.Vocab), SamplingOptions.Greedy, sampler));
}
uncachedClock.Stop();
Console.WriteLine($"without it (re-running the window per character): {uncachedCount / uncachedClock.Elapsed.TotalSeconds:N0} characters/s");
report.AddResult("generation re-running the window", $"{uncachedCount / uncachedClock.Elapsed.TotalSeconds:N0} characters/s");
report.AddResult("parameters", $"{ShakespeareGpt.ParameterCount:N0}");
report.AddResult("held-out loss", $"{heldOut:F3} nats per character");
Console.WriteLine($"report: {report.Write(options.Report)}");
return heldOut <= options.Target || options.Load is not null ? 0 : 3;
