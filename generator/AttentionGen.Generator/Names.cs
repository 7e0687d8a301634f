using System.Text;

namespace AttentionGen.Generator;

/// <summary>Identifiers for generated members, derived from state-dict names.</summary>
internal static class Names
{
    /// <summary>"encoder.layers.0.self_attn" → "EncoderLayers0SelfAttn".</summary>
    public static string Pascal(string name)
    {
        var text = new StringBuilder();
        bool upper = true;
        foreach (char ch in name)
        {
            if (ch == '.' || ch == '_')
            {
                upper = true;
                continue;
            }
            text.Append(upper ? char.ToUpperInvariant(ch) : ch);
            upper = false;
        }
        if (text.Length == 0 || char.IsDigit(text[0])) text.Insert(0, 'P');
        return text.ToString();
    }

    /// <summary>"self_attn" → "selfAttn".</summary>
    public static string Camel(string name)
    {
        var pascal = Pascal(name);
        return char.ToLowerInvariant(pascal[0]) + pascal.Substring(1);
    }

    /// <summary>A declared name as C# source: a reserved keyword gets its '@' ("class" → "@class").</summary>
    public static string Identifier(string name) =>
        Microsoft.CodeAnalysis.CSharp.SyntaxFacts.GetKeywordKind(name) != Microsoft.CodeAnalysis.CSharp.SyntaxKind.None ? "@" + name : name;

    /// <summary>A C# string literal.</summary>
    public static string Literal(string text) => "\"" + text.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"";
}
