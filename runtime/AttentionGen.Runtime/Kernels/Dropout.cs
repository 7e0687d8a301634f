using System;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace AttentionGen.Runtime;

/// <summary>
/// Counter-based inverted dropout, as PyTorch's <c>nn.Dropout</c> in training: each element is zeroed with
/// probability p and the survivors are scaled by 1/(1 − p). Whether element i survives is a pure function
/// of (seed, i), so no mask is stored: the backward pass regenerates exactly the mask the forward pass used.
/// </summary>
/// <remarks>
/// Element i's draw is the SplitMix64 finalizer of <c>seed + i·0x9E3779B97F4A7C15</c>; its top 24 bits,
/// read as a multiple of 2⁻²⁴ in [0, 1), keep the element when they are at least p. Use a different seed
/// for every dropout site and every training step.
/// </remarks>
public static class Dropout
{
    /// <summary>The golden-ratio increment of SplitMix64: consecutive indices land far apart before mixing.</summary>
    private const ulong Gamma = 0x9E3779B97F4A7C15;

    private const ulong Mix1 = 0xBF58476D1CE4E5B9;
    private const ulong Mix2 = 0x94D049BB133111EB;

    /// <summary>2⁻²⁴: turns a 24-bit integer into a float in [0, 1) exactly.</summary>
    private const float Unit = 1f / (1 << 24);

    /// <summary>Whether element <paramref name="index"/> survives dropout with probability <paramref name="p"/> under <paramref name="seed"/>.</summary>
    /// <param name="seed">The dropout site's seed for this step.</param>
    /// <param name="index">The element's index (any value; negative indices wrap like unsigned ones).</param>
    /// <param name="p">Drop probability; 0 keeps everything.</param>
    /// <returns>True when the element is kept (and scaled by 1/(1 − p)).</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool Keep(ulong seed, long index, float p)
    {
        ulong z = seed + ((ulong)index * Gamma);
        z = (z ^ (z >> 30)) * Mix1;
        z = (z ^ (z >> 27)) * Mix2;
        z ^= z >> 31;
        return (int)(z >> 40) * Unit >= p;
    }

    /// <summary>
    /// Drops elements of <paramref name="x"/> in place: <c>x[i] = Keep(seed, i, p) ? x[i]/(1 − p) : 0</c>.
    /// Multiplies by the mask, so NaN and ∞ stay NaN where dropped, as in PyTorch.
    /// </summary>
    /// <param name="x">Activations, updated in place; element i uses index i.</param>
    /// <param name="p">Drop probability in [0, 1); 0 leaves <paramref name="x"/> untouched.</param>
    /// <param name="seed">The dropout site's seed for this step; <see cref="Backward"/> must get the same one.</param>
    public static unsafe void Forward(Span<float> x, float p, ulong seed)
    {
        CheckProbability(p, nameof(p));
        if (p == 0 || x.IsEmpty)
        {
            return;
        }

        fixed (float* px = x)
        {
            Apply(px, px, x.Length, 0, p, seed);
        }
    }

    /// <summary>
    /// Gradient of <see cref="Forward"/>, accumulated: <c>dx[i] += Keep(seed, i, p) ? dy[i]/(1 − p) : 0</c>.
    /// </summary>
    /// <param name="dy">Gradient of the forward output.</param>
    /// <param name="dx">Gradient of the forward input, same length as <paramref name="dy"/>, added to; must not overlap it.</param>
    /// <param name="p">The drop probability the forward pass used, in [0, 1).</param>
    /// <param name="seed">The seed the forward pass used.</param>
    public static unsafe void Backward(ReadOnlySpan<float> dy, Span<float> dx, float p, ulong seed)
    {
        CheckProbability(p, nameof(p));
        if (dy.Length != dx.Length)
        {
            throw new ArgumentException($"dx holds {dx.Length} elements but dy holds {dy.Length}; they must match.", nameof(dx));
        }

        Check.NoOverlap(dy, dx, nameof(dy), nameof(dx));
        fixed (float* pdy = dy, pdx = dx)
        {
            if (p == 0)
            {
                Simd.Add(pdy, pdx, dx.Length);
                return;
            }

            Accumulate(pdy, pdx, dx.Length, 0, p, seed);
        }
    }

    /// <summary>Throws unless <paramref name="p"/> is in [0, 1).</summary>
    internal static void CheckProbability(float p, string name)
    {
        if (!(p >= 0 && p < 1))
        {
            throw new ArgumentOutOfRangeException(name, p, $"{name} is {p}; a dropout probability must be in [0, 1).");
        }
    }

    /// <summary>y[i] = x[i]·mask(first + i) for i &lt; n, mask ∈ {0, 1/(1 − p)}; y may be x.</summary>
    internal static unsafe void Apply(float* x, float* y, int n, long first, float p, ulong seed)
    {
        float scale = 1f / (1f - p);
        int i = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            for (; i <= n - 16; i += 16)
            {
                (Vector512.Load(x + i) * Mask512(seed, first + i, p, scale)).Store(y + i);
            }
        }
        else if (Vector256.IsHardwareAccelerated)
        {
            for (; i <= n - 8; i += 8)
            {
                (Vector256.Load(x + i) * Mask256(seed, first + i, p, scale)).Store(y + i);
            }
        }

        for (; i < n; i++)
        {
            y[i] = x[i] * (Keep(seed, first + i, p) ? scale : 0f);
        }
    }

    /// <summary>y[i] += x[i]·mask(first + i) for i &lt; n, mask ∈ {0, 1/(1 − p)}.</summary>
    internal static unsafe void Accumulate(float* x, float* y, int n, long first, float p, ulong seed)
    {
        float scale = 1f / (1f - p);
        int i = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            for (; i <= n - 16; i += 16)
            {
                Vector512.FusedMultiplyAdd(Vector512.Load(x + i), Mask512(seed, first + i, p, scale), Vector512.Load(y + i)).Store(y + i);
            }
        }
        else if (Vector256.IsHardwareAccelerated)
        {
            for (; i <= n - 8; i += 8)
            {
                Vector256.FusedMultiplyAdd(Vector256.Load(x + i), Mask256(seed, first + i, p, scale), Vector256.Load(y + i)).Store(y + i);
            }
        }

        for (; i < n; i++)
        {
            y[i] = MathF.FusedMultiplyAdd(x[i], Keep(seed, first + i, p) ? scale : 0f, y[i]);
        }
    }

    /// <summary>Mask values (scale or 0) of the 16 indices first … first + 15, lane for lane equal to <see cref="Keep"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector512<float> Mask512(ulong seed, long first, float p, float scale)
    {
        Vector512<ulong> lanes = Vector512.Create(0UL, 1, 2, 3, 4, 5, 6, 7);
        Vector512<ulong> z0 = Vector512.Create(seed + ((ulong)first * Gamma)) + (lanes * Gamma);
        Vector512<ulong> z1 = z0 + Vector512.Create(unchecked(8 * Gamma));
        Vector512<int> bits = Vector512.Narrow(Finalize(z0) >> 40, Finalize(z1) >> 40).AsInt32();
        Vector512<float> u = Vector512.ConvertToSingle(bits) * Vector512.Create(Unit);
        return Vector512.ConditionalSelect(Vector512.GreaterThanOrEqual(u, Vector512.Create(p)), Vector512.Create(scale), Vector512<float>.Zero);
    }

    /// <summary>Mask values (scale or 0) of the 8 indices first … first + 7, lane for lane equal to <see cref="Keep"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector256<float> Mask256(ulong seed, long first, float p, float scale)
    {
        Vector256<ulong> lanes = Vector256.Create(0UL, 1, 2, 3);
        Vector256<ulong> z0 = Vector256.Create(seed + ((ulong)first * Gamma)) + (lanes * Gamma);
        Vector256<ulong> z1 = z0 + Vector256.Create(unchecked(4 * Gamma));
        Vector256<int> bits = Vector256.Narrow(Finalize(z0) >> 40, Finalize(z1) >> 40).AsInt32();
        Vector256<float> u = Vector256.ConvertToSingle(bits) * Vector256.Create(Unit);
        return Vector256.ConditionalSelect(Vector256.GreaterThanOrEqual(u, Vector256.Create(p)), Vector256.Create(scale), Vector256<float>.Zero);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<ulong> Finalize(Vector512<ulong> z)
    {
        z = (z ^ (z >> 30)) * Vector512.Create(Mix1);
        z = (z ^ (z >> 27)) * Vector512.Create(Mix2);
        return z ^ (z >> 31);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<ulong> Finalize(Vector256<ulong> z)
    {
        z = (z ^ (z >> 30)) * Vector256.Create(Mix1);
        z = (z ^ (z >> 27)) * Vector256.Create(Mix2);
        return z ^ (z >> 31);
    }
}
