using System;
using System.CommandLine;
using System.Globalization;
using System.IO;
using System.Threading;
using AttentionGen.Tool.Check;
using AttentionGen.Tool.Commands;
using AttentionGen.Tool.Models;
using AttentionGen.Tool.Output;
using AttentionGen.Tool.Runs;

namespace AttentionGen.Tool;

/// <summary>
/// The attentiongen command line: its commands and options (System.CommandLine), and the one place where errors
/// become exit codes. A parse error or a <see cref="UserError"/> prints one line on stderr; nothing prints a stack trace.
/// </summary>
internal static class ToolApp
{
    private const string SizeHelp =
        "Model size: small or base. Shapes are compile-time constants in AttentionGen, so each size is its own declared model: " +
        "text small = 64 bytes of context, width 64, 2 blocks; base = 128 bytes, width 128, 4 blocks. " +
        "classify small = first 64 words, 8,192 word buckets, width 64, 1 block; base = first 128 words, 32,768 buckets, width 128, 2 blocks. " +
        "forecast small = 64 steps of history, 16 ahead; base = 128 of history, 32 ahead. " +
        "translate small = 24 source words (8,192 buckets), up to 31 target characters (2,048 ids), width 64, 1 encoder and 1 decoder block; " +
        "base = 32 words (32,768 buckets), 47 characters (4,096 ids), width 128, 2 + 2 blocks.";

    private const string TaskHelp =
        "What to train. text: a character GPT on any text file; its vocabulary is the 256 byte values, so nothing is built or stored " +
        "(non-ASCII UTF-8 characters take 2-4 positions). classify: a classifier on label<TAB>text lines; words are hashed into a fixed " +
        "number of buckets (no vocabulary file; rare collisions), up to 16 distinct labels. forecast: a forecaster of the numeric series " +
        "in the last column of a CSV file; empty/NA cells are interpolated, marked, and never used as targets. " +
        "translate: an encoder-decoder on source<TAB>target lines (more tabs are ignored); source words are hashed into buckets, " +
        "target characters form a vocabulary built from the training pairs and saved in the checkpoint.";

    /// <summary>Runs the command line; output and errors go to the given writers (the console, or a test's).</summary>
    public static int Run(string[] args, TextWriter output, TextWriter error, bool interactive, CancellationToken cancellation = default)
    {
        var context = new ToolContext(output, error, interactive, cancellation);
        var root = Build(context);
        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            error.WriteLine($"attentiongen: {ParseErrors(parse)} (attentiongen --help lists the commands)");
            return ExitCodes.Usage;
        }

        try
        {
            return parse.Invoke(new InvocationConfiguration
            {
                Output = output,
                Error = error,
                EnableDefaultExceptionHandler = false,
                // Ctrl+C is the tool's own: train saves a checkpoint first (see Program).
                ProcessTerminationTimeout = null,
            });
        }
        catch (UserError e)
        {
            error.WriteLine("attentiongen: " + e.Message);
            return e.ExitCode;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A file the tool must write (a checkpoint, a report) in a folder it may not write to, a full disk.
            error.WriteLine("attentiongen: " + ToolCheckpoint.OneLine(e.Message));
            return ExitCodes.BadInput;
        }
        catch (OperationCanceledException)
        {
            error.WriteLine("attentiongen: interrupted");
            return ExitCodes.Interrupted;
        }
        catch (Exception e)
        {
            error.WriteLine($"attentiongen: internal error ({e.GetType().Name}): {ToolCheckpoint.OneLine(e.Message)}");
            return ExitCodes.Internal;
        }
    }

    /// <summary>
    /// Every parse error on one line: a misspelled command gives both "Required command was not provided" and
    /// "Unrecognized command or argument 'trian'", and the second is the one that helps, so it comes first.
    /// </summary>
    private static string ParseErrors(ParseResult parse)
    {
        var messages = new System.Collections.Generic.List<string>();
        foreach (var parseError in parse.Errors)
        {
            string message = string.Join(" ", parseError.Message.Split(['\r', '\n', '\t'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
            if (messages.Contains(message)) continue;
            if (message.StartsWith("Required command", StringComparison.Ordinal)) messages.Add(message);
            else messages.Insert(0, message);
        }

        return string.Join(" ", messages);
    }

    public static RootCommand Build(ToolContext context)
    {
        var root = new RootCommand(
            "attentiongen: check AttentionGen model declarations without building, and train, evaluate, run, inspect and export " +
            "character GPTs, text classifiers, series forecasters and translators on your own files.");
        root.Subcommands.Add(CheckCommandLine(context));
        root.Subcommands.Add(TrainCommandLine(context));
        root.Subcommands.Add(EvaluateCommandLine(context));
        root.Subcommands.Add(GenerateCommandLine(context));
        root.Subcommands.Add(PredictCommandLine(context));
        root.Subcommands.Add(InspectCommandLine(context));
        root.Subcommands.Add(ExportCommandLine(context));
        return root;
    }

    private static Command CheckCommandLine(ToolContext context)
    {
        var file = new Argument<string>("file") { Description = "A C# file with [Model] declarations." };
        var command = new Command("check",
            "Shape-check the model declarations of a C# file without building: a table per model (layers, output shapes, parameters) " +
            "and every diagnostic (AG0101 ...) at its line and column. Exit code 1 when there is an error.")
        {
            file,
        };
        command.SetAction(parse => CheckCommand.Run(context, parse.GetValue(file)!));
        return command;
    }

    private static Command TrainCommandLine(ToolContext context)
    {
        var data = new Argument<string>("data") { Description = "The training file: text (text), label<TAB>text lines (classify), a CSV series (forecast), or source<TAB>target lines (translate)." };
        var task = new Option<string>("--task") { Description = TaskHelp };
        task.AcceptOnlyFromAmong("text", "classify", "forecast", "translate");
        var size = new Option<string>("--size") { Description = SizeHelp };
        size.AcceptOnlyFromAmong("small", "base");
        var epochs = Positive(new Option<int?>("--epochs") { Description = "Passes over the training data (default: text 3, classify 5, forecast 20, translate 10). With --resume, may raise the saved total." });
        var batch = Positive(new Option<int?>("--batch") { Description = "Examples per step (default 32)." });
        var lr = new Option<float?>("--lr") { Description = "Peak learning rate of AdamW, warmed up over the first 5% of steps and decayed by a cosine to a tenth (default: text 3e-3, others 1e-3)." };
        lr.Validators.Add(result =>
        {
            if (Value<float?>(result) is float value && !(value > 0 && value < 1))
                result.AddError(string.Create(CultureInfo.InvariantCulture, $"--lr is {value}; it must be greater than 0 and less than 1"));
        });
        var seed = new Option<ulong?>("--seed") { Description = "Seed of the initialization, the shuffle and the held-out split (default 42)." };
        var validation = new Option<double?>("--validation") { Description = "Fraction held out for validation: the end of a text or series, a seeded random part of a classification file (default 0.1)." };
        validation.Validators.Add(result =>
        {
            if (Value<double?>(result) is double value && !(value >= 0 && value < 0.9))
                result.AddError(string.Create(CultureInfo.InvariantCulture, $"--validation is {value}; it must be in [0, 0.9)"));
        });
        var output = new Option<string>("--out") { Description = "The checkpoint to write after every epoch (default: <data name>.<task>.safetensors; with --resume, the resumed file)." };
        var resume = new Option<string>("--resume") { Description = "Continue a run from its checkpoint (the same step, optimizer state and settings); Ctrl+C during train saves one." };
        var report = new Option<string>("--report") { Description = "The report folder (default: next to the checkpoint, <checkpoint name>.report)." };
        var command = new Command("train",
            "Train a model on your file; prints progress, writes a resumable checkpoint after every epoch and a report folder. " +
            "Ctrl+C saves a checkpoint and exits; --resume continues it.")
        {
            data, task, size, epochs, batch, lr, seed, validation, output, resume, report,
        };
        command.SetAction(parse => TrainCommand.Run(context, new TrainRequest(
            parse.GetValue(data)!,
            ModelCatalog.ParseTask(parse.GetValue(task)),
            ModelCatalog.ParseSize(parse.GetValue(size)),
            parse.GetValue(epochs),
            parse.GetValue(batch),
            parse.GetValue(lr),
            parse.GetValue(seed),
            parse.GetValue(validation),
            parse.GetValue(output),
            parse.GetValue(resume),
            parse.GetValue(report))));
        return command;
    }

    private static Command EvaluateCommandLine(ToolContext context)
    {
        var checkpoint = new Argument<string>("checkpoint") { Description = "A checkpoint from train or export." };
        var data = new Argument<string>("data") { Description = "A file in the model's training format." };
        var command = new Command("evaluate",
            "Measure a model on a whole file: loss, perplexity and next-byte accuracy (text); loss and accuracy (classify); " +
            "mean absolute error next to the last-value baseline (forecast); character BLEU-4, loss and next-character accuracy " +
            "(translate: on the pairs train held out when the file is its data file, else on all pairs).")
        {
            checkpoint, data,
        };
        command.SetAction(parse => EvaluateCommand.Run(context, parse.GetValue(checkpoint)!, parse.GetValue(data)!));
        return command;
    }

    private static Command GenerateCommandLine(ToolContext context)
    {
        var checkpoint = new Argument<string>("checkpoint") { Description = "A text model's checkpoint." };
        var prompt = new Option<string>("--prompt") { Description = "The text to continue (default: a new line)." };
        var length = Positive(new Option<int>("--length") { Description = "Bytes to generate (default 300).", DefaultValueFactory = _ => 300 });
        var temperature = new Option<float>("--temperature") { Description = "Sampling temperature; 0 always takes the most likely byte (default 0.8).", DefaultValueFactory = _ => 0.8f };
        temperature.Validators.Add(result =>
        {
            if (Value<float?>(result) is not float value) return;
            if (!(value >= 0 && value <= 10)) result.AddError(string.Create(CultureInfo.InvariantCulture, $"--temperature is {value}; it must be in [0, 10]"));
        });
        var topK = new Option<int>("--top-k") { Description = "Sample only among the k most likely bytes; 0 for all (default 0).", DefaultValueFactory = _ => 0 };
        topK.Validators.Add(result =>
        {
            if (Value<int?>(result) is int value && value < 0) result.AddError($"--top-k is {value}; it must be 0 (all) or more");
        });
        var topP = new Option<float>("--top-p") { Description = "Sample only among the most likely bytes whose probabilities add up to p; 1 for all (default 1).", DefaultValueFactory = _ => 1f };
        topP.Validators.Add(result =>
        {
            if (Value<float?>(result) is float value && !(value > 0 && value <= 1))
                result.AddError(string.Create(CultureInfo.InvariantCulture, $"--top-p is {value}; it must be in (0, 1]"));
        });
        var seed = new Option<ulong>("--seed") { Description = "Seed of the sampler (default 42).", DefaultValueFactory = _ => 42 };
        var command = new Command("generate", "Continue a prompt with a text model, byte by byte, with a key/value cache (each new byte costs one position).")
        {
            checkpoint, prompt, length, temperature, topK, topP, seed,
        };
        command.SetAction(parse => GenerateCommand.Run(context, parse.GetValue(checkpoint)!, parse.GetValue(prompt) ?? "",
            parse.GetValue(length), parse.GetValue(temperature), parse.GetValue(topK), parse.GetValue(topP), parse.GetValue(seed)));
        return command;
    }

    private static Command PredictCommandLine(ToolContext context)
    {
        var checkpoint = new Argument<string>("checkpoint") { Description = "A classify, forecast or translate checkpoint." };
        var input = new Argument<string?>("input") { Description = "classify and translate: a file with one text per line; forecast: the series (CSV) to continue.", Arity = ArgumentArity.ZeroOrOne };
        var text = new Option<string[]>("--text") { Description = "A text to classify or translate (repeatable).", AllowMultipleArgumentsPerToken = false };
        var beam = new Option<int>("--beam") { Description = "translate: beam search over this many prefixes, ranked by log-probability per character; 1 is greedy (default 1, at most 16).", DefaultValueFactory = _ => 1 };
        beam.Validators.Add(result =>
        {
            if (Value<int?>(result) is int value && value is < 1 or > 16) result.AddError($"--beam is {value}; it must be in [1, 16]");
        });
        var command = new Command("predict",
            "Label texts with a classifier (label and probability; label<TAB>probability<TAB>text when redirected), " +
            "forecast the steps after the end of a series, or translate texts (source<TAB>translation when redirected).")
        {
            checkpoint, input, text, beam,
        };
        command.SetAction(parse => PredictCommand.Run(context, parse.GetValue(checkpoint)!, parse.GetValue(input), parse.GetValue(text) ?? [], parse.GetValue(beam)));
        return command;
    }

    private static Command InspectCommandLine(ToolContext context)
    {
        var checkpoint = new Argument<string>("checkpoint") { Description = "A checkpoint from train or export." };
        var command = new Command("inspect",
            "Summarize a checkpoint: model type, task and encoding, every parameter (name, shape, count), the trainer's position and optimizer, the loss history.")
        {
            checkpoint,
        };
        command.SetAction(parse => InspectCommand.Run(context, parse.GetValue(checkpoint)!));
        return command;
    }

    private static Command ExportCommandLine(ToolContext context)
    {
        var checkpoint = new Argument<string>("checkpoint") { Description = "A checkpoint from train." };
        var output = new Option<string>("--out") { Description = "The weights file to write.", Required = true };
        var command = new Command("export",
            "Write the weights alone (no optimizer state) as safetensors under PyTorch state-dict names and layouts: " +
            "safetensors.torch.load_file reads it into the equivalent PyTorch module, and the generated TorchSharp module loads the same names.")
        {
            checkpoint, output,
        };
        command.SetAction(parse => ExportCommand.Run(context, parse.GetValue(checkpoint)!, parse.GetValue(output)!));
        return command;
    }

    /// <summary>
    /// The option's value for a range check, or default when it did not convert: the parser reports that error
    /// itself ("Cannot parse argument 'many' for option '--batch'"), and asking for the value would throw.
    /// </summary>
    private static T? Value<T>(System.CommandLine.Parsing.OptionResult result)
    {
        try
        {
            return result.GetValueOrDefault<T>();
        }
        catch (InvalidOperationException)
        {
            return default;
        }
    }

    private static Option<T> Positive<T>(Option<T> option)
    {
        option.Validators.Add(result =>
        {
            object? value = Value<T>(result);
            if (value is int n && n < 1) result.AddError($"{option.Name} is {n}; it must be 1 or more");
        });
        return option;
    }
}
