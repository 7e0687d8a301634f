using System;
using System.Collections.Generic;
using System.Globalization;
using AttentionGen.Runtime;
using AttentionGen.Samples;

namespace Shakespeare;

/// <summary>
/// The sample's command line: how long to train, when to stop, how to sample, plus the backend options every sample
/// shares (<see cref="BackendOptions"/>).
/// </summary>
public sealed record ShakespeareOptions(
    int Steps, float Target, string? Load, SamplingOptions Sampling, int Length, string Prompt, ulong Seed, string Report, BackendOptions Backend)
{
    public const int DefaultSteps = 6000;
    public const float DefaultTarget = 1.60f;

    public const string Usage = "[--steps N] [--target LOSS] [--load CHECKPOINT] [--temperature T] [--top-k K] [--top-p P] [--length N] [--prompt TEXT] [--seed N] [--report DIR] [--backend native|torch] [--device cpu|cuda[:n]]";

    /// <summary>Parses <paramref name="args"/>; a mistake throws <see cref="ArgumentException"/> with a one-line message.</summary>
    public static ShakespeareOptions Parse(string[] args)
    {
        int steps = DefaultSteps, length = 500, topK = 0;
        float target = DefaultTarget, temperature = 0.8f, topP = 0.95f;
        string? load = null;
        string report = System.IO.Path.Combine("artifacts", "shakespeare", "report");
        string prompt = "ROMEO:\n";
        ulong seed = 42;
        var backendArgs = new List<string>();
        for (int i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--steps": steps = Int(args, ref i, minimum: 1); break;
                case "--target": target = Float(args, ref i); break;
                case "--load": load = Value(args, ref i); break;
                case "--temperature": temperature = Float(args, ref i); break;
                case "--top-k": topK = Int(args, ref i, minimum: 0); break;
                case "--top-p": topP = Float(args, ref i); break;
                case "--length": length = Int(args, ref i, minimum: 1); break;
                case "--prompt": prompt = Value(args, ref i); break;
                case "--seed": seed = (ulong)Int(args, ref i, minimum: 0); break;
                case "--report": report = Value(args, ref i); break;
                case "--backend":
                case "--device":
                    backendArgs.Add(args[i]);
                    backendArgs.Add(Value(args, ref i));
                    break;
                default:
                    throw new ArgumentException($"\"{args[i]}\" is not an option. Usage: {Usage}");
            }
        }
        if (target < 0 || float.IsNaN(target)) throw new ArgumentException($"--target is {target}; give a held-out loss in nats per character, or 0 to train all the steps.");
        if (prompt.Length == 0) throw new ArgumentException("--prompt is empty; give at least one character.");
        SamplingOptions sampling;
        try
        {
            sampling = new SamplingOptions(temperature, topK, topP);
        }
        catch (ArgumentOutOfRangeException error)
        {
            // The message names the constructor's parameter; the user typed the flag.
            string flag = error.ParamName switch { "topK" => "--top-k", "topP" => "--top-p", _ => "--temperature" };
            throw new ArgumentException(error.Message.Split(" (Parameter")[0].Replace(error.ParamName + " is", flag + " is"));
        }
        var backend = BackendOptions.Parse(backendArgs.ToArray(), defaultCount: 1);
        return new ShakespeareOptions(steps, target, load, sampling, length, prompt, seed, report, backend);
    }

    private static string Value(string[] args, ref int i)
    {
        if (i + 1 >= args.Length) throw new ArgumentException($"{args[i]} needs a value. Usage: {Usage}");
        return args[++i];
    }

    private static int Int(string[] args, ref int i, int minimum)
    {
        string name = args[i], text = Value(args, ref i);
        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int value) || value < minimum)
            throw new ArgumentException($"{name} is \"{text}\"; it must be a whole number, {minimum} or more.");
        return value;
    }

    private static float Float(string[] args, ref int i)
    {
        string name = args[i], text = Value(args, ref i);
        if (!float.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out float value) || !float.IsFinite(value))
            throw new ArgumentException($"{name} is \"{text}\"; it must be a number.");
        return value;
    }
}
