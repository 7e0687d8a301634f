using System;
using System.Globalization;

namespace AttentionGen.Training;

/// <summary>
/// Reads a float hyper-parameter as the decimal number it prints as, in double: 0.9f (really 0.899999976…)
/// becomes the double 0.9, which is what PyTorch computes with when a script says <c>betas=(0.9, 0.999)</c>.
/// Derived scalars such as 1 − β1 or 1 − β1ᵗ then match PyTorch's instead of carrying the float's
/// representation error into every step.
/// </summary>
internal static class HyperParameter
{
    /// <summary>The double nearest to the shortest decimal that round-trips <paramref name="value"/>; allocates nothing.</summary>
    public static double AsDecimal(float value)
    {
        if (!float.IsFinite(value) || value == 0)
        {
            return value;
        }

        Span<char> text = stackalloc char[32];
        if (value.TryFormat(text, out int written, "R", CultureInfo.InvariantCulture)
            && double.TryParse(text[..written], NumberStyles.Float, CultureInfo.InvariantCulture, out double parsed))
        {
            return parsed;
        }

        return value;
    }
}
