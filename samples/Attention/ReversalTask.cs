using System;

namespace AttentionSample;

/// <summary>
/// The toy task: a sequence of <see cref="Length"/> random digits in, the same digits in reverse order out. Training
/// examples are drawn fresh from a seeded generator; the held-out set comes from a different seed.
/// </summary>
public static class ReversalTask
{
    /// <summary>Digits per sequence: the models' MaxSeq.</summary>
    public const int Length = 8;

    /// <summary>Token ids are the digits 0 to 9: the models' Vocab.</summary>
    public const int Digits = 10;

    /// <summary>
    /// <paramref name="count"/> random sequences, (count, Length) row-major, and their targets: target[i] is input[Length − 1 − i].
    /// </summary>
    public static (int[] Inputs, int[] Targets) Sample(Random random, int count)
    {
        ArgumentNullException.ThrowIfNull(random);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        var inputs = new int[count * Length];
        for (int i = 0; i < inputs.Length; i++)
            inputs[i] = random.Next(Digits);
        var targets = new int[inputs.Length];
        for (int s = 0; s < count; s++)
            Reverse(inputs.AsSpan(s * Length, Length), targets.AsSpan(s * Length, Length));
        return (inputs, targets);
    }

    /// <summary>Writes <paramref name="sequence"/> back to front into <paramref name="reversed"/>.</summary>
    public static void Reverse(ReadOnlySpan<int> sequence, Span<int> reversed)
    {
        if (reversed.Length != sequence.Length)
            throw new ArgumentException($"reversed has {reversed.Length} slots for a sequence of {sequence.Length}.", nameof(reversed));
        for (int i = 0; i < sequence.Length; i++)
            reversed[i] = sequence[sequence.Length - 1 - i];
    }

    /// <summary>
    /// Scores predictions: <paramref name="logits"/> holds Digits scores per position, (count, Length, Digits); the
    /// predicted digit is the highest score. Digit accuracy counts positions, sequence accuracy whole sequences with
    /// every digit right.
    /// </summary>
    public static Accuracy Score(ReadOnlySpan<float> logits, ReadOnlySpan<int> targets, int count)
    {
        if (targets.Length != count * Length)
            throw new ArgumentException($"targets has {targets.Length} digits; {count} sequences of {Length} need {count * Length}.", nameof(targets));
        if (logits.Length != count * Length * Digits)
            throw new ArgumentException($"logits has {logits.Length} values; {count} sequences × {Length} positions × {Digits} digits need {count * Length * Digits}.", nameof(logits));
        int rightDigits = 0, rightSequences = 0;
        for (int s = 0; s < count; s++)
        {
            bool all = true;
            for (int i = 0; i < Length; i++)
            {
                int position = s * Length + i;
                bool right = ArgMax(logits.Slice(position * Digits, Digits)) == targets[position];
                rightDigits += right ? 1 : 0;
                all &= right;
            }
            rightSequences += all ? 1 : 0;
        }
        return new Accuracy((double)rightDigits / (count * Length), (double)rightSequences / count);
    }

    private static int ArgMax(ReadOnlySpan<float> scores)
    {
        int best = 0;
        for (int i = 1; i < scores.Length; i++)
        {
            if (scores[i] > scores[best])
                best = i;
        }
        return best;
    }
}

/// <summary>Fractions in [0, 1]: digits placed right, and sequences with every digit right.</summary>
public readonly record struct Accuracy(double Digits, double Sequences)
{
    public override string ToString() => $"{100 * Digits:F1}% of digits, {100 * Sequences:F1}% of sequences";
}
