namespace AttentionGen.Runtime.Tests;

public class Smoke
{
    [Fact]
    public void AttributesLoad() => Assert.Equal(5000, new SinusoidalPositionsAttribute().MaxLength);
}
