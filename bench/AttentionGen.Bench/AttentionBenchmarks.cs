using System;
using AttentionGen.Runtime;
using BenchmarkDotNet.Attributes;

namespace AttentionGen.Bench;

/// <summary>
/// The attention kernel alone through its public API (<c>Attention.Forward</c> and <c>Attention.Backward</c>), 8 heads of 64 as W3, from a packed QKV buffer as the generated models pass it, at
/// sequence 128 to 4096 with 4096 positions in all (batch = 4096 / sequence), so the work per call grows with the
/// sequence only through the scores. Backward adds into one packed dQKV buffer call after call (its values are
/// never read, and clearing it would time a memset too).
/// </summary>
[MemoryDiagnoser]
public class AttentionBenchmarks
{
    private const int Heads = 8, HeadDim = 64, Width = Heads * HeadDim, Positions = 4096;
    private float[] _qkv = [], _output = [], _dOutput = [], _dqkv = [], _scratch = [], _backwardScratch = [];
    private int _batch;

    [Params(128, 512, 1024, 4096)]
    public int Sequence { get; set; }

    [Params(false, true)]
    public bool Causal { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _batch = Positions / Sequence;
        _qkv = Random(Positions * 3 * Width, 1);
        _output = new float[Positions * Width];
        _dOutput = Random(Positions * Width, 2);
        _dqkv = new float[Positions * 3 * Width];
        _scratch = new float[Attention.ScratchLength(Sequence, Sequence)];
        _backwardScratch = new float[Attention.BackwardScratchLength(Sequence, Sequence)];
    }

    [Benchmark(Description = "forward")]
    public void Forward() => Attention.Forward(
        _qkv, 3 * Width, _qkv.AsSpan(Width), 3 * Width, _qkv.AsSpan(2 * Width), 3 * Width,
        _output, _batch, Sequence, Sequence, Heads, HeadDim, Causal, default, _scratch);

    [Benchmark(Description = "backward")]
    public void Backward() => Attention.Backward(
        _qkv, 3 * Width, _qkv.AsSpan(Width), 3 * Width, _qkv.AsSpan(2 * Width), 3 * Width,
        _dOutput, _dqkv, 3 * Width, _dqkv.AsSpan(Width), 3 * Width, _dqkv.AsSpan(2 * Width), 3 * Width,
        _batch, Sequence, Sequence, Heads, HeadDim, Causal, default, 0f, 0, _backwardScratch);

    private static float[] Random(int length, int seed)
    {
        var random = new Random(seed);
        var values = new float[length];
        for (int i = 0; i < length; i++) values[i] = (float)(random.NextDouble() * 2 - 1);
        return values;
    }
}
