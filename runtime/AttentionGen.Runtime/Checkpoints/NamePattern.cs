using System;
using System.Collections.Generic;
using System.Text;
using System.Text.RegularExpressions;
using AttentionGen.Runtime;

namespace AttentionGen.Checkpoints;

/// <summary>
/// A tensor name with placeholders, such as <c>h.{i}.ln_1.weight</c>: literal text, and <c>{name}</c> parts that
/// each stand for one or more characters other than a dot (one part of a dotted name, e.g. a layer index). A
/// pattern matches a name when the name is the pattern with each placeholder replaced; the placeholders' values can
/// then fill another pattern with the same placeholders.
/// </summary>
internal sealed class NamePattern
{
    private readonly string[] _literals;
    private readonly string[] _placeholders;
    private readonly Regex? _regex;

    private NamePattern(string text, string[] literals, string[] placeholders)
    {
        Text = text;
        _literals = literals;
        _placeholders = placeholders;
        if (placeholders.Length > 0)
        {
            var regex = new StringBuilder("^");
            for (int i = 0; i < placeholders.Length; i++)
            {
                regex.Append(Regex.Escape(literals[i])).Append("(?<").Append(placeholders[i]).Append(">[^.]+)");
            }

            regex.Append(Regex.Escape(literals[^1])).Append('$');
            // Non-backtracking: matching time grows linearly with the name, however long and however it is made.
            _regex = new Regex(regex.ToString(), RegexOptions.CultureInvariant | RegexOptions.NonBacktracking);
        }
    }

    /// <summary>The pattern as written.</summary>
    public string Text { get; }

    /// <summary>The placeholders' names, in order.</summary>
    public IReadOnlyList<string> Placeholders => _placeholders;

    /// <summary>
    /// Parses a pattern. Placeholder names are letters, digits and underscores, not starting with a digit; each
    /// appears once; two placeholders must have literal text between them; <c>{</c> and <c>}</c> appear only
    /// around placeholders.
    /// </summary>
    public static NamePattern Parse(string text, string parameterName)
    {
        ArgumentException.ThrowIfNullOrEmpty(text, parameterName);
        var literals = new List<string>();
        var placeholders = new List<string>();
        var literal = new StringBuilder();
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (c == '}') throw Bad(text, parameterName, $"'}}' at position {i} closes no placeholder");
            if (c != '{')
            {
                literal.Append(c);
                continue;
            }

            int close = text.IndexOf('}', i + 1);
            if (close < 0) throw Bad(text, parameterName, $"'{{' at position {i} is never closed");
            string name = text[(i + 1)..close];
            if (!IsIdentifier(name)) throw Bad(text, parameterName, $"placeholder '{{{name}}}' at position {i} is not a name of letters, digits and underscores");
            if (placeholders.Contains(name)) throw Bad(text, parameterName, $"placeholder '{{{name}}}' appears twice");
            if (placeholders.Count > 0 && literal.Length == 0) throw Bad(text, parameterName, $"placeholder '{{{name}}}' follows another with nothing between them, so it is unclear where one ends");
            literals.Add(literal.ToString());
            literal.Clear();
            placeholders.Add(name);
            i = close;
        }

        literals.Add(literal.ToString());
        return new NamePattern(text, [.. literals], [.. placeholders]);
    }

    /// <summary>Whether <paramref name="name"/> fits the pattern; if so, adds each placeholder's value to <paramref name="values"/>.</summary>
    public bool TryMatch(string name, Dictionary<string, string> values)
    {
        if (_regex is null) return string.Equals(name, Text, StringComparison.Ordinal);
        var match = _regex.Match(name);
        if (!match.Success) return false;
        foreach (var placeholder in _placeholders) values[placeholder] = match.Groups[placeholder].Value;
        return true;
    }

    /// <summary>The name this pattern gives with the placeholders' values.</summary>
    public string Fill(IReadOnlyDictionary<string, string> values)
    {
        var name = new StringBuilder(_literals[0]);
        for (int i = 0; i < _placeholders.Length; i++) name.Append(values[_placeholders[i]]).Append(_literals[i + 1]);
        return name.ToString();
    }

    /// <inheritdoc />
    public override string ToString() => Text;

    private static bool IsIdentifier(string name)
    {
        if (name.Length == 0 || char.IsAsciiDigit(name[0])) return false;
        foreach (char c in name)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c != '_') return false;
        }

        return true;
    }

    private static ArgumentException Bad(string text, string parameterName, string problem) =>
        new($"Name pattern {MessageText.Name(text)}: {problem}.", parameterName);
}
