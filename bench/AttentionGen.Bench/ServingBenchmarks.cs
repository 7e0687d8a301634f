using System;
using AttentionGen.Bench.Backends;
using BenchmarkDotNet.Attributes;

namespace AttentionGen.Bench;

/// <summary>
/// Serving W2's character GPT: an inference session, which keeps the weights packed for its matrix products between
/// calls, against the trainable model's own Forward, which packs them at every call. Both give the same bits; the
/// difference is the packing, largest at one sequence per call.
/// <code>dotnet run -c Release --project bench/AttentionGen.Bench -- --filter '*ServingBenchmarks*' --job short</code>
/// </summary>
[MemoryDiagnoser]
public class ServingBenchmarks
{
    private W2CharGpt _model = null!;
    private W2CharGpt.InferenceSession _session = null!;
    private int[] _tokens = Array.Empty<int>();

    /// <summary>Sequences per call: one (a single request) and W2's training batch.</summary>
    [Params(1, 16)]
    public int Batch { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _model = new W2CharGpt(seed: 1, maxBatch: Batch);
        _session = _model.CreateInferenceSession(Batch);
        var random = new Random(7);
        _tokens = new int[Batch * W2CharGpt.MaxSeq];
        for (int i = 0; i < _tokens.Length; i++) _tokens[i] = random.Next(W2CharGpt.Vocab);
    }

    [GlobalCleanup]
    public void Cleanup() => _session.Dispose();

    [Benchmark(Baseline = true, Description = "model Forward (packs every call)")]
    public float ModelForward() => _model.Forward(_tokens, Batch, W2CharGpt.MaxSeq)[0];

    [Benchmark(Description = "session Forward (weights packed once)")]
    public float SessionForward() => _session.Forward(_tokens, Batch, W2CharGpt.MaxSeq)[0];
}
