using System;
using AttentionGen.Runtime;
using BenchmarkDotNet.Attributes;

namespace AttentionGen.Bench;

/// <summary>The kernels that dominate a forward pass, at transformer-block sizes.</summary>
[MemoryDiagnoser]
public class KernelBenchmarks
{
    private const int Rows = 2048, Width = 128, Hidden = 512, Heads = 4, Batch = 32, Seq = 64;
    private readonly float[] _x = Random(Rows * Width);
    private readonly float[] _w = Random(Hidden * Width);
    private readonly float[] _b = Random(Hidden);
    private readonly float[] _y = new float[Rows * Hidden];
    private readonly float[] _qkv = Random(Rows * 3 * Width);
    private readonly float[] _context = new float[Rows * Width];

    /// <summary>2 · 2048 · 128 · 512 = 268 MFLOP.</summary>
    [Benchmark(Description = "Linear 2048×128 → 512")]
    public void Linear() => AttentionGen.Runtime.Linear.Forward(_x, _w, _b, _y, Rows, Width, Hidden);

    [Benchmark(Description = "causal attention 32×64, 4 heads of 32")]
    public void CausalAttention() => Attention.Forward(
        _qkv, 3 * Width, _qkv.AsSpan(Width), 3 * Width, _qkv.AsSpan(2 * Width), 3 * Width,
        _context, default, Batch, Seq, Seq, Heads, Width / Heads, causal: true, default);

    private static float[] Random(int length)
    {
        var random = new Random(3);
        var values = new float[length];
        for (int i = 0; i < length; i++) values[i] = (float)(random.NextDouble() * 2 - 1);
        return values;
    }
}
