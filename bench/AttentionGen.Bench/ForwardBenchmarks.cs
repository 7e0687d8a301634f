using System;
using BenchmarkDotNet.Attributes;

namespace AttentionGen.Bench;

/// <summary>Forward passes of generated models at a serving batch size.</summary>
[MemoryDiagnoser]
public class ForwardBenchmarks
{
    private const int Batch = 32;
    private readonly BenchClassifier _classifier = new(seed: 1, maxBatch: Batch);
    private readonly BenchGpt _gpt = new(seed: 1, maxBatch: Batch);
    private int[] _sentences = Array.Empty<int>();
    private int[] _characters = Array.Empty<int>();

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(7);
        _sentences = new int[Batch * BenchClassifier.MaxSeq];
        for (int i = 0; i < _sentences.Length; i++) _sentences[i] = random.Next(BenchClassifier.Vocab);
        _characters = new int[Batch * BenchGpt.MaxSeq];
        for (int i = 0; i < _characters.Length; i++) _characters[i] = random.Next(BenchGpt.Vocab);
    }

    [Benchmark(Description = "classifier 32×48")]
    public float Classifier() => _classifier.Predict(_sentences, Batch, BenchClassifier.MaxSeq)[0];

    [Benchmark(Description = "GPT 4×128, 32×64")]
    public float Gpt() => _gpt.Forward(_characters, Batch, BenchGpt.MaxSeq)[0];
}
