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

    /// <summary>A float literal for generated C#, exact and invariant ("1E-05F").</summary>
    public static string FloatLiteral(double value)
    {
        var text = ((float)value).ToString("R", CultureInfo.InvariantCulture);
        if (text.IndexOf('.') < 0 && text.IndexOf('E') < 0) text += ".0";
        return text + "f";
    }

    /// <summary>A count with thousands separators ("82,306").</summary>
    public static string Count(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    /// <summary>A count that may exceed <see cref="long"/> (a product of two large dimensions), with thousands separators.</summary>
    public static string Count(decimal value) => value.ToString("N0", CultureInfo.InvariantCulture);
}
