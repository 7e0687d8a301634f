using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Text;
using AttentionGen.Reports;
using AttentionGen.Runtime;
using AttentionGen.Training;
using AttentionSample;

// How attention works, read top to bottom.
//
// An attention layer lets every position of a sequence gather information from the other positions. For each
// position it computes three vectors from that position's input: a query ("what am I looking for?"), a key ("what do
// I offer?") and a value ("what do I pass on?"). Position i then scores every position j by the dot product of its
// query with j's key, divided by √d (d: features per head) so the scores do not grow with the width, turns the scores
// into weights with a softmax (all positive, summing to 1), and outputs the weighted sum of the values:
//
//     weights[i, j] = softmax_j( q_i · k_j / √d )        output_i = Σ_j weights[i, j] · v_j
//
// The weights are the part a person can read: row i says where position i looked. Multi-head attention runs several
// such layers side by side on slices of the features, each with its own weights, and concatenates their outputs.
//
// This program trains one single-head and one four-head model (Reversers.cs) to reverse eight digits, a task they can
// only solve by making output position i look at input position 7 − i, and shows their weights before and after.

if (args.Length > 1 || (args.Length == 1 && args[0].StartsWith('-')))
{
    Console.Error.WriteLine($"unexpected argument '{string.Join(' ', args)}'; usage: dotnet run --project samples/Attention -c Release [-- report-directory]");
    return 2;
}
string reportDirectory = args.Length == 1 ? args[0] : "attention-report";

const int Steps = 300, BatchSize = 64, EvaluateEvery = 25;
const float LearningRate = 3e-3f;
int[] example = { 3, 1, 4, 1, 5, 9, 2, 6 }; // the input whose attention we print and draw
var (heldOutInputs, heldOutTargets) = ReversalTask.Sample(new Random(2), 512); // never trained on (training draws from seed 1)
string[] exampleTokens = example.Select((digit, position) => $"{digit} [{position}]").ToArray();

var report = new RunReport("How attention works: learning to reverse eight digits");
report.AddSetting("task", $"reverse {ReversalTask.Length} random digits (0-9)");
report.AddSetting("training", $"{Steps} steps of {BatchSize} fresh random sequences, AdamW lr {LearningRate.ToString(CultureInfo.InvariantCulture)}");
report.AddSetting("held-out set", $"{heldOutTargets.Length / ReversalTask.Length} sequences from a different seed");
report.AddSetting("example input", string.Join(' ', example));
report.SetAxes("Training loss", "step", "cross-entropy (nats per digit)");
report.SetAxes("Held-out accuracy", "step", "digits placed right (fraction)");

var clock = Stopwatch.StartNew();
var single = new SingleHeadReverser(seed: 1, maxBatch: 512);
var multi = new MultiHeadReverser(seed: 1, maxBatch: 512);
Accuracy singleAfter = Lesson("single head", single, single.AttentionWeights, SingleHeadReverser.ParameterCount);
Accuracy multiAfter = Lesson("4 heads", multi, multi.AttentionWeights, MultiHeadReverser.ParameterCount);
double seconds = clock.Elapsed.TotalSeconds;
Console.WriteLine($"both models trained and evaluated in {seconds:F1} s");
report.AddResult("wall time (both models)", $"{seconds:F1} s");

string index = report.Write(reportDirectory);
Console.WriteLine($"report: {index}");
// A model that did not learn the task fails the run, so a broken change cannot pass the sample unnoticed.
return singleAfter.Digits >= 0.9 && multiAfter.Digits >= 0.9 ? 0 : 3;

// Trains one model, measuring held-out accuracy before and during training, and puts its attention on the example
// input into the console and the report, before and after.
Accuracy Lesson(string name, ITokenModel model, Func<int, int, AttentionMap> attentionWeights, int parameters)
{
    Console.WriteLine();
    Console.WriteLine($"── {name} ({parameters:N0} parameters) ──");
    Accuracy before = Evaluate(model);
    Console.WriteLine($"before training: {before}");
    ShowAttention(name + ", before training", model, attentionWeights);

    var optimizer = new AdamW(lr: LearningRate, weightDecay: 0f);
    var random = new Random(1);
    var logitGradient = new float[BatchSize * ReversalTask.Length * ReversalTask.Digits];
    report.AddPoint("Held-out accuracy", name, 0, before.Digits);
    for (int step = 1; step <= Steps; step++)
    {
        // One training step: run the batch forward, measure how wrong the digit scores are (cross-entropy against the
        // reversed sequence), send that error backward through every layer, and nudge each parameter against its gradient.
        var (inputs, targets) = ReversalTask.Sample(random, BatchSize);
        ReadOnlySpan<float> logits = model.Forward(inputs, BatchSize, ReversalTask.Length, training: true);
        float loss = Losses.CrossEntropy(logits, targets, logitGradient, rows: targets.Length, classes: ReversalTask.Digits);
        model.ZeroGradients();
        model.Backward(logitGradient);
        optimizer.Step(model.Parameters, model.Gradients);

        if (step == 1 || step % 5 == 0)
            report.AddPoint("Training loss", name, step, loss);
        if (step % EvaluateEvery == 0)
            report.AddPoint("Held-out accuracy", name, step, Evaluate(model).Digits);
    }

    Accuracy after = Evaluate(model);
    Console.WriteLine($"after {Steps} steps: {after}");
    report.AddResult($"{name}: held-out accuracy before", before.ToString());
    report.AddResult($"{name}: held-out accuracy after", after.ToString());
    ShowAttention(name + ", after training", model, attentionWeights);
    return after;
}

// Accuracy on the held-out sequences, in batches the model's buffers hold.
Accuracy Evaluate(ITokenModel model)
{
    int count = heldOutTargets.Length / ReversalTask.Length;
    float[] logits = model.Forward(heldOutInputs, count, ReversalTask.Length).ToArray();
    return ReversalTask.Score(logits, heldOutTargets, count);
}

// Runs the example through the model and prints every head's weights as a grid: row i is where output position i
// looked, column j is input position j. After training, the large numbers sit on the anti-diagonal.
void ShowAttention(string title, ITokenModel model, Func<int, int, AttentionMap> attentionWeights)
{
    ReadOnlySpan<float> logits = model.Forward(example, 1, ReversalTask.Length);
    var predicted = new int[ReversalTask.Length];
    for (int i = 0; i < predicted.Length; i++)
        predicted[i] = ArgMax(logits.Slice(i * ReversalTask.Digits, ReversalTask.Digits));
    AttentionMap map = attentionWeights(0, 0); // attention layer 0 of batch row 0: the example just run

    var grid = new StringBuilder();
    grid.AppendLine($"{title}: input {string.Join(' ', example)} → output {string.Join(' ', predicted)}");
    for (int head = 0; head < map.Heads; head++)
    {
        grid.AppendLine(map.Heads == 1 ? "weights (rows: output position, columns: input digit [position])" : $"head {head + 1}");
        grid.Append("        ");
        foreach (string token in exampleTokens)
            grid.Append(token.PadLeft(7));
        grid.AppendLine();
        for (int query = 0; query < map.Queries; query++)
        {
            grid.Append($"  out {query} ");
            foreach (float weight in map.Row(head, query))
                grid.Append(weight.ToString("F2", CultureInfo.InvariantCulture).PadLeft(7));
            grid.AppendLine();
        }
    }
    Console.Write(grid);
    report.AddText(title, grid.ToString());
    report.AddAttentionMap($"{title} (input {string.Join(' ', example)})", exampleTokens, exampleTokens, map.Weights, map.Heads);
}

static int ArgMax(ReadOnlySpan<float> scores)
{
    int best = 0;
    for (int i = 1; i < scores.Length; i++)
    {
        if (scores[i] > scores[best])
            best = i;
    }
    return best;
}
