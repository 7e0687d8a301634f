using System;
using AttentionGen.Runtime;
using static TorchSharp.torch;

namespace AttentionGen.Bench.Backends;

/// <summary>
/// The linear layer's products at sgemm 1024³ and at the models' shapes (rows × in × out): forward
/// <c>y = x·Wᵀ + b</c> and backward <c>dx += dy·W, dW += dyᵀ·x, db += Σ dy</c>. Native through the runtime's public
/// <see cref="Linear"/> entry points (so the rows follow whatever GEMM the runtime has); TorchSharp (libtorch's MKL)
/// with <c>addmm_</c> into preallocated tensors, the same work without an allocation per call; PyTorch (OpenBLAS) the
/// same in pytorch_peer.py.
/// </summary>
internal static class GemmCases
{
    /// <summary>1024³ and the products of W1's QKV projection, W2's feed-forward up and down.</summary>
    public static readonly (int Rows, int In, int Out)[] Shapes = [(1024, 1024, 1024), (4096, 128, 384), (2048, 192, 768), (2048, 768, 192)];

    /// <summary>
    /// A product takes milliseconds: 30 warm-up calls (the GEMM's packing loops must leave tier-0 code), then 5 rounds of
    /// 20 calls per side, whatever the command line's counts for the models.
    /// </summary>
    private static readonly Timing Timing = new(Warmup: 30, Rounds: 5, Calls: 20, MemoryCalls: 0);

    public static ModelCase[] All() => Array.ConvertAll(Shapes, s => Case(s.Rows, s.In, s.Out));

    private static ModelCase Case(int rows, int inFeatures, int outFeatures)
    {
        string name = $"GEMM {rows}×{inFeatures}×{outFeatures}";
        double flops = 2.0 * rows * inFeatures * outFeatures;
        return new ModelCase(name, [new(name + " forward", flops), new(name + " backward", 2 * flops)],
            () =>
            {
                float[] x = Uniform(rows * inFeatures, 1), w = Uniform(outFeatures * inFeatures, 2), b = Uniform(outFeatures, 3);
                float[] y = new float[rows * outFeatures], dy = Uniform(rows * outFeatures, 4);
                float[] dx = new float[rows * inFeatures], dw = new float[outFeatures * inFeatures], db = new float[outFeatures];
                return new NativeSide(null, [
                    () => Linear.Forward(x, w, b, y, rows, inFeatures, outFeatures),
                    () => Linear.Backward(x, w, dy, dx, dw, db, rows, inFeatures, outFeatures),
                ]);
            },
            (_, _) =>
            {
                var x = tensor(Uniform(rows * inFeatures, 1), new long[] { rows, inFeatures });
                var w = tensor(Uniform(outFeatures * inFeatures, 2), new long[] { outFeatures, inFeatures });
                var wT = w.t();
                var bRows = tensor(Uniform(outFeatures, 3)).expand(rows, outFeatures);
                var y = zeros(rows, outFeatures);
                var dy = tensor(Uniform(rows * outFeatures, 4), new long[] { rows, outFeatures });
                var dyT = dy.t();
                var dx = zeros(rows, inFeatures);
                var dw = zeros(outFeatures, inFeatures);
                var db = zeros(outFeatures);
                return new TorchSide([
                    () =>
                    {
                        // addmm with the bias as its input: libtorch copies the bias rows into the output, then one GEMM with beta 1.
                        y.copy_(bRows);
                        y.addmm_(x, wT);
                    },
                    () =>
                    {
                        using var scope = NewDisposeScope();
                        dx.addmm_(dy, w);
                        dw.addmm_(dyT, x);
                        db.add_(dy.sum(0));
                    },
                ], () =>
                {
                    foreach (var t in new[] { x, w, wT, bRows, y, dy, dyT, dx, dw, db }) t.Dispose();
                });
            },
            Timing)
        {
            IsGemm = true,
        };
    }

    private static float[] Uniform(int count, int seed)
    {
        var random = new Random(seed);
        var values = new float[count];
        for (int i = 0; i < count; i++) values[i] = (float)(random.NextDouble() - 0.5) * 0.01f;
        return values;
    }
}
