using System;
using System.Globalization;
using System.Linq;
using System.Text;

namespace AttentionGen.Tool.Tests;

/// <summary>Small training files, built in code so every test owns its data.</summary>
internal static class Samples
{
    /// <summary>About 2 KB of repetitive English: a few dozen windows for the small text model.</summary>
    public static string Text()
    {
        var text = new StringBuilder();
        string[] lines = ["the cat sat on the mat.", "a dog ran in the park.", "to be or not to be.", "all is well that ends well."];
        for (int i = 0; text.Length < 2200; i++) text.Append(lines[i % lines.Length]).Append('\n');
        return text.ToString();
    }

    /// <summary>label&lt;TAB&gt;text lines: "pos" texts praise, "neg" texts complain.</summary>
    public static string Reviews()
    {
        string[] good = ["a wonderful moving film", "brilliant acting and a great story", "i loved every minute", "funny warm and wise"];
        string[] bad = ["dull and tedious", "a boring mess", "i hated the plot", "weak acting and a silly script"];
        var text = new StringBuilder();
        for (int i = 0; i < 40; i++)
        {
            text.Append("pos\t").Append(good[i % good.Length]).Append('\n');
            text.Append("neg\t").Append(bad[i % bad.Length]).Append('\n');
        }

        return text.ToString();
    }

    /// <summary>A seasonal series with a trend, period 12, as date,value rows; <paramref name="missing"/> rows left empty.</summary>
    public static string Series(int count, params int[] missing)
    {
        var text = new StringBuilder("date,value\n");
        for (int i = 0; i < count; i++)
        {
            string value = missing.Contains(i) ? "" : (10 + 0.05 * i + Math.Sin(2 * Math.PI * i / 12)).ToString("F3", CultureInfo.InvariantCulture);
            text.Append(i.ToString(CultureInfo.InvariantCulture)).Append(',').Append(value).Append('\n');
        }

        return text.ToString();
    }

    /// <summary>
    /// English<TAB>Chinese<TAB>attribution lines, as the Tatoeba files: eight pairs, each repeated, so a few epochs of
    /// the small translator learn them by heart.
    /// </summary>
    public static string Pairs()
    {
        string[][] pairs =
        [
            ["I am happy.", "我很高兴。"], ["Tom is here.", "汤姆在这里。"], ["Who are you?", "你是谁？"], ["I love you.", "我爱你。"],
            ["Come here.", "过来。"], ["He is tall.", "他很高。"], ["We are busy.", "我们很忙。"], ["Thank you.", "谢谢你。"],
        ];
        var text = new StringBuilder();
        for (int i = 0; i < 80; i++)
        {
            var pair = pairs[i % pairs.Length];
            text.Append(pair[0]).Append('\t').Append(pair[1]).Append("\tCC-BY 2.0 (France) Attribution: tatoeba.org\n");
        }

        return text.ToString();
    }
}
