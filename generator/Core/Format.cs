using System;
using System.Globalization;

namespace AttentionGen.Core;

/// <summary>Culture-invariant text for numbers in messages and generated code.</summary>
internal static class Format
{
    public static string Value(object value) => value switch
    {
        string s => s,
        int i => i.ToString(CultureInfo.InvariantCulture),
        long l => l.ToString(CultureInfo.InvariantCulture),
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        float f => f.ToString("R", CultureInfo.InvariantCulture),
        bool b => b ? "true" : "false",
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "",
    };

    /// <summary>A float literal for generated C#, exact and invariant: "1e-5f", "0.1f", "2.0f".</summary>
    public static string FloatLiteral(double value)
    {
        var text = ((float)value).ToString("R", CultureInfo.InvariantCulture);
        int exponent = text.IndexOf('E');
        if (exponent >= 0)
        {
            // "1E-05" → "1e-5": the shortest form that parses to the same float.
            string mantissa = text.Substring(0, exponent);
            string power = text.Substring(exponent + 1);
            bool negative = power.StartsWith("-", StringComparison.Ordinal);
            power = power.TrimStart('+', '-').TrimStart('0');
            text = mantissa + "e" + (negative ? "-" : "") + (power.Length == 0 ? "0" : power);
        }
        else if (text.IndexOf('.') < 0)
        {
            text += ".0";
        }
        return text + "f";
    }

    /// <summary>A count with thousands separators ("82,306").</summary>
    public static string Count(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    /// <summary>A count that may exceed <see cref="long"/> (a product of two large dimensions), with thousands separators.</summary>
    public static string Count(decimal value) => value.ToString("N0", CultureInfo.InvariantCulture);
}
