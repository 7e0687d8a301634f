using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using AttentionGen.Runtime;
using AttentionGen.Tool.Data;
using AttentionGen.Tool.Models;
using AttentionGen.Tool.Output;
using AttentionGen.Tool.Runs;

namespace AttentionGen.Tool.Commands;

/// <summary>
/// <c>attentiongen generate model.safetensors --prompt "ROMEO:"</c>: continues the prompt byte by byte, each byte
/// sampled from the model's prediction over the last context window (temperature, optionally only among the top k).
/// </summary>
internal static class GenerateCommand
{
    public static int Run(ToolContext context, string checkpoint, string prompt, int length, float temperature, int topK, ulong seed)
    {
        var info = ToolCheckpoint.Read(checkpoint, out _);
        ToolCheckpoint.RequireTask(checkpoint, info, "generate", TaskKind.Text);
        var (model, _) = ToolCheckpoint.LoadForInference(checkpoint, maxBatch: 1);
        var clock = Stopwatch.StartNew();
        byte[] bytes = Generate((ITokenModel)model, info.Shape.MaxSeq, info.Shape.Vocab, ByteText.Encode(prompt.Length == 0 ? "\n" : prompt), length, temperature, topK, seed);
        double seconds = clock.Elapsed.TotalSeconds;
        context.Out.WriteLine(Encoding.UTF8.GetString(bytes));
        context.WriteLine(string.Create(CultureInfo.InvariantCulture, $"({length} bytes in {seconds:F2} s, {length / Math.Max(seconds, 1e-9):N0} bytes/s)"));
        return ExitCodes.Success;
    }

    /// <summary>The prompt and <paramref name="length"/> sampled bytes, each predicted from the last context window.</summary>
    public static byte[] Generate(ITokenModel model, int window, int vocab, byte[] prompt, int length, float temperature, int topK, ulong seed)
    {
        var bytes = new List<byte>(prompt);
        var rng = new Rng(seed);
        var input = new int[window];
        var candidates = new float[vocab];
        var candidateIds = new int[vocab];
        for (int n = 0; n < length; n++)
        {
            int count = Math.Min(bytes.Count, window);
            for (int i = 0; i < count; i++) input[i] = bytes[bytes.Count - count + i];
            var logits = model.Forward(input.AsSpan(0, count), 1, count).Slice((count - 1) * vocab, vocab);
            int k = TopK(logits, topK, candidates, candidateIds);
            bytes.Add((byte)candidateIds[TokenSampler.Sample(candidates.AsSpan(0, k), temperature, rng)]);
        }

        return bytes.ToArray();
    }

    /// <summary>The k largest logits and their ids (all of them when k is 0 or the vocabulary is smaller).</summary>
    private static int TopK(ReadOnlySpan<float> logits, int k, float[] values, int[] ids)
    {
        for (int i = 0; i < logits.Length; i++)
        {
            values[i] = logits[i];
            ids[i] = i;
        }

        if (k <= 0 || k >= logits.Length) return logits.Length;
        Array.Sort(values, ids, 0, logits.Length, Comparer<float>.Create((a, b) => b.CompareTo(a)));
        return k;
    }
}
