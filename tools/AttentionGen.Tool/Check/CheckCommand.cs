using System.Globalization;
using System.IO;
using System.Linq;
using AttentionGen.Tool.Data;
using AttentionGen.Tool.Output;
using Spectre.Console;

namespace AttentionGen.Tool.Check;

/// <summary>
/// <c>attentiongen check Model.cs</c>: a table per model (each layer, its output shape and parameters), then every
/// diagnostic as the build prints it (<c>file(line,column): error AG0101: ...</c>). Exit code 1 when any is an error.
/// </summary>
internal static class CheckCommand
{
    public static int Run(ToolContext context, string path)
    {
        InputFile.Require(path, "C# file");
        string source;
        try
        {
            source = File.ReadAllText(path);
        }
        catch (System.Exception e) when (e is IOException or System.UnauthorizedAccessException)
        {
            throw new UserError($"cannot read C# file '{path}': {e.Message}");
        }

        var result = DeclarationCheck.Run(path, source, context.Cancellation);
        if (result.Models.Count == 0 && result.Diagnostics.Count == 0)
        {
            context.WriteLine($"{path}: no class with [Model] found");
            return ExitCodes.Success;
        }

        foreach (var model in result.Models)
        {
            if (!model.Valid)
            {
                context.WriteLine($"{model.Name} (line {model.Line}): not checked further; see the errors below");
                continue;
            }

            context.WriteLine($"{model.Name} (line {model.Line}): {model.Parameters.ToString("N0", CultureInfo.InvariantCulture)} parameters, input {model.Input}, output {model.Output}");
            var table = new Table()
                .AddColumn("layer").AddColumn("state-dict prefix").AddColumn("output shape").AddColumn(new TableColumn("parameters").RightAligned());
            foreach (var layer in model.Layers)
            {
                table.AddRow(new Text(layer.Layer), new Text(layer.Prefix.Length == 0 ? "-" : layer.Prefix), new Text(layer.Output),
                    new Text(layer.Parameters.ToString("N0", CultureInfo.InvariantCulture)));
            }

            table.AddRow(new Text("total"), new Text(""), new Text(model.Output), new Text(model.Parameters.ToString("N0", CultureInfo.InvariantCulture)));
            context.Console.Write(table);
        }

        foreach (var diagnostic in result.Diagnostics)
        {
            context.WriteLine($"{path}({diagnostic.Line},{diagnostic.Column}): {diagnostic.Severity} {diagnostic.Id}: {diagnostic.Message}");
        }

        int errors = result.Diagnostics.Count(d => d.Severity == "error");
        context.WriteLine(errors == 0
            ? $"{result.Models.Count} model(s), no errors"
            : $"{result.Models.Count} model(s), {errors} error(s)");
        return errors == 0 ? ExitCodes.Success : ExitCodes.BadInput;
    }
}
