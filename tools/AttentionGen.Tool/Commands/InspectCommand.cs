using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using AttentionGen.Checkpoints;
using AttentionGen.Tool.Models;
using AttentionGen.Tool.Output;
using AttentionGen.Tool.Runs;
using AttentionGen.Training;
using Spectre.Console;

namespace AttentionGen.Tool.Commands;

/// <summary>
/// <c>attentiongen inspect model.safetensors</c>: which model the file holds and how it encodes its data, every
/// parameter (state-dict name, shape, count), the optimizer state, the trainer's position and the loss history.
/// </summary>
internal static class InspectCommand
{
    public static int Run(ToolContext context, string checkpoint)
    {
        var info = ToolCheckpoint.Read(checkpoint, out bool training);
        using var file = Safetensors.Open(checkpoint);
        string N(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

        var model = new Table().Title(new TableTitle(Markup.Escape(checkpoint))).AddColumn("model").AddColumn("value");
        void Row(string name, string value) => model.AddRow(new Text(name), new Text(value));
        Row("kind", training ? "training checkpoint (resumable: weights, optimizer state, position)" : "weights only (export)");
        Row("model type", file.Metadata.TryGetValue("model.type", out string? type) ? type : info.Shape.TypeName);
        Row("task", $"{ModelCatalog.Name(info.Task)}, --size {ModelCatalog.Name(info.Size)}");
        Row("context", info.Task switch
        {
            TaskKind.Forecast => $"{info.Shape.MaxSeq} steps of history, {info.Shape.Outputs} ahead",
            TaskKind.Translate => $"{info.Shape.MaxSeq} source words in, up to {info.Shape.TargetMaxSeq - 1} characters out",
            _ => $"{info.Shape.MaxSeq} {(info.Task == TaskKind.Text ? "bytes" : "words")}",
        });
        if (info.Task == TaskKind.Translate)
        {
            var characters = Data.TargetCharacters.FromCharacters(info.Characters);
            string head = string.Concat(System.Linq.Enumerable.Take(info.Characters.EnumerateRunes(), 40));
            Row("target characters", $"{characters.Count - 4:N0} (+ padding, unknown, start, end; of {info.Shape.Outputs:N0} ids), most frequent first: {head}");
        }

        if (info.Task == TaskKind.Classify) Row("labels", string.Join(", ", info.Labels));
        if (info.Task == TaskKind.Forecast) Row("scale", info.Scale.ToString("G6", CultureInfo.InvariantCulture));
        if (info.Settings is { } s)
        {
            Row("trained on", s.Data);
            Row("settings", string.Create(CultureInfo.InvariantCulture, $"--epochs {s.Epochs} --batch {s.Batch} --lr {s.LearningRate} --seed {s.Seed} --validation {s.Validation}"));
        }

        var parameters = new Table().AddColumn("parameter").AddColumn("shape").AddColumn(new TableColumn("count").RightAligned());
        long total = 0;
        var optimizer = new List<SafetensorsTensorInfo>();
        foreach (var tensor in file.Tensors)
        {
            if (tensor.Name.StartsWith(TrainingCheckpoint.OptimizerPrefix, StringComparison.Ordinal))
            {
                optimizer.Add(tensor);
                continue;
            }

            total += tensor.ElementCount;
            parameters.AddRow(new Text(tensor.Name), new Text("(" + string.Join(", ", tensor.Shape) + ")"), new Text(N(tensor.ElementCount)));
        }

        parameters.AddRow(new Text("total"), new Text(""), new Text(N(total)));
        Row("parameters", N(total));
        context.Console.Write(model);
        context.Console.Write(parameters);

        if (training)
        {
            var trainer = new Table().AddColumn("trainer").AddColumn("value");
            foreach (var (key, value) in file.Metadata.OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                if (key.StartsWith("trainer.", StringComparison.Ordinal) && !key.EndsWith("_rng", StringComparison.Ordinal) || key.StartsWith("optimizer.", StringComparison.Ordinal))
                {
                    trainer.AddRow(new Text(key), new Text(value));
                }
            }

            foreach (var state in optimizer) trainer.AddRow(new Text(state.Name), new Text($"{state.DType} ({string.Join(", ", state.Shape)})"));
            context.Console.Write(trainer);
        }

        if (info.History.Count > 0)
        {
            var history = new Table().AddColumn("epoch").AddColumn("steps").AddColumn("train loss").AddColumn("validation loss").AddColumn("validation metric");
            foreach (var epoch in info.History)
            {
                string F(double? v) => v is double d ? d.ToString("F4", CultureInfo.InvariantCulture) : "-";
                history.AddRow(new Text((epoch.Epoch + 1).ToString(CultureInfo.InvariantCulture)), new Text(epoch.Steps.ToString(CultureInfo.InvariantCulture)),
                    new Text(F(epoch.TrainLoss)), new Text(F(epoch.ValidationLoss)), new Text(F(epoch.ValidationMetric)));
            }

            context.Console.Write(history);
        }

        return ExitCodes.Success;
    }
}
