using System;
using System.Numerics;

namespace AttentionGen.Runtime;

/// <summary>
/// Deterministic pseudo-random numbers: xoshiro256** (Blackman and Vigna), its 256-bit state filled
/// from the seed by SplitMix64. The same seed gives the same stream on every machine and runtime:
/// integers and uniforms by construction, normals because they use <see cref="PortableMath"/>
/// rather than the platform's C library. Not thread-safe; give each thread its own instance.
/// </summary>
public sealed class Rng
{
    /// <summary>Number of <see cref="ulong"/> words <see cref="SaveState"/> writes and <see cref="RestoreState"/> reads.</summary>
    public const int StateLength = 5;

    private const ulong CachedFlag = 1UL << 32;
    private const double TwoPow53Inverse = 1.0 / 9007199254740992.0;
    private const float TwoPow24Inverse = 1.0f / 16777216.0f;

    private ulong _s0;
    private ulong _s1;
    private ulong _s2;
    private ulong _s3;
    private bool _hasCachedNormal;
    private float _cachedNormal;

    /// <summary>Creates a generator whose whole stream is fixed by <paramref name="seed"/>.</summary>
    /// <param name="seed">Any value, zero included.</param>
    public Rng(ulong seed)
    {
        ulong sm = seed;
        _s0 = SplitMix64(ref sm);
        _s1 = SplitMix64(ref sm);
        _s2 = SplitMix64(ref sm);
        _s3 = SplitMix64(ref sm);
    }

    /// <summary>Next 64 uniformly distributed bits.</summary>
    public ulong NextUInt64()
    {
        ulong result = BitOperations.RotateLeft(_s1 * 5, 7) * 9;
        ulong t = _s1 << 17;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = BitOperations.RotateLeft(_s3, 45);
        return result;
    }

    /// <summary>Uniform in [0, 1): the top 24 bits of <see cref="NextUInt64"/> times 2⁻²⁴, so every value is exact.</summary>
    public float NextUniform() => (NextUInt64() >> 40) * TwoPow24Inverse;

    /// <summary>Uniform in [<paramref name="low"/>, <paramref name="high"/>); returns <paramref name="low"/> when they are equal.</summary>
    /// <param name="low">Inclusive lower bound, finite.</param>
    /// <param name="high">Exclusive upper bound, finite, at least <paramref name="low"/>.</param>
    public float NextUniform(float low, float high)
    {
        CheckRange(low, high);
        double u = NextUniform();

        // In double the width high − low cannot overflow; rounding back to float can reach high, which the interval excludes.
        float r = (float)(low + ((high - (double)low) * u));
        return r < high ? r : low == high ? low : MathF.BitDecrement(high);
    }

    /// <summary>
    /// Standard normal sample by the Box-Muller transform. Each transform yields two samples; the
    /// second is kept and returned by the next call (it is part of the saved state).
    /// </summary>
    public float NextNormal()
    {
        if (_hasCachedNormal)
        {
            _hasCachedNormal = false;
            return _cachedNormal;
        }

        // u1 in (0, 1] keeps the logarithm finite; u2 in [0, 1) is the angle in turns.
        double u1 = ((NextUInt64() >> 11) + 1) * TwoPow53Inverse;
        double u2 = (NextUInt64() >> 11) * TwoPow53Inverse;
        double radius = Math.Sqrt(-2.0 * PortableMath.Log(u1));
        PortableMath.SinCos2Pi(u2, out double sin, out double cos);
        _cachedNormal = (float)(radius * sin);
        _hasCachedNormal = true;
        return (float)(radius * cos);
    }

    /// <summary>
    /// Writes the generator's complete state, <see cref="StateLength"/> words:
    /// [0..3] the four xoshiro256** state words s0, s1, s2, s3;
    /// [4] the cached normal: 0 when none is cached, otherwise 2³² | (the float's IEEE bits).
    /// </summary>
    /// <param name="destination">At least <see cref="StateLength"/> words.</param>
    public void SaveState(Span<ulong> destination)
    {
        if (destination.Length < StateLength)
        {
            throw new ArgumentException(
                $"destination holds {destination.Length} words; a generator's state needs {StateLength}.", nameof(destination));
        }

        destination[0] = _s0;
        destination[1] = _s1;
        destination[2] = _s2;
        destination[3] = _s3;
        destination[4] = _hasCachedNormal ? CachedFlag | BitConverter.SingleToUInt32Bits(_cachedNormal) : 0;
    }

    /// <summary>Restores a state written by <see cref="SaveState"/>; the stream continues exactly where it was saved.</summary>
    /// <param name="source">At least <see cref="StateLength"/> words in the layout <see cref="SaveState"/> documents.</param>
    public void RestoreState(ReadOnlySpan<ulong> source)
    {
        if (source.Length < StateLength)
        {
            throw new ArgumentException(
                $"source holds {source.Length} words; a generator's state needs {StateLength}.", nameof(source));
        }

        if ((source[0] | source[1] | source[2] | source[3]) == 0)
        {
            throw new ArgumentException("source holds an all-zero xoshiro256** state, which no seed produces and which would only ever yield zeros.", nameof(source));
        }

        ulong cache = source[4];
        if (cache != 0 && (cache >> 32) != 1)
        {
            throw new ArgumentException(
                $"source[4] is 0x{cache:X16}; it must be 0 (no cached normal) or 0x1_xxxxxxxx (flag bit 32 plus a float's bits).", nameof(source));
        }

        _s0 = source[0];
        _s1 = source[1];
        _s2 = source[2];
        _s3 = source[3];
        _hasCachedNormal = cache != 0;
        _cachedNormal = _hasCachedNormal ? BitConverter.UInt32BitsToSingle((uint)cache) : 0f;
    }

    internal static void CheckRange(float low, float high)
    {
        if (!float.IsFinite(low) || !float.IsFinite(high) || low > high)
        {
            throw new ArgumentOutOfRangeException(
                nameof(low), low, $"The interval [{low}, {high}) is invalid; low and high must be finite with low ≤ high.");
        }
    }

    private static ulong SplitMix64(ref ulong state)
    {
        ulong z = state += 0x9E37_79B9_7F4A_7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58_476D_1CE4_E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D0_49BB_1331_11EBUL;
        return z ^ (z >> 31);
    }
}
