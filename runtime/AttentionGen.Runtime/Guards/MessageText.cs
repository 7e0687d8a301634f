using System.Globalization;
using System.Text;

namespace AttentionGen.Runtime;

/// <summary>
/// Puts text that came from a file (tensor names, metadata keys and values) into an exception message safely.
/// Such text is whatever the file's author wrote: a newline in a name would start a line of its own and could
/// pass for another problem, and a name of ten million characters would make a ten-megabyte message. So control
/// characters (and lone surrogates, which no console shows) are written as <c>\n</c>, <c>\t</c> or <c>\uXXXX</c>, a
/// backslash as <c>\\</c>, and text longer than <see cref="MaxLength"/> characters keeps its beginning and end
/// with the count of characters left out between them.
/// </summary>
internal static class MessageText
{
    /// <summary>Longer text is shortened; a state-dict name is rarely a tenth of this.</summary>
    public const int MaxLength = 200;

    private const int KeptAtEnd = 40;

    /// <summary>The name in single quotes, escaped and shortened: <c>'encoder.layers.0.norm1.weight'</c>.</summary>
    public static string Name(string? name) => "'" + Escape(name) + "'";

    /// <summary>The value in double quotes, escaped and shortened: <c>"-3"</c>.</summary>
    public static string Value(string? value) => "\"" + Escape(value) + "\"";

    /// <summary>The text escaped and shortened, without quotes.</summary>
    /// <param name="text">Any text.</param>
    /// <param name="escapeBackslash">
    /// False for raw JSON, whose backslashes already start JSON escapes (a lone surrogate's, say), and would only be doubled.
    /// </param>
    public static string Escape(string? text, bool escapeBackslash = true)
    {
        if (text is null)
        {
            return "(null)";
        }

        if (text.Length > MaxLength)
        {
            int head = MaxLength - KeptAtEnd;
            // Never cut a surrogate pair in two: the halves would print as escapes of a character that is not there.
            if (char.IsHighSurrogate(text[head - 1])) head--;
            int tail = text.Length - KeptAtEnd;
            if (char.IsLowSurrogate(text[tail])) tail--;
            return EscapeAll(text[..head], escapeBackslash) + $"...({(tail - head).ToString(CultureInfo.InvariantCulture)} characters left out)..." + EscapeAll(text[tail..], escapeBackslash);
        }

        return EscapeAll(text, escapeBackslash);
    }

    private static string EscapeAll(string text, bool escapeBackslash)
    {
        StringBuilder? builder = null;
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            string? escaped = c switch
            {
                '\\' when escapeBackslash => "\\\\",
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                _ when char.IsControl(c) || c is '\u2028' or '\u2029' || IsLoneSurrogate(text, i) =>
                    "\\u" + ((int)c).ToString("x4", CultureInfo.InvariantCulture),
                _ => null,
            };

            if (escaped is null)
            {
                builder?.Append(c);
                continue;
            }

            builder ??= new StringBuilder(text.Length + 16).Append(text, 0, i);
            builder.Append(escaped);
        }

        return builder?.ToString() ?? text;
    }

    private static bool IsLoneSurrogate(string text, int i) =>
        char.IsHighSurrogate(text[i]) ? i + 1 >= text.Length || !char.IsLowSurrogate(text[i + 1])
        : char.IsLowSurrogate(text[i]) && (i == 0 || !char.IsHighSurrogate(text[i - 1]));
}
