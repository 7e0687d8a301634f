using System;

namespace AttentionGen.Runtime;

/// <summary>Element-wise helpers the generated code needs between layers.</summary>
public static class TensorMath
{
    /// <summary><c>y += x</c> element-wise (residual connections). Both spans must have the same length.</summary>
    /// <param name="y">Accumulator, updated in place.</param>
    /// <param name="x">Addend; may be the same span as <paramref name="y"/> (doubling it) but not a shifted view of it.</param>
    public static unsafe void AddInPlace(Span<float> y, ReadOnlySpan<float> x)
    {
        if (x.Length != y.Length)
        {
            throw new ArgumentException($"x holds {x.Length} elements but y holds {y.Length}; they must match.", nameof(x));
        }

        Check.NoPartialOverlap(x, y, nameof(x), nameof(y));
        fixed (float* px = x, py = y)
        {
            var kernel = new AddInPlaceRange { X = px, Y = py };
            RowParallel.ForElements(in kernel, y.Length);
        }
    }

    /// <summary>
    /// <c>sum = a + b</c> element-wise in one pass (a residual connection: the block's input plus its sub-layer's
    /// output, written where the sum is kept), instead of copying a and then adding b.
    /// </summary>
    /// <param name="a">First addend.</param>
    /// <param name="b">Second addend, same length.</param>
    /// <param name="sum">Result, same length; may be a or b itself, but not a shifted view of either.</param>
    public static unsafe void Add(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> sum)
    {
        if (a.Length != sum.Length || b.Length != sum.Length)
        {
            throw new ArgumentException($"a holds {a.Length} elements, b {b.Length} and sum {sum.Length}; they must match.", nameof(sum));
        }

        Check.NoPartialOverlap(a, sum, nameof(a), nameof(sum));
        Check.NoPartialOverlap(b, sum, nameof(b), nameof(sum));
        fixed (float* pa = a, pb = b, ps = sum)
        {
            var kernel = new AddRange { A = pa, B = pb, Sum = ps };
            RowParallel.ForElements(in kernel, sum.Length);
        }
    }

    /// <summary>y[i] += x[i] over [start, end).</summary>
    private unsafe struct AddInPlaceRange : IRowKernel
    {
        public float* X, Y;

        public readonly void Run(int chunk, int start, int end) => Simd.Add(X + start, Y + start, end - start);
    }

    /// <summary>sum[i] = a[i] + b[i] over [start, end).</summary>
    private unsafe struct AddRange : IRowKernel
    {
        public float* A, B, Sum;

        public readonly void Run(int chunk, int start, int end) => Simd.Add(A + start, B + start, Sum + start, end - start);
    }
}
