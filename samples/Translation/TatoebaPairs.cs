using System.Collections.Generic;
using System.IO;
using System.Text;

namespace Translation;

/// <summary>One sentence pair of the Tatoeba English-Chinese file, with its attribution and the line it came from.</summary>
public sealed record TatoebaPair(string English, string Chinese, string Attribution, int Line);

/// <summary>
/// Reads the Tatoeba English-Chinese pairs (<c>cmn.txt</c> from manythings.org/anki): one pair a line, three
/// tab-separated fields (English, Chinese, attribution). Empty lines are skipped (the file ends with one); any other
/// line that is not three fields with a non-empty English and Chinese sentence is an error naming the file, the line
/// number and the line.
/// </summary>
public static class TatoebaPairs
{
    /// <summary>Reads <paramref name="path"/>; throws <see cref="InvalidDataException"/> at the first malformed line.</summary>
    public static List<TatoebaPair> Read(string path)
    {
        using var reader = new StreamReader(path, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        return Read(reader, path);
    }

    /// <summary>Reads pairs from <paramref name="reader"/>; <paramref name="name"/> names the source in errors.</summary>
    public static List<TatoebaPair> Read(TextReader reader, string name)
    {
        var pairs = new List<TatoebaPair>();
        int number = 0;
        while (reader.ReadLine() is { } line)
        {
            number++;
            if (number == 1 && line.StartsWith('\uFEFF')) line = line[1..]; // a byte-order mark the reader did not consume
            if (line.Length == 0) continue;
            string[] fields = line.Split('\t');
            if (fields.Length != 3)
            {
                throw new InvalidDataException(
                    $"{name} line {number}: expected 3 tab-separated fields (English, Chinese, attribution) but found {fields.Length}: {Shown(line)}");
            }

            string english = fields[0].Trim(), chinese = fields[1].Trim();
            if (english.Length == 0 || chinese.Length == 0)
            {
                throw new InvalidDataException(
                    $"{name} line {number}: the {(english.Length == 0 ? "English" : "Chinese")} sentence is empty: {Shown(line)}");
            }

            pairs.Add(new TatoebaPair(english, chinese, fields[2].Trim(), number));
        }

        if (pairs.Count == 0) throw new InvalidDataException($"{name} holds no sentence pairs.");
        return pairs;
    }

    /// <summary>The line as it reads, tabs shown as →, cut after 80 characters.</summary>
    private static string Shown(string line)
    {
        string text = line.Replace('\t', '→');
        return text.Length <= 80 ? $"'{text}'" : $"'{text[..80]}…'";
    }
}
