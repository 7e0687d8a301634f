using System;
using System.Runtime.CompilerServices;

namespace AttentionGen.Runtime;

/// <summary>
/// Argument checks shared by the kernels. Every message names the parameter, the value that was
/// passed and the limit it broke, so a wrong buffer size in generated or hand-written code is found
/// from the exception text alone.
/// </summary>
internal static class Check
{
    /// <summary>Throws unless <paramref name="value"/> is zero or more.</summary>
    public static void NonNegative(int value, string name)
    {
        if (value < 0)
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} is {value}; it must be 0 or more.");
        }
    }

    /// <summary>Throws unless <paramref name="value"/> is one or more.</summary>
    public static void Positive(int value, string name)
    {
        if (value < 1)
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} is {value}; it must be 1 or more.");
        }
    }

    /// <summary>Throws when a span holds fewer than <paramref name="required"/> elements.</summary>
    /// <param name="length">The span's length.</param>
    /// <param name="required">Elements the dimensions need (computed in 64 bits, so no overflow hides a short span).</param>
    /// <param name="name">The span parameter's name.</param>
    /// <param name="shape">
    /// The dimensions in words, e.g. <c>$"rows × inFeatures = {rows} × {inFeatures}"</c>. The handler formats it only
    /// when the check fails, so a passing check allocates nothing.
    /// </param>
    public static void Length(
        int length, long required, string name,
        [InterpolatedStringHandlerArgument(nameof(length), nameof(required))] ref ShortSpanMessage shape)
    {
        if (length < required)
        {
            throw new ArgumentException(
                $"{name} holds {length} elements, fewer than the {required} that {shape.ToStringAndClear()} needs.", name);
        }
    }

    /// <summary>Throws when an optional span is neither empty nor long enough; <paramref name="shape"/> as for <see cref="Length"/>.</summary>
    public static void OptionalLength(
        int length, long required, string name,
        [InterpolatedStringHandlerArgument(nameof(length), nameof(required))] ref OptionalSpanMessage shape)
    {
        if (length != 0 && length < required)
        {
            throw new ArgumentException(
                $"{name} holds {length} elements; it must be empty or hold at least the {required} that {shape.ToStringAndClear()} needs.", name);
        }
    }

    /// <summary>Throws when an output span overlaps an input span other than exactly (same start).</summary>
    public static void NoPartialOverlap(ReadOnlySpan<float> input, ReadOnlySpan<float> output, string inputName, string outputName)
    {
        if (input.Overlaps(output, out int offset) && offset != 0)
        {
            throw new ArgumentException(
                $"{outputName} overlaps {inputName} at an offset of {offset} elements; it must be the same span or not overlap at all.",
                outputName);
        }
    }

    /// <summary>Throws when an output span overlaps an input span at all.</summary>
    public static void NoOverlap(ReadOnlySpan<float> input, ReadOnlySpan<float> output, string inputName, string outputName)
    {
        if (!input.IsEmpty && !output.IsEmpty && input.Overlaps(output))
        {
            throw new ArgumentException($"{outputName} overlaps {inputName}; the output must be a separate buffer.", outputName);
        }
    }

    /// <summary>Throws unless the optional per-sequence lengths are empty or one per batch row, each in [0, limit].</summary>
    public static void Lengths(ReadOnlySpan<int> lengths, int batch, int limit, string name)
    {
        if (lengths.IsEmpty)
        {
            return;
        }

        if (lengths.Length != batch)
        {
            throw new ArgumentException(
                $"{name} holds {lengths.Length} entries but batch is {batch}; pass one length per batch row, or none.", name);
        }

        for (int b = 0; b < lengths.Length; b++)
        {
            int n = lengths[b];
            if ((uint)n > (uint)limit)
            {
                throw new ArgumentOutOfRangeException(
                    name, n, $"{name}[{b}] is {n}, outside the valid range [0, {limit}].");
            }
        }
    }
}

/// <summary>An interpolated message that is formatted only when the span it describes is too short.</summary>
[InterpolatedStringHandler]
internal ref struct ShortSpanMessage
{
    private DefaultInterpolatedStringHandler _inner;

    public ShortSpanMessage(int literalLength, int formattedCount, int length, long required, out bool shouldAppend)
    {
        shouldAppend = length < required;
        _inner = shouldAppend ? new DefaultInterpolatedStringHandler(literalLength, formattedCount) : default;
    }

    public void AppendLiteral(string value) => _inner.AppendLiteral(value);

    public void AppendFormatted<T>(T value) => _inner.AppendFormatted(value);

    public string ToStringAndClear() => _inner.ToStringAndClear();
}

/// <summary>An interpolated message that is formatted only when the optional span it describes is present but too short.</summary>
[InterpolatedStringHandler]
internal ref struct OptionalSpanMessage
{
    private DefaultInterpolatedStringHandler _inner;

    public OptionalSpanMessage(int literalLength, int formattedCount, int length, long required, out bool shouldAppend)
    {
        shouldAppend = length != 0 && length < required;
        _inner = shouldAppend ? new DefaultInterpolatedStringHandler(literalLength, formattedCount) : default;
    }

    public void AppendLiteral(string value) => _inner.AppendLiteral(value);

    public void AppendFormatted<T>(T value) => _inner.AppendFormatted(value);

    public string ToStringAndClear() => _inner.ToStringAndClear();
}
