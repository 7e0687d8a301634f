using System.Linq;

namespace AttentionGen.Runtime.Tests.Text;

public class TextTests
{
    [Fact]
    public void CharacterVocabularyRoundTripsInOrdinalOrder()
    {
        var vocabulary = CharacterVocabulary.Build("To be, or not to be");
        Assert.Equal(" ,Tbenort", new string(Enumerable.Range(0, vocabulary.Count).Select(i => vocabulary.Decode(new[] { i })[0]).ToArray()));
        var ids = vocabulary.Encode("be not");
        Assert.Equal(new[] { 3, 4, 0, 5, 6, 8 }, ids);
        Assert.Equal("be not", vocabulary.Decode(ids));
    }

    [Fact]
    public void CharacterVocabularyNamesTheUnknownCharacter()
    {
        var vocabulary = CharacterVocabulary.Build("abc");
        var error = Assert.Throws<ArgumentException>(() => vocabulary.Encode("abz"));
        Assert.Contains("'z'", error.Message);
        Assert.Contains("position 2", error.Message);
        Assert.Contains("7", Assert.Throws<ArgumentOutOfRangeException>(() => vocabulary.Decode(new[] { 7 })).Message);
    }

    [Fact]
    public void AnUnknownControlCharacterIsEscapedInTheMessage()
    {
        // A raw newline would start a line of its own in the message and could pass for another error.
        var vocabulary = CharacterVocabulary.Build("abc");
        var error = Assert.Throws<ArgumentException>(() => vocabulary.Encode("ab\nc"));
        Assert.DoesNotContain("\n", error.Message);
        Assert.Contains("'\\n' (U+000A) at position 2", error.Message);
    }

    [Fact]
    public void WordVocabularyKeepsFrequentWordsAndPads()
    {
        var vocabulary = WordVocabulary.Build(new[] { "a b a c", "a b d" }, size: 4);
        Assert.Equal(4, vocabulary.Count);
        Assert.Equal("a", vocabulary[2]);
        Assert.Equal("b", vocabulary[3]);
        var ids = new int[6];
        Assert.Equal(4, vocabulary.Encode("a c b zz", ids));
        Assert.Equal(new[] { 2, WordVocabulary.Unknown, 3, WordVocabulary.Unknown, WordVocabulary.Padding, WordVocabulary.Padding }, ids);
    }

    [Fact]
    public void GreedySamplingTakesTheLargestLogit() =>
        Assert.Equal(2, TokenSampler.Sample(new[] { 0.1f, 1.5f, 3f, -2f }, 0f, new Rng(1)));

    [Fact]
    public void SamplingFollowsTheSoftmax()
    {
        // softmax([0, ln 3]) = [0.25, 0.75]
        var rng = new Rng(9);
        float[] logits = { 0f, MathF.Log(3f) };
        int ones = 0;
        for (int i = 0; i < 20_000; i++) ones += TokenSampler.Sample(logits, 1f, rng);
        Assert.InRange(ones / 20_000.0, 0.74, 0.76);
    }

    [Fact]
    public void SamplingRejectsANegativeTemperature() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => TokenSampler.Sample(new[] { 1f }, -1f, new Rng(1)));

    [Fact]
    public void NullTextsAreRefusedByName()
    {
        var characters = CharacterVocabulary.Build("abc");
        Assert.Equal("text", Assert.Throws<ArgumentNullException>(() => characters.Encode(null!)).ParamName);
        Assert.Equal("text", Assert.Throws<ArgumentNullException>(() => CharacterVocabulary.Build(null!)).ParamName);

        Assert.Equal("texts", Assert.Throws<ArgumentNullException>(() => WordVocabulary.Build(null!, 10)).ParamName);
        var e = Assert.Throws<ArgumentException>(() => WordVocabulary.Build(new[] { "a b", null!, "c" }, 10));
        Assert.Equal("texts", e.ParamName);
        Assert.Contains("texts[1] is null", e.Message);
        var words = WordVocabulary.Build(new[] { "a b" }, 10);
        Assert.Equal("text", Assert.Throws<ArgumentNullException>(() => words.Encode(null!, new int[4])).ParamName);
    }

    [Theory]
    [InlineData(float.NaN, "NaN")]
    [InlineData(float.PositiveInfinity, "Infinity")]
    [InlineData(float.NegativeInfinity, "-Infinity")]
    public void NonFiniteLogitsAreRefused(float bad, string shown)
    {
        foreach (float temperature in new[] { 0f, 1f })
        {
            var e = Assert.Throws<ArgumentException>(() => TokenSampler.Sample(new[] { 0.5f, bad, 2f }, temperature, new Rng(1)));
            Assert.Equal("logits", e.ParamName);
            Assert.Contains($"Logit 1 of 3 is {shown}", e.Message);
        }
    }
}
