using System.Collections.Generic;
using System.Linq;
using System.Text;
using AttentionGen.Runtime;
using Translation;

namespace Translation.Tests;

/// <summary>The sample's score: the runtime's corpus BLEU-4 over Chinese characters, checked against a case worked out by hand.</summary>
public class CharacterBleuTests
{
    private static IReadOnlyList<Rune> Characters(string text) => ChineseCharacters.Split(text);

    [Fact]
    public void ACorpusOfThreeSentencesScoredByHand()
    {
        // 我爱你。 against itself: 4/4 unigrams, 3/3 bigrams, 2/2 trigrams, 1/1 four-grams.
        // 他很好吗 against 他很好。: 3/4, 2/3, 1/2, 0/1.
        // 好 against 你好。 and 好的。 (both 3 long, so 3 is the reference length): 1/1 and no longer n-grams.
        // Corpus precisions: 8/9, 5/6, 3/4, 1/2, whose product is 5/18. Candidates 9 characters, references 4+4+3 = 11,
        // so BP = exp(1 − 11/9) = exp(−2/9), and BLEU = exp(−2/9) · (5/18)^(1/4) = 0.58131896...
        var bleu = new Bleu<Rune>();
        bleu.Add(Characters("我爱你。"), Characters("我爱你。"));
        bleu.Add(Characters("他很好吗"), Characters("他很好。"));
        bleu.Add(Characters("好"), new[] { Characters("你好。"), Characters("好的。") });

        double[] expected = [8 / 9.0, 5 / 6.0, 3 / 4.0, 1 / 2.0];
        for (int n = 0; n < 4; n++) Assert.Equal(expected[n], bleu.Precisions[n], 12);
        Assert.Equal(Math.Exp(-2 / 9.0), bleu.BrevityPenalty, 12);
        Assert.Equal(0.5813189627146944, bleu.Score, 12);
    }
}
