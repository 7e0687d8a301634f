using System.Collections.Generic;
using System.Linq;
using Translation;

namespace Translation.Tests;

public class HeldOutSplitTests
{
    private static List<TatoebaPair> Pairs()
    {
        var pairs = new List<TatoebaPair>();
        for (int i = 0; i < 200; i++) pairs.Add(new TatoebaPair($"Sentence number {i}.", $"第{i}句。", "CC", i + 1));
        pairs.Add(new TatoebaPair("sentence NUMBER 7 .", "第七句。", "CC", 201)); // the same English as line 8, once tokenized
        return pairs;
    }

    private static string[] HeldOutEnglish(HeldOutSplit split) => split.HeldOut.Select(s => s.English).ToArray();

    [Fact]
    public void TheSameSeedGivesTheSameSplitAndAnotherSeedAnother()
    {
        var a = HeldOutSplit.Make(Pairs(), 0.1, seed: 42);
        var b = HeldOutSplit.Make(Pairs(), 0.1, seed: 42);
        var c = HeldOutSplit.Make(Pairs(), 0.1, seed: 43);

        Assert.Equal(HeldOutEnglish(a), HeldOutEnglish(b));
        Assert.Equal(a.Train, b.Train);
        Assert.NotEqual(HeldOutEnglish(a), HeldOutEnglish(c));
    }

    [Fact]
    public void HoldsOutTheFractionOfDistinctSentencesAndLosesNoPair()
    {
        var split = HeldOutSplit.Make(Pairs(), 0.1, seed: 42);

        Assert.Equal(20, split.HeldOut.Count); // 200 distinct English sentences
        Assert.Equal(201, split.Train.Count + split.HeldOutPairs.Count());
        Assert.Equal(split.Train.OrderBy(p => p.Line), split.Train);
    }

    [Fact]
    public void AnEnglishSentenceIsNeverOnBothSidesAndKeepsAllItsTranslations()
    {
        for (ulong seed = 0; seed < 20; seed++)
        {
            var split = HeldOutSplit.Make(Pairs(), 0.1, seed);
            var trainEnglish = split.Train.Select(p => string.Join(' ', EnglishWords.Tokenize(p.English))).ToHashSet();
            Assert.All(split.HeldOutPairs, p => Assert.DoesNotContain(string.Join(' ', EnglishWords.Tokenize(p.English)), trainEnglish));
            var seven = split.HeldOut.SingleOrDefault(s => s.English == "Sentence number 7.");
            if (seven is not null) Assert.Equal(new[] { "第7句。", "第七句。" }, seven.Pairs.Select(p => p.Chinese));
        }
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(1.0)]
    public void AFractionOutsideZeroToOneIsRefused(double fraction) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => HeldOutSplit.Make(Pairs(), fraction, seed: 1));
}
