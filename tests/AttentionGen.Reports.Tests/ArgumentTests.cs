namespace AttentionGen.Reports.Tests;

public class ArgumentTests
{
    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void A_blank_title_is_refused(string title)
    {
        var error = Assert.Throws<ArgumentException>(() => new RunReport(title));
        Assert.Equal("title", error.ParamName);
        Assert.Contains("report title", error.Message);
    }

    [Fact]
    public void Blank_names_are_refused_with_the_parameter_named()
    {
        var report = new RunReport("Run");
        Assert.Equal("name", Assert.Throws<ArgumentException>(() => report.AddSetting(" ", "1")).ParamName);
        Assert.Equal("name", Assert.Throws<ArgumentException>(() => report.AddResult("", "1")).ParamName);
        Assert.Equal("chart", Assert.Throws<ArgumentException>(() => report.SetAxes("", "x", "y")).ParamName);
        Assert.Equal("series", Assert.Throws<ArgumentException>(() => report.AddPoint("Loss", "", 0, 1)).ParamName);
        Assert.Equal("heading", Assert.Throws<ArgumentException>(() => report.AddText("", "text")).ParamName);
        Assert.Equal("value", Assert.Throws<ArgumentNullException>(() => report.AddSetting("a", null!)).ParamName);
    }

    [Fact]
    public void A_setting_added_twice_is_refused_with_its_name()
    {
        var report = new RunReport("Run");
        report.AddSetting("epochs", "3");
        var error = Assert.Throws<ArgumentException>(() => report.AddSetting("epochs", "4"));
        Assert.Contains("'epochs'", error.Message);
    }

    [Theory]
    [InlineData(double.NaN, 1.0, "x", "NaN")]
    [InlineData(1.0, double.PositiveInfinity, "y", "Infinity")]
    [InlineData(2.0, double.NaN, "y", "NaN")]
    public void A_point_that_is_not_finite_is_refused_with_the_value(double x, double y, string parameter, string shown)
    {
        var report = new RunReport("Run");
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => report.AddPoint("Loss", "train", x, y));
        Assert.Equal(parameter, error.ParamName);
        Assert.Contains(shown, error.Message);
        Assert.Contains("'Loss'", error.Message);
        Assert.Contains("'train'", error.Message);
    }

    [Fact]
    public void Weights_of_the_wrong_length_are_refused_with_both_counts()
    {
        var report = new RunReport("Run");
        var error = Assert.Throws<ArgumentException>(() =>
            report.AddAttentionMap("Map", new[] { "a", "b" }, new[] { "a", "b", "c" }, new float[11], heads: 2));
        Assert.Equal("weights", error.ParamName);
        Assert.Contains("11 values", error.Message);
        Assert.Contains("2 × 2 × 3 = 12", error.Message);
    }

    [Theory]
    [InlineData(float.NaN, "NaN")]
    [InlineData(-0.5f, "-0.5")]
    [InlineData(float.PositiveInfinity, "Infinity")]
    public void A_weight_that_is_not_a_probability_is_refused_with_its_position(float bad, string shown)
    {
        var report = new RunReport("Run");
        float[] weights = { 0.5f, 0.5f, 1f, 0f };
        weights[2] = bad;
        var error = Assert.Throws<ArgumentException>(() =>
            report.AddAttentionMap("Map", new[] { "a", "b" }, new[] { "a", "b" }, weights, heads: 1));
        Assert.Equal("weights", error.ParamName);
        Assert.Contains("[head 0, query 1, key 0]", error.Message);
        Assert.Contains(shown, error.Message);
    }

    [Fact]
    public void Empty_token_lists_and_bad_head_counts_are_refused()
    {
        var report = new RunReport("Run");
        Assert.Equal("queryTokens", Assert.Throws<ArgumentException>(() =>
            report.AddAttentionMap("Map", Array.Empty<string>(), new[] { "a" }, ReadOnlySpan<float>.Empty, 1)).ParamName);
        var heads = Assert.Throws<ArgumentOutOfRangeException>(() =>
            report.AddAttentionMap("Map", new[] { "a" }, new[] { "a" }, ReadOnlySpan<float>.Empty, 0));
        Assert.Equal("heads", heads.ParamName);
        Assert.Contains("not 0", heads.Message);
    }

    [Fact]
    public void Writing_into_a_path_that_is_a_file_is_refused_with_the_path()
    {
        using var directory = new TemporaryDirectory();
        string file = System.IO.Path.Combine(directory.Path, "taken");
        System.IO.File.WriteAllText(file, "x");
        var error = Assert.Throws<System.IO.IOException>(() => new RunReport("Run").Write(file));
        Assert.Contains(file, error.Message);
    }
}
