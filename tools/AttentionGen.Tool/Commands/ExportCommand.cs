using System.Globalization;
using System.IO;
using AttentionGen.Checkpoints;
using AttentionGen.Tool.Output;
using AttentionGen.Tool.Runs;

namespace AttentionGen.Tool.Commands;

/// <summary>
/// <c>attentiongen export model.safetensors --out weights.safetensors</c>: the weights alone, F32 under PyTorch
/// state-dict names and layouts (<c>format: pt</c>), without the optimizer state: the file
/// <c>safetensors.torch.load_file</c> reads into a PyTorch module built the same way (and that the generated
/// TorchSharp module loads by the same names). The tool's metadata stays, so evaluate, predict and generate read the
/// exported file too.
/// </summary>
internal static class ExportCommand
{
    public static int Run(ToolContext context, string checkpoint, string output)
    {
        var (model, info) = ToolCheckpoint.LoadForInference(checkpoint, maxBatch: 1);
        if (Path.GetFullPath(output) == Path.GetFullPath(checkpoint))
        {
            throw new UserError($"--out is the checkpoint itself ('{output}'); export writes a separate weights file", ExitCodes.Usage);
        }

        var metadata = ToolCheckpoint.Metadata(info with { Settings = info.Settings });
        try
        {
            Checkpoint.SaveWeights(model, output, metadata);
        }
        catch (System.Exception e) when (e is IOException or System.UnauthorizedAccessException)
        {
            throw new UserError($"cannot write '{output}': {e.Message}");
        }

        long size = new FileInfo(output).Length;
        context.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"wrote '{output}': {info.Shape.TypeName}, {model.Parameters.Length:N0} F32 parameters under PyTorch state-dict names ({size:N0} bytes)"));
        return ExitCodes.Success;
    }
}
