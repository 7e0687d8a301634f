using System;
using System.Collections.Generic;
using System.Linq;
using AttentionGen.Runtime;

namespace AttentionGen.Checkpoints;

/// <summary>
/// Translates between the tensor names of a checkpoint and a model's state-dict names, for checkpoints of PyTorch
/// models whose modules are named differently (GPT-2 or nanoGPT's <c>h.{i}.attn.c_attn</c> for AttentionGen's
/// <c>encoder.layers.{i}.self_attn</c>). It is a list of rules, tried in the order they were added; the first rule
/// whose file-side pattern fits a file's tensor name decides, and a name no rule fits is kept as it is. Patterns
/// are names with placeholders, <c>{name}</c>, each standing for one part of a dotted name (characters other than
/// a dot), so one rule covers every layer:
/// <code>
/// var gpt2 = new TensorNameMap()
///     .Map("wte.weight", "embed.weight")
///     .Map("lm_head.weight", "embed.weight")          // PyTorch lists a tied head beside the embedding
///     .Map("h.{i}.ln_{n}.{p}", "encoder.layers.{i}.norm{n}.{p}")
///     .MapTransposed("h.{i}.attn.c_attn.weight", "encoder.layers.{i}.self_attn.in_proj_weight")
///     .Ignore("h.{i}.attn.bias");                     // a buffer (the causal mask), not a parameter
/// Checkpoint.LoadWeights(model, "gpt2.safetensors", new CheckpointLoadOptions { NameMap = gpt2 });
/// </code>
/// Configure a map, then use it: loads and saves read it and never change it.
/// </summary>
/// <remarks>
/// Loading (<see cref="Checkpoint.LoadWeights(IModel, string, CheckpointLoadOptions?)"/>) maps each file name to a
/// model name. Two file tensors may map to one parameter only when they are equal bit for bit, as PyTorch's
/// <c>state_dict()</c> of a tied model lists the embedding and the head. Saving
/// (<see cref="Checkpoint.SaveWeights(IModel, string, IReadOnlyDictionary{string, string}?, TensorNameMap?)"/>)
/// runs the rules the other way, which is why both sides of a rule have the same placeholders: each parameter is
/// written under every file name a rule gives it (a tied parameter under both names), or under its own name when no
/// rule does. A name that would load into something else, because an earlier rule takes it, is not written; a
/// parameter left with no name that loads back into it refuses the save.
/// </remarks>
public sealed class TensorNameMap
{
    private readonly List<Rule> _rules = [];

    /// <summary>
    /// Adds a rule: a file tensor whose name fits <paramref name="fileName"/> is the model parameter
    /// <paramref name="modelName"/>, with the same placeholders filled in, in the same layout.
    /// </summary>
    /// <param name="fileName">A pattern for names in the file, e.g. <c>h.{i}.ln_1.weight</c>.</param>
    /// <param name="modelName">The pattern of the model's name, with the same placeholders, e.g. <c>encoder.layers.{i}.norm1.weight</c>.</param>
    /// <returns>This map, to add more rules.</returns>
    /// <exception cref="ArgumentException">A pattern is malformed, or the two do not have the same placeholders.</exception>
    public TensorNameMap Map(string fileName, string modelName) => Add(fileName, modelName, transposed: false);

    /// <summary>
    /// Adds a rule for a matrix the file stores transposed, as <c>(in, out)</c> where the model has PyTorch's
    /// <c>nn.Linear</c> layout <c>(out, in)</c>: GPT-2's <c>Conv1D</c> weights (<c>c_attn</c>, <c>c_proj</c>,
    /// <c>c_fc</c>). Loading transposes it into the model; saving writes it transposed again.
    /// </summary>
    /// <inheritdoc cref="Map(string, string)"/>
    public TensorNameMap MapTransposed(string fileName, string modelName) => Add(fileName, modelName, transposed: true);

    /// <summary>
    /// Adds a rule that skips file tensors whose names fit <paramref name="fileName"/> when loading: buffers a
    /// PyTorch module saves beside its parameters, such as GPT-2's <c>h.{i}.attn.bias</c> causal mask.
    /// </summary>
    /// <param name="fileName">A pattern for names in the file.</param>
    /// <returns>This map, to add more rules.</returns>
    public TensorNameMap Ignore(string fileName)
    {
        _rules.Add(new Rule(NamePattern.Parse(fileName, nameof(fileName)), null, Transposed: false));
        return this;
    }

    /// <summary>The model name a file tensor loads into, or null when a rule ignores it; unmatched names stay as they are.</summary>
    /// <param name="fileName">A tensor name in a checkpoint.</param>
    public string? ModelName(string fileName) => Resolve(fileName).ModelName;

    /// <summary>
    /// The names a parameter is saved under: one per rule mapping to it, in rule order, or its own name when none
    /// does; names that would load into something else (an earlier rule takes them) are left out.
    /// </summary>
    /// <param name="modelName">A state-dict name of the model.</param>
    public IReadOnlyList<string> FileNames(string modelName) => FileNamesOf(modelName).Select(n => n.FileName).ToArray();

    /// <summary>What loading does with a file tensor: the parameter it fills (null: ignored) and whether it is stored transposed.</summary>
    internal (string? ModelName, bool Transposed) Resolve(string fileName)
    {
        ArgumentNullException.ThrowIfNull(fileName);
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var rule in _rules)
        {
            values.Clear();
            if (rule.File.TryMatch(fileName, values)) return (rule.Model?.Fill(values), rule.Transposed);
        }

        return (fileName, false);
    }

    /// <summary>
    /// What saving writes for a parameter: each file name (and whether it is written transposed) that a rule gives
    /// it and that loads back into it. A name an earlier rule takes for something else is left out, into
    /// <paramref name="shadowed"/>, so a broad rule listed after a specific one does not write a second copy.
    /// </summary>
    internal IReadOnlyList<(string FileName, bool Transposed)> FileNamesOf(string modelName, List<string>? shadowed = null)
    {
        ArgumentNullException.ThrowIfNull(modelName);
        var candidates = new List<(string FileName, bool Transposed)>();
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var rule in _rules)
        {
            values.Clear();
            if (rule.Model is not null && rule.Model.TryMatch(modelName, values)) candidates.Add((rule.File.Fill(values), rule.Transposed));
        }

        if (candidates.Count == 0) candidates.Add((modelName, false));
        var names = new List<(string, bool)>();
        foreach (var candidate in candidates)
        {
            var (loadsInto, transposed) = Resolve(candidate.FileName);
            if (loadsInto == modelName && transposed == candidate.Transposed)
            {
                if (!names.Contains(candidate)) names.Add(candidate);
            }
            else
            {
                shadowed?.Add($"{MessageText.Name(candidate.FileName)}{(candidate.Transposed ? " (transposed)" : "")} would load " +
                    (loadsInto is null ? "as nothing (an Ignore rule comes first)" : "into " + MessageText.Name(loadsInto) + (transposed ? " (transposed)" : "")));
            }
        }

        return names;
    }

    /// <summary>The patterns, for messages: e.g. <c>'h.{i}.ln_1.weight' -> 'encoder.layers.{i}.norm1.weight'</c>.</summary>
    public override string ToString() => string.Join(", ", _rules.Select(r => r.ToString()));

    private TensorNameMap Add(string fileName, string modelName, bool transposed)
    {
        var file = NamePattern.Parse(fileName, nameof(fileName));
        var model = NamePattern.Parse(modelName, nameof(modelName));
        if (!file.Placeholders.Order(StringComparer.Ordinal).SequenceEqual(model.Placeholders.Order(StringComparer.Ordinal), StringComparer.Ordinal))
        {
            throw new ArgumentException(
                $"The rule {MessageText.Name(fileName)} -> {MessageText.Name(modelName)} has placeholders {Describe(file)} on the file side but {Describe(model)} " +
                "on the model side; both sides need the same ones, so names can be mapped both ways.",
                nameof(modelName));
        }

        _rules.Add(new Rule(file, model, transposed));
        return this;
    }

    private static string Describe(NamePattern pattern) =>
        pattern.Placeholders.Count == 0 ? "(none)" : string.Join(", ", pattern.Placeholders.Select(p => "{" + p + "}"));

    private sealed record Rule(NamePattern File, NamePattern? Model, bool Transposed)
    {
        public override string ToString() =>
            Model is null ? $"ignore {MessageText.Name(File.Text)}"
            : $"{MessageText.Name(File.Text)} -> {MessageText.Name(Model.Text)}{(Transposed ? " (transposed)" : "")}";
    }
}
