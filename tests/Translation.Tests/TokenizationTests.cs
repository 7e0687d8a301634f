using System.Collections.Generic;
using System.IO;
using System.Text;
using Translation;

namespace Translation.Tests;

public class TokenizationTests
{
    [Theory]
    [InlineData("I love you.", new[] { "i", "love", "you", "." })]
    [InlineData("Don't do that, Tom!", new[] { "don't", "do", "that", ",", "tom", "!" })]
    [InlineData("It’s 5 o'clock?", new[] { "it's", "5", "o'clock", "?" })]
    [InlineData("  Café  ", new[] { "café" })]
    [InlineData("\"Hi\"", new[] { "\"", "hi", "\"" })]
    public void EnglishIsLowerCasedWordsWithPunctuationApart(string sentence, string[] tokens) =>
        Assert.Equal(tokens, EnglishWords.Tokenize(sentence));

    [Fact]
    public void TheEnglishVocabularyKeepsWordsSeenTwiceMostFrequentFirstAndReportsUnknownWords()
    {
        var words = EnglishWords.Build(["I see you.", "You see me.", "I run."], capacity: 100);

        Assert.Equal(new[] { ".", "i", "see", "you" }, words.Words); // "." 3 times, the others twice; "me", "run" once
        var unknown = new List<string>();
        int[] ids = words.Encode("You see Tom.", unknown);
        Assert.Equal(new[] { 5, 4, EnglishWords.Unknown, 2 }, ids);
        Assert.Equal(new[] { "tom" }, unknown);
        Assert.Equal("you", words[5]);
        Assert.Equal("<unk>", words[EnglishWords.Unknown]);
    }

    [Fact]
    public void TheEnglishVocabularyStopsAtItsCapacityAndRoundTripsThroughItsWordList()
    {
        var words = EnglishWords.Build(["a a a b b c c"], capacity: 4, minimumCount: 1);

        Assert.Equal(new[] { "a", "b" }, words.Words);
        Assert.Equal(words.Words, EnglishWords.FromWords(words.Words).Words);
        Assert.Contains("twice", Assert.Throws<InvalidDataException>(() => EnglishWords.FromWords(["a", "a"])).Message);
    }

    [Fact]
    public void ChineseIsCharactersWithStartAndEndAroundTheTarget()
    {
        var characters = ChineseCharacters.Build(["我爱你。", "我很好。", "𠀋𠀋"], capacity: 100);

        Assert.Equal("。我𠀋", characters.Characters); // a character outside the BMP is one token
        int[] target = characters.EncodeTarget("我爱𠀋。");
        Assert.Equal(new[] { ChineseCharacters.Start, 5, ChineseCharacters.Unknown, 6, 4, ChineseCharacters.End }, target);
        Assert.Equal("我𠀋。", characters.Decode([5, 6, 4]));
        Assert.Equal(new[] { new Rune('我'), new Rune(0x2000B) }, ChineseCharacters.Split("我𠀋"));
        Assert.Equal(characters.Characters, ChineseCharacters.FromCharacters(characters.Characters).Characters);
        Assert.Throws<ArgumentOutOfRangeException>(() => characters[ChineseCharacters.End]);
    }
}
