using System;
using System.Runtime.Intrinsics;

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
            Simd.Add(px, py, y.Length);
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
            int n = sum.Length;
            int i = 0;
            if (Vector512.IsHardwareAccelerated)
            {
                for (; i <= n - 16; i += 16)
                {
                    (Vector512.Load(pa + i) + Vector512.Load(pb + i)).Store(ps + i);
                }
            }

            for (; i <= n - 8; i += 8)
            {
                (Vector256.Load(pa + i) + Vector256.Load(pb + i)).Store(ps + i);
            }

            for (; i < n; i++)
            {
                ps[i] = pa[i] + pb[i];
            }
        }
    }
}
