using System;
using System.Reflection;
using AttentionGen.Runtime;

namespace AttentionGen.Training;

/// <summary>
/// What an objective needs to know about a model beyond <see cref="IModel"/>: the shape constants a generated class
/// declares (<c>Vocab</c>, <c>MaxSeq</c>, <c>Features</c>, <c>TargetVocab</c>, <c>TargetMaxSeq</c>), its dropout
/// generator, and the layout of its output, which a forward pass on a one- and a two-position input reveals.
/// </summary>
internal static class ModelFacts
{
    /// <summary>A public <c>const int</c> of the model's class.</summary>
    public static int Constant(IModel model, string name, string objective)
    {
        FieldInfo? field = model.GetType().GetField(name, BindingFlags.Public | BindingFlags.Static | BindingFlags.FlattenHierarchy);
        if (field is { IsLiteral: true } && field.GetRawConstantValue() is int value && value > 0)
        {
            return value;
        }

        throw new ArgumentException(
            $"{objective} needs the model's {name}, but {model.GetType().Name} declares no positive public const int {name}; " +
            "AttentionGen generates it on every [Model] class.",
            nameof(model));
    }

    /// <summary>The generated <c>DropoutRng</c> property, or null for a model without one.</summary>
    public static Rng? DropoutRng(IModel model) =>
        model.GetType().GetProperty("DropoutRng", BindingFlags.Public | BindingFlags.Instance)?.GetValue(model) as Rng;

    /// <summary>
    /// Output values per example for a one-position and a two-position input: equal for a pooled output
    /// (batch, outputs), doubled for a per-position output (batch, seq, outputs). The second is 0 when MaxSeq is 1.
    /// </summary>
    public static (int One, int Two) Probe(ITokenModel model, int maxSeq) =>
        (model.Forward(new int[1], 1, 1).Length, maxSeq >= 2 ? model.Forward(new int[2], 1, 2).Length : 0);

    /// <summary>As <see cref="Probe(ITokenModel, int)"/> for a float-sequence model.</summary>
    public static (int One, int Two) Probe(IFloatSequenceModel model, int maxSeq, int features) =>
        (model.Forward(new float[features], 1, 1).Length, maxSeq >= 2 ? model.Forward(new float[2 * features], 1, 2).Length : 0);

    /// <summary>The shape of a probed output in words, for messages.</summary>
    public static string Describe((int One, int Two) probe) =>
        probe.Two == 0 || probe.Two == probe.One ? $"(batch, {probe.One})" :
        probe.Two == 2 * probe.One ? $"(batch, seq, {probe.One})" :
        $"{probe.One} values for one position and {probe.Two} for two";

    /// <summary>The index of the largest of <paramref name="row"/> (the first on ties).</summary>
    public static int ArgMax(ReadOnlySpan<float> row)
    {
        int best = 0;
        float max = row[0];
        for (int i = 1; i < row.Length; i++)
        {
            if (row[i] > max)
            {
                max = row[i];
                best = i;
            }
        }

        return best;
    }

    /// <summary>Counts the rows whose target is not ignored and whose largest logit is the target.</summary>
    public static int CountCorrect(ReadOnlySpan<float> logits, ReadOnlySpan<int> targets, int classes, int ignoreIndex)
    {
        int correct = 0;
        for (int r = 0; r < targets.Length; r++)
        {
            int t = targets[r];
            if (t != ignoreIndex && ArgMax(logits.Slice(r * classes, classes)) == t)
            {
                correct++;
            }
        }

        return correct;
    }
}
