using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using AttentionGen.Runtime;
using AttentionGen.Tool.Data;
using AttentionGen.Tool.Models;
using AttentionGen.Tool.Output;
using AttentionGen.Tool.Runs;

namespace AttentionGen.Tool.Commands;

/// <summary>
/// <c>attentiongen generate model.safetensors --prompt "ROMEO:"</c>: continues the prompt byte by byte, each byte
/// sampled (temperature, top-k, top-p) from the model's prediction, one position at a time with a key/value cache.
/// </summary>
internal static class GenerateCommand
{
    public static int Run(ToolContext context, string checkpoint, string prompt, int length, float temperature, int topK, float topP, ulong seed)
    {
        var info = ToolCheckpoint.Read(checkpoint, out _);
        ToolCheckpoint.RequireTask(checkpoint, info, "generate", TaskKind.Text);
        var (model, _) = ToolCheckpoint.LoadForInference(checkpoint, maxBatch: 1);
        var clock = Stopwatch.StartNew();
        byte[] bytes = Generate((ITokenModel)model, info.Shape.MaxSeq, ByteText.Encode(prompt.Length == 0 ? "\n" : prompt), length, new SamplingOptions(temperature, topK, topP), seed);
        double seconds = clock.Elapsed.TotalSeconds;
        context.Out.WriteLine(Encoding.UTF8.GetString(bytes));
        context.WriteLine(string.Create(CultureInfo.InvariantCulture, $"({length} bytes in {seconds:F2} s, {length / Math.Max(seconds, 1e-9):N0} bytes/s with the key/value cache)"));
        return ExitCodes.Success;
    }

    /// <summary>
    /// The prompt and <paramref name="length"/> sampled bytes, through a generation session: the prompt runs once and
    /// each new byte costs one position against the key/value cache. When the cache is full the session restarts from
    /// the last half window, so every byte still sees at least half a context before it.
    /// </summary>
    public static byte[] Generate(ITokenModel model, int window, byte[] prompt, int length, SamplingOptions sampling, ulong seed)
    {
        var history = new List<int>(prompt.Length + length);
        foreach (byte b in prompt) history.Add(b);
        var rng = new Rng(seed);
        using var session = ((ICausalLanguageModel)model).CreateGenerationSession();
        var logits = session.Prefill(CollectionsMarshal.AsSpan(history)[Math.Max(0, history.Count - window)..]);
        for (int n = 0; n < length; n++)
        {
            int next = TokenSampler.Sample(logits, sampling, rng);
            history.Add(next);
            if (n == length - 1) break;
            if (session.Position == session.Capacity)
            {
                session.Reset();
                logits = session.Prefill(CollectionsMarshal.AsSpan(history)[^(window / 2)..]);
            }
            else
            {
                logits = session.Append(next);
            }
        }

        var bytes = new byte[history.Count];
        for (int i = 0; i < bytes.Length; i++) bytes[i] = (byte)history[i];
        return bytes;
    }
}
