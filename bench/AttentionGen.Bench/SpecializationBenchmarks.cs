using System;
using AttentionGen.Runtime;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Diagnosers;

namespace AttentionGen.Bench;

/// <summary>
/// The row kernels with the width as an argument (the general path) and as a type (<see cref="IDimension"/>, what a
/// generated model passes): the same LayerNorm, forward, fused with the residual add, and backward, over W2's
/// activations (2048 rows of 192). The disassembly diagnoser writes both compiled forms to the results folder, where the
/// specialized one compares against the constant 192 and has no partial-vector tail.
/// <code>dotnet run -c Release --project bench/AttentionGen.Bench -- --filter '*SpecializationBenchmarks*'</code>
/// </summary>
[MemoryDiagnoser]
[DisassemblyDiagnoser(maxDepth: 3, printSource: false, exportCombinedDisassemblyReport: true)]
public class SpecializationBenchmarks
{
    private const int Rows = 2048, Width = 192;
    private readonly float[] _a = Random(Rows * Width, 1);
    private readonly float[] _b = Random(Rows * Width, 2);
    private readonly float[] _dy = Random(Rows * Width, 3);
    private readonly float[] _gamma = Random(Width, 4);
    private readonly float[] _beta = Random(Width, 5);
    private readonly float[] _sum = new float[Rows * Width];
    private readonly float[] _y = new float[Rows * Width];
    private readonly float[] _dx = new float[Rows * Width];
    private readonly float[] _dGamma = new float[Width];
    private readonly float[] _dBeta = new float[Width];

    private readonly struct Size192 : IDimension
    {
        public int Value => 192;
    }

    [Benchmark(Baseline = true, Description = "LayerNorm 2048×192, width an argument")]
    public void LayerNormArgument() => Normalization.LayerNorm(_a, _gamma, _beta, _y, Rows, Width, 1e-5f);

    [Benchmark(Description = "LayerNorm<Size192> 2048×192")]
    public void LayerNormType() => Normalization.LayerNorm<Size192>(_a, _gamma, _beta, _y, Rows, 1e-5f);

    [Benchmark(Description = "AddLayerNorm 2048×192, width an argument")]
    public void AddLayerNormArgument() => Normalization.AddLayerNorm(_a, _b, _sum, _gamma, _beta, _y, Rows, Width, 1e-5f);

    [Benchmark(Description = "AddLayerNorm<Size192> 2048×192")]
    public void AddLayerNormType() => Normalization.AddLayerNorm<Size192>(_a, _b, _sum, _gamma, _beta, _y, Rows, 1e-5f);

    [Benchmark(Description = "LayerNormBackward 2048×192, width an argument")]
    public void BackwardArgument() => Normalization.LayerNormBackward(_a, _gamma, _dy, _dx, _dGamma, _dBeta, Rows, Width, 1e-5f);

    [Benchmark(Description = "LayerNormBackward<Size192> 2048×192")]
    public void BackwardType() => Normalization.LayerNormBackward<Size192>(_a, _gamma, _dy, _dx, _dGamma, _dBeta, Rows, 1e-5f);

    private static float[] Random(int length, int seed)
    {
        var random = new Random(seed);
        var values = new float[length];
        for (int i = 0; i < length; i++) values[i] = (float)(random.NextDouble() * 2 - 1);
        return values;
    }
}
