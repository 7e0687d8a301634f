using System.Globalization;
using System.Text;

namespace AttentionGen.Reports;

/// <summary>File names for the pictures: a number keeps them unique and ordered, a slug of the title says what they show.</summary>
internal static class FileNames
{
    public static string Picture(string kind, int number, string title)
    {
        var slug = new StringBuilder();
        foreach (char c in title.ToLowerInvariant())
        {
            if (c is >= 'a' and <= 'z' or >= '0' and <= '9')
                slug.Append(c);
            else if (slug.Length > 0 && slug[^1] != '-')
                slug.Append('-');
            if (slug.Length >= 40)
                break;
        }
        string text = slug.ToString().Trim('-');
        string prefix = kind + "-" + number.ToString("D2", CultureInfo.InvariantCulture);
        return (text.Length == 0 ? prefix : prefix + "-" + text) + ".png";
    }
}
