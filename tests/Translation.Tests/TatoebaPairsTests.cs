using System.Collections.Generic;
using System.IO;
using Translation;

namespace Translation.Tests;

public class TatoebaPairsTests
{
    private static List<TatoebaPair> Read(string text) => TatoebaPairs.Read(new StringReader(text), "cmn.txt");

    [Fact]
    public void ReadsThreeFieldsPerLineKeepingTheAttributionAndLineNumber()
    {
        var pairs = Read("\uFEFFHi.\t嗨。\tCC-BY 2.0 (France) Attribution: tatoeba.org #538123 (CM)\n\nRun.\t你用跑的。\tCC-BY #4008918\n\n");

        Assert.Equal(2, pairs.Count);
        Assert.Equal(new TatoebaPair("Hi.", "嗨。", "CC-BY 2.0 (France) Attribution: tatoeba.org #538123 (CM)", 1), pairs[0]);
        Assert.Equal(new TatoebaPair("Run.", "你用跑的。", "CC-BY #4008918", 3), pairs[1]);
    }

    [Theory]
    [InlineData("Hi.\t嗨。\tCC\nWait!\t等等！\n", "cmn.txt line 2: expected 3 tab-separated fields (English, Chinese, attribution) but found 2: 'Wait!→等等！'")]
    [InlineData("Hi.\t嗨。\tCC\nHi.\t嗨。\tCC\t\n", "cmn.txt line 2: expected 3 tab-separated fields (English, Chinese, attribution) but found 4: 'Hi.→嗨。→CC→'")]
    [InlineData("Hi.\t嗨。\tCC\n\n  \t好。\tCC\n", "cmn.txt line 3: the English sentence is empty: '  →好。→CC'")]
    [InlineData("Hi.\t \tCC\n", "cmn.txt line 1: the Chinese sentence is empty: 'Hi.→ →CC'")]
    [InlineData("\n\n", "cmn.txt holds no sentence pairs.")]
    public void AMalformedLineIsNamedWithItsNumber(string text, string message)
    {
        var error = Assert.Throws<InvalidDataException>(() => Read(text));

        Assert.Equal(message, error.Message);
    }

    [Fact]
    public void TheShippedFileReadsWhole()
    {
        var pairs = TatoebaPairs.Read(Path.Combine(AppContext.BaseDirectory, "data", "tatoeba-cmn-eng", "cmn.txt"));

        Assert.Equal(29_155, pairs.Count);
        Assert.Equal("Hi.", pairs[0].English); // the byte-order mark is not part of the first sentence
        Assert.All(pairs, pair => Assert.StartsWith("CC-BY 2.0 (France) Attribution: tatoeba.org #", pair.Attribution));
    }
}
