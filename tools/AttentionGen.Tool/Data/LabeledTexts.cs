using System;
using System.Collections.Generic;

namespace AttentionGen.Tool.Data;

/// <summary>One line of a classification file.</summary>
internal sealed record LabeledText(int Line, string Label, string Text);

/// <summary>
/// Classification data: one example per line, <c>label&lt;TAB&gt;text</c> (the label is everything before the first
/// tab). Blank lines are skipped; any other line without a tab, with an empty label or without a word is an error
/// naming the file and line.
/// </summary>
internal static class LabeledTexts
{
    public static List<LabeledText> Read(string path)
    {
        var lines = InputFile.ReadLines(path, "data file");
        var examples = new List<LabeledText>();
        for (int i = 0; i < lines.Count; i++)
        {
            string line = lines[i];
            if (line.Trim().Length == 0) continue;
            int tab = line.IndexOf('\t');
            if (tab < 0)
            {
                throw new UserError($"{path}:{i + 1}: expected label<TAB>text, found no tab in {InputFile.Excerpt(line)}");
            }

            string label = line[..tab].Trim();
            string text = line[(tab + 1)..];
            if (label.Length == 0) throw new UserError($"{path}:{i + 1}: the label before the tab is empty");
            if (HashedWords.Words(text).Count == 0) throw new UserError($"{path}:{i + 1}: the text after the tab has no words: {InputFile.Excerpt(line)}");
            examples.Add(new LabeledText(i + 1, label, text));
        }

        if (examples.Count == 0) throw new UserError($"{path} has no label<TAB>text lines");
        return examples;
    }

    /// <summary>The labels in order of first appearance, at most <paramref name="capacity"/> of them.</summary>
    public static List<string> Labels(string path, IReadOnlyList<LabeledText> examples, int capacity)
    {
        var labels = new List<string>();
        foreach (var example in examples)
        {
            if (labels.Contains(example.Label)) continue;
            if (labels.Count == capacity)
            {
                throw new UserError($"{path}:{example.Line}: label '{example.Label}' is the {capacity + 1}th distinct label; the classifier has {capacity} outputs");
            }

            labels.Add(example.Label);
        }

        return labels;
    }

    /// <summary>The examples as (token ids, label index); a label the model was not trained on names its line.</summary>
    public static List<(int[] Tokens, int Label)> Encode(string path, IReadOnlyList<LabeledText> examples, IReadOnlyList<string> labels, int vocab, int maxSeq)
    {
        var encoded = new List<(int[] Tokens, int Label)>(examples.Count);
        foreach (var example in examples)
        {
            int label = IndexOf(labels, example.Label);
            if (label < 0)
            {
                throw new UserError($"{path}:{example.Line}: label '{example.Label}' is not one the model knows ({string.Join(", ", labels)})");
            }

            encoded.Add((HashedWords.Encode(example.Text, vocab, maxSeq), label));
        }

        return encoded;
    }

    private static int IndexOf(IReadOnlyList<string> labels, string label)
    {
        for (int i = 0; i < labels.Count; i++)
        {
            if (string.Equals(labels[i], label, StringComparison.Ordinal)) return i;
        }

        return -1;
    }
}
