using System.Collections.Generic;
using System.Text;
using Microsoft.CodeAnalysis.Text;

namespace AttentionGen.Generator.Tests.Analyzers;

/// <summary>A span a test expects a diagnostic on; <see cref="Id"/> is null for <c>[|…|]</c>, which takes the test's ID.</summary>
public readonly record struct MarkedSpan(string? Id, TextSpan Span);

/// <summary>
/// Source with the expected diagnostic spans marked: <c>[|6|]</c>, or <c>{|AG0101:6|}</c> when a test expects
/// several IDs. <see cref="Parse"/> strips the marks and keeps the spans in the clean text.
/// </summary>
public sealed record Markup(string Source, IReadOnlyList<MarkedSpan> Spans)
{
    public static Markup Parse(string markup)
    {
        var text = new StringBuilder(markup.Length);
        var spans = new List<MarkedSpan>();
        var open = new Stack<(string? Id, int Start, char Kind)>();
        int i = 0;
        while (i < markup.Length)
        {
            if (At(markup, i, "[|"))
            {
                open.Push((null, text.Length, '['));
                i += 2;
            }
            else if (At(markup, i, "{|") && markup.IndexOf(':', i) is int colon and > 0)
            {
                open.Push((markup.Substring(i + 2, colon - i - 2), text.Length, '{'));
                i = colon + 1;
            }
            else if (At(markup, i, "|]") || At(markup, i, "|}"))
            {
                char kind = markup[i + 1] == ']' ? '[' : '{';
                if (open.Count == 0 || open.Peek().Kind != kind)
                    throw new System.FormatException("Unbalanced span mark at offset " + i + " of the markup.");
                var (id, start, _) = open.Pop();
                spans.Add(new MarkedSpan(id, TextSpan.FromBounds(start, text.Length)));
                i += 2;
            }
            else
            {
                text.Append(markup[i]);
                i++;
            }
        }
        if (open.Count != 0) throw new System.FormatException("A span mark is not closed.");
        spans.Sort((a, b) => a.Span.Start != b.Span.Start ? a.Span.Start.CompareTo(b.Span.Start) : a.Span.End.CompareTo(b.Span.End));
        return new Markup(text.ToString(), spans);
    }

    private static bool At(string text, int index, string token) => string.CompareOrdinal(text, index, token, 0, token.Length) == 0;
}
