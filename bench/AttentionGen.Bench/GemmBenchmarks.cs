using System;
using AttentionGen.Bench.Sgemm;
using AttentionGen.Runtime;
using BenchmarkDotNet.Attributes;

namespace AttentionGen.Bench;

/// <summary>Square C += A·B (both row-major): the packed GEMM against the previous 4 × 64 tile kernel, both on all cores.</summary>
[MemoryDiagnoser]
public unsafe class SgemmBenchmarks
{
    private PinnedFloats _a = null!, _b = null!, _c = null!;

    [Params(128, 256, 512, 1024)]
    public int Size { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _a = new PinnedFloats(Size * Size);
        _b = new PinnedFloats(Size * Size);
        _c = new PinnedFloats(Size * Size);
    }

    [Benchmark(Baseline = true, Description = "4×64 tiles, unpacked (before)")]
    public void Tiles() => DotProductLinear.InputGradient(null, _b.P, _a.P, _c.P, Size, Size, Size, threaded: true);

    [Benchmark(Description = "packed GEMM 8×48")]
    public void Packed()
    {
        var p = new GemmProblem { A = _a.P, Lda = Size, B = _b.P, Ldb = Size, C = _c.P, Ldc = Size, M = Size, N = Size, K = Size, Accumulate = true };
        Gemm.Multiply(in p);
    }
}

/// <summary>The three products of a linear layer at the models' shapes (rows × in × out), before and after.</summary>
[MemoryDiagnoser]
public unsafe class LinearProductBenchmarks
{
    private PinnedFloats _x = null!, _w = null!, _bias = null!, _y = null!, _dx = null!, _dw = null!, _db = null!;
    private int _rows, _in, _out;

    /// <summary>Which product of the layer.</summary>
    public enum Product
    {
        Forward,
        InputGradient,
        WeightGradient,
    }

    [Params("4096x128x384", "2048x192x768", "2048x768x192")]
    public string Shape { get; set; } = "4096x128x384";

    [Params(Product.Forward, Product.InputGradient, Product.WeightGradient)]
    public Product Form { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        string[] parts = Shape.Split('x');
        (_rows, _in, _out) = (int.Parse(parts[0]), int.Parse(parts[1]), int.Parse(parts[2]));
        _x = new PinnedFloats(_rows * _in);
        _w = new PinnedFloats(_out * _in);
        _bias = new PinnedFloats(_out);
        _y = new PinnedFloats(_rows * _out);
        _dx = new PinnedFloats(_rows * _in);
        _dw = new PinnedFloats(_out * _in);
        _db = new PinnedFloats(_out);
    }

    [Benchmark(Baseline = true, Description = "dot products / 4×64 tiles (before)")]
    public void Before()
    {
        switch (Form)
        {
            case Product.Forward: DotProductLinear.Forward(_x.P, _w.P, _bias.P, _y.P, _rows, _in, _out, threaded: true); break;
            case Product.InputGradient: DotProductLinear.InputGradient(_x.P, _w.P, _y.P, _dx.P, _rows, _in, _out, threaded: true); break;
            default: DotProductLinear.WeightGradient(_x.P, _y.P, _dw.P, _db.P, _rows, _in, _out, threaded: true); break;
        }
    }

    [Benchmark(Description = "packed GEMM (Linear.Forward / Backward)")]
    public void Packed()
    {
        switch (Form)
        {
            case Product.Forward:
                Linear.Forward(_x.Span, _w.Span, _bias.Span, _y.Span, _rows, _in, _out);
                break;
            case Product.InputGradient:
                var dx = new GemmProblem { A = _y.P, Lda = _out, B = _w.P, Ldb = _in, C = _dx.P, Ldc = _in, M = _rows, N = _in, K = _out, Accumulate = true };
                Gemm.Multiply(in dx);
                break;
            default:
                var dw = new GemmProblem { A = _y.P, Lda = _out, ATransposed = true, B = _x.P, Ldb = _in, C = _dw.P, Ldc = _in, M = _out, N = _in, K = _rows, Accumulate = true, ARowSums = _db.P };
                Gemm.Multiply(in dw);
                break;
        }
    }
}

/// <summary>A float buffer on the pinned heap, so benchmarks can hold its address across calls.</summary>
internal sealed unsafe class PinnedFloats
{
    private readonly float[] _array;

    public PinnedFloats(int length)
    {
        _array = GC.AllocateArray<float>(length, pinned: true);
        var rng = new Random(length);
        for (int i = 0; i < length; i++)
        {
            _array[i] = (float)(rng.NextDouble() - 0.5) * 0.01f;
        }

        fixed (float* p = _array)
        {
            P = p;
        }
    }

    public float* P { get; }

    public Span<float> Span => _array;
}
