namespace AttentionGen.Runtime.Tests.Checkpoints;

public class ParameterByNameTests
{
    [Fact]
    public void ParametersAndGradientsAreFoundByStateDictName()
    {
        var model = new TinyModel();
        Assert.Equal(new[] { 3f, 3.25f }, model.Parameter("dense.bias").ToArray());
        model.Parameter("dense.bias").Fill(7f);
        Assert.Equal(7f, model.Snapshot()[18]);
        model.Gradient("dense.weight")[1] = 2f;
        Assert.Equal(2f, model.Gradients[13]);
        var info = model.GetParameterInfo("embed.weight");
        Assert.Equal(new[] { 4, 3 }, info.Shape);
        Assert.Equal(0, info.Offset);
    }

    [Fact]
    public void AMissingNameIsNamedWithTheClosestNames()
    {
        var e = Assert.Throws<ArgumentException>(() => new TinyModel().Parameter("dense.weights"));
        Assert.Equal("name", e.ParamName);
        Assert.Contains("TinyModel has no parameter named 'dense.weights'; the closest of its 3 are 'dense.weight', 'dense.bias', 'embed.weight'", e.Message);
        var forged = Assert.Throws<ArgumentException>(() => new TinyModel().Gradient("x\nmissing" + new string('y', 5000)));
        Assert.DoesNotContain('\n', forged.Message);
        Assert.True(forged.Message.Length < 1000);
    }
}
