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
            Simd.Add(px, py, y.Length);
        }
    }
}
