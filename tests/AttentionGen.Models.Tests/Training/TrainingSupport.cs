using System.Collections.Generic;
using System.Threading;
using AttentionGen.Runtime;
using AttentionGen.Training;

namespace AttentionGen.Models.Tests.Training;

/// <summary>Seeded data sets and progress recorders for the trainer tests.</summary>
internal static class TrainingData
{
    /// <summary>
    /// Sequences of 1 to maxSeq tokens in [1, vocab), labelled by which of the tokens 1..classes appears first
    /// (class 0 when none does): learnable, and order-dependent.
    /// </summary>
    public static List<(int[] Tokens, int Label)> Classification(int count, int vocab, int maxSeq, int classes, int seed)
    {
        var rng = new System.Random(seed);
        var data = new List<(int[] Tokens, int Label)>(count);
        for (int i = 0; i < count; i++)
        {
            var tokens = new int[rng.Next(1, maxSeq + 1)];
            int label = -1;
            for (int p = 0; p < tokens.Length; p++)
            {
                tokens[p] = rng.Next(1, vocab);
                if (label < 0 && tokens[p] <= classes)
                {
                    label = tokens[p] - 1;
                }
            }

            data.Add((tokens, label < 0 ? 0 : label));
        }

        return data;
    }

    /// <summary>Token sequences of 2 to maxLength tokens, each the previous one plus one (mod vocab): easy to predict.</summary>
    public static List<int[]> Counting(int count, int vocab, int maxLength, int seed)
    {
        var rng = new System.Random(seed);
        var data = new List<int[]>(count);
        for (int i = 0; i < count; i++)
        {
            var tokens = new int[rng.Next(2, maxLength + 1)];
            tokens[0] = rng.Next(vocab);
            for (int p = 1; p < tokens.Length; p++)
            {
                tokens[p] = (tokens[p - 1] + 1) % vocab;
            }

            data.Add(tokens);
        }

        return data;
    }

    public static float[] Snapshot(IModel model) => model.Parameters.ToArray();

    public static ulong[] RngState(Rng rng)
    {
        var state = new ulong[Rng.StateLength];
        rng.SaveState(state);
        return state;
    }

    /// <summary>The optimizer's state arrays, copied, by name.</summary>
    public static Dictionary<string, float[]> OptimizerState(Optimizer optimizer)
    {
        var copy = new Dictionary<string, float[]>();
        foreach (var state in optimizer.State)
        {
            copy[state.Name] = (float[])state.Values.Clone();
        }

        return copy;
    }

    /// <summary>Bitwise equality, with the first difference in the message.</summary>
    public static void AssertBitwiseEqual(float[] expected, System.ReadOnlySpan<float> actual, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            if (System.BitConverter.SingleToInt32Bits(expected[i]) != System.BitConverter.SingleToInt32Bits(actual[i]))
            {
                Assert.Fail($"{what}[{i}]: expected {expected[i]:R}, found {actual[i]:R}");
            }
        }
    }
}

/// <summary>Records every report synchronously (System.Progress posts them to the thread pool), and can cancel after a given step.</summary>
internal sealed class ProgressLog : IProgress<TrainingProgress>
{
    private readonly CancellationTokenSource? _cancel;
    private readonly long _cancelAfter;

    public ProgressLog(CancellationTokenSource? cancel = null, long cancelAfter = long.MaxValue)
    {
        _cancel = cancel;
        _cancelAfter = cancelAfter;
    }

    public List<TrainingProgress> Reports { get; } = new();

    public System.Action<TrainingProgress>? OnReport { get; init; }

    public void Report(TrainingProgress value)
    {
        Reports.Add(value);
        OnReport?.Invoke(value);
        if (value.Step >= _cancelAfter)
        {
            _cancel?.Cancel();
        }
    }
}
