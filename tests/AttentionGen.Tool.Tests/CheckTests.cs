namespace AttentionGen.Tool.Tests;

public sealed class CheckTests
{
    private const string Good = """
        using AttentionGen;

        [Model(Vocab = 1000, MaxSeq = 32)]
        [Embed(64)]
        [MultiHead(8)]
        [MeanPool, Dense(2)]
        public partial class ProbeClassifier;
        """;

    [Fact]
    public void A_valid_model_gets_its_layer_table_and_no_errors()
    {
        using var folder = new TempFolder();
        var run = ToolRun.Of("check", folder.File("Model.cs", Good));
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("ProbeClassifier (line 7): 80,770 parameters", run.Output);
        // Embed(64) holds 1000 × 64 weights; MultiHead(8) 4 × 64 × 64 + 4 × 64; Dense(2) 2 × 64 + 2.
        Assert.Matches(@"Embed\(64\)\s*│ embed\s*│ \(batch, seq, 64\)\s*│\s*64,000", run.Output);
        Assert.Matches(@"MultiHead\(8\)\s*│ self_attn\s*│ \(batch, seq, 64\)\s*│\s*16,640", run.Output);
        Assert.Matches(@"Dense\(2\)\s*│ dense\s*│ \(batch, 2\)\s*│\s*130", run.Output);
        Assert.Contains("1 model(s), no errors", run.Output);
        Assert.Equal("", run.Error);
    }

    [Fact]
    public void A_head_count_that_does_not_divide_is_reported_at_its_argument()
    {
        using var folder = new TempFolder();
        string path = folder.File("Model.cs", Good.Replace("MultiHead(8)", "MultiHead(6)"));
        var run = ToolRun.Of("check", path);
        Assert.Equal(1, run.ExitCode);
        // Line 5, column 12: the 6 in [MultiHead(6)], where the analyzer underlines it in the IDE.
        Assert.Contains($"{path}(5,12): error AG0101: MultiHead(6) splits Embed(64) into heads of 10.67 features", run.Output);
        Assert.Contains("1 model(s), 1 error(s)", run.Output);
    }

    [Fact]
    public void A_misspelled_attribute_is_a_compiler_error_and_no_table()
    {
        using var folder = new TempFolder();
        string path = folder.File("Model.cs", Good.Replace("[MeanPool, Dense(2)]", "[MeanPol, Dense(2)]"));
        var run = ToolRun.Of("check", path);
        Assert.Equal(1, run.ExitCode);
        Assert.Contains($"{path}(6,2): error CS0246:", run.Output);
        Assert.DoesNotContain("│ layer", run.Output);
    }

    [Fact]
    public void A_missing_file_is_one_line()
    {
        ToolRun.Of("check", "/nonexistent/Model.cs").AssertOneErrorLine(1, "C# file '/nonexistent/Model.cs' not found");
    }
}
