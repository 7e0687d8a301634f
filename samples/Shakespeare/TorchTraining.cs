using System;
using System.Linq;
using AttentionGen.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Shakespeare;

/// <summary>
/// The same training loop on TorchSharp: the generated <see cref="ShakespeareGpt.Torch"/> module, TorchSharp's AdamW
/// with PyTorch's defaults passed explicitly (TorchSharp's own AdamW defaults weight_decay to 0), the same schedule
/// and clipping, on the chosen device.
/// </summary>
public static class TorchTraining
{
    /// <summary>
    /// Trains <paramref name="module"/> for up to <paramref name="steps"/> batches drawn by <paramref name="nextBatch"/>,
    /// calling <paramref name="afterStep"/> with each step's index, loss and learning rate; it returns true to stop.
    /// </summary>
    public static void Train(ShakespeareGpt.Torch module, int steps, LearningRateSchedule schedule, Func<(int[] Inputs, int[] Targets)> nextBatch, int batch, Device device,
        Func<int, float, double, bool> afterStep)
    {
        using var optimizer = optim.AdamW(module.parameters(), lr: schedule.At(0), beta1: 0.9, beta2: 0.999, eps: 1e-8, weight_decay: 0.01);
        module.train();
        for (int step = 0; step < steps; step++)
        {
            using var scope = NewDisposeScope(); // frees this step's tensors when it ends
            var (inputs, targets) = nextBatch();
            var x = tensor(inputs.Select(i => (long)i).ToArray(), new long[] { batch, ShakespeareGpt.MaxSeq }, device: device);
            var y = tensor(targets.Select(i => (long)i).ToArray(), new long[] { batch * ShakespeareGpt.MaxSeq }, device: device);
            optimizer.zero_grad();
            var loss = nn.functional.cross_entropy(module.Run(x).reshape(-1, ShakespeareGpt.Vocab), y);
            loss.backward();
            nn.utils.clip_grad_norm_(module.parameters(), max_norm: 1.0);
            double lr = schedule.At(step);
            foreach (var group in optimizer.ParamGroups) group.LearningRate = lr;
            optimizer.step();
            if (afterStep(step, loss.item<float>(), lr)) break;
        }
    }
}
