using System.Collections.Generic;
using Microsoft.CodeAnalysis;

namespace AttentionGen.Core;

/// <summary>
/// Every diagnostic AttentionGen reports. IDs are never reused: AG00xx the declaration and its attributes,
/// AG01xx dimensions that do not fit, AG02xx values out of range, AG03xx layers on a tensor of the wrong
/// rank, AG09xx information and the generator's own failure. Each ID has a page in docs/diagnostics and a line in
/// AnalyzerReleases.Shipped.md or AnalyzerReleases.Unshipped.md.
/// <para>
/// Descriptors carry no help link: the repository records no public URL for those pages (no RepositoryUrl, no
/// remote), and a relative path opens as a broken link in an IDE.
/// </para>
/// </summary>
internal static class DiagnosticCatalog
{
    private const string Declaration = "AttentionGen.Declaration";
    private const string Shapes = "AttentionGen.Shapes";
    private const string Values = "AttentionGen.Values";
    private const string Info = "AttentionGen.Info";
    private const string Generation = "AttentionGen.Generator";

    public static readonly DiagnosticDescriptor NotPartial = Error("AG0001", Declaration,
        "Model class must be partial",
        "'{0}' has [Model] but is not partial; the generator adds the model's members in another part of the class");

    public static readonly DiagnosticDescriptor Generic = Error("AG0002", Declaration,
        "Model must be a plain class",
        "'{0}' is {1}; declare the model as a non-generic, non-record partial class");

    public static readonly DiagnosticDescriptor ContainingTypeNotPartial = Error("AG0003", Declaration,
        "Containing type must be partial",
        "'{0}' is nested in '{1}', which is not partial; make every containing type partial");

    public static readonly DiagnosticDescriptor LayerWithoutModel = Error("AG0004", Declaration,
        "Layer attribute without [Model]",
        "[{0}] on '{1}' describes a layer, but the class has no [Model(...)]; add [Model(Vocab = ..., MaxSeq = ...)]");

    public static readonly DiagnosticDescriptor SplitDeclarations = Error("AG0005", Declaration,
        "Layers split over partial declarations",
        "'{0}' has layer attributes on {1} partial declarations; put them all on one, so their order is defined");

    public static readonly DiagnosticDescriptor NoLayers = Warning("AG0006", Declaration,
        "Model has no layers",
        "'{0}' has [Model] but no layer attributes, so there is nothing to generate");

    public static readonly DiagnosticDescriptor MissingConstant = Error("AG0010", Declaration,
        "Missing model constant",
        "{0} needs [Model({1} = ...)], which is not set");

    public static readonly DiagnosticDescriptor MissingArgument = Error("AG0011", Declaration,
        "Missing layer argument",
        "[{0}] needs {1} = ...; {2}");

    public static readonly DiagnosticDescriptor ConflictingAttributes = Error("AG0012", Declaration,
        "Conflicting attributes",
        "{0} conflicts with {1}: {2}");

    public static readonly DiagnosticDescriptor OutOfPlace = Error("AG0013", Declaration,
        "Layer out of place",
        "[{0}] cannot come {1}: {2}");

    public static readonly DiagnosticDescriptor DuplicateName = Error("AG0014", Declaration,
        "Duplicate parameter name",
        "'{0}' names parameters of both [{1}] and [{2}]; state-dict names must be unique");

    public static readonly DiagnosticDescriptor InvalidName = Error("AG0015", Declaration,
        "Invalid parameter name",
        "Name \"{0}\" is not a valid state-dict prefix: use letters, digits and '_', with '.' between parts");

    public static readonly DiagnosticDescriptor HeadsDoNotDivide = Error("AG0101", Shapes,
        "Heads must divide the width",
        "{0} splits {1} into heads of {2} features; {3} is not divisible by {4} (divisors near {4}: {5})");

    public static readonly DiagnosticDescriptor WidthMismatch = Error("AG0102", Shapes,
        "Input width does not match the previous layer",
        "[{0}] expects width {1}, but its input from {2} has width {3}");

    public static readonly DiagnosticDescriptor CrossAttentionWidth = Error("AG0103", Shapes,
        "Cross-attention key/value width mismatch",
        "Decoder cross-attention takes keys and values from the encoder output of width {0}, but the target stream has width {1}; make [TargetEmbed({1})] TargetEmbed({0})");

    public static readonly DiagnosticDescriptor TiedShapeMismatch = Error("AG0104", Shapes,
        "Tied head and embedding differ in shape",
        "LmHead(Tied = true) reuses {0} of shape ({1}, {2}) as its weight, but the head needs ({3}, {4})");

    public static readonly DiagnosticDescriptor SequenceOverPositions = Error("AG0105", Shapes,
        "Sequence longer than the positional table",
        "{0} = {1} exceeds the {2} rows of [{3}]; positions past row {4} would have no encoding");

    public static readonly DiagnosticDescriptor ClassesMismatch = Error("AG0106", Shapes,
        "Output width does not match Classes",
        "Classes = {0}, but the model outputs {1} values per example (from {2})");

    public static readonly DiagnosticDescriptor OutputUnits = Error("AG0107", Shapes,
        "Output activation needs a different width",
        "[{0}] needs {1} output unit(s), but {2} gives {3}");

    public static readonly DiagnosticDescriptor NotPositive = Error("AG0201", Values,
        "Size must be positive",
        "{0} must be positive, but it is {1}");

    public static readonly DiagnosticDescriptor DropoutRange = Error("AG0202", Values,
        "Dropout outside [0, 1)",
        "Dropout probability {0} in [{1}] is outside [0, 1)");

    public static readonly DiagnosticDescriptor TooLarge = Error("AG0203", Values,
        "Tensor too large",
        "{0} makes {1} of {2} floats, more than the {3} one array can hold");

    public static readonly DiagnosticDescriptor EpsilonRange = Error("AG0204", Values,
        "LayerNorm epsilon must be positive",
        "LayerNorm epsilon {0} in [{1}] must be a positive, finite number (PyTorch's default is 1e-5)");

    public static readonly DiagnosticDescriptor TooLargeToGenerate = Error("AG0205", Values,
        "Model too large to generate",
        "{0} would have {1}; the generator accepts at most {2}");

    public static readonly DiagnosticDescriptor AttentionNeedsSequence = Error("AG0301", Shapes,
        "Attention needs a sequence",
        "[{0}] attends over a sequence (batch, seq, width), but after {1} its input is (batch, {2})");

    public static readonly DiagnosticDescriptor PoolNeedsSequence = Error("AG0302", Shapes,
        "Pooling needs a sequence",
        "[{0}] pools over a sequence, but {1} already reduced it to (batch, {2})");

    public static readonly DiagnosticDescriptor CausalWithoutSequence = Error("AG0303", Shapes,
        "Causal mask on a non-sequence input",
        "Causal = true masks future positions, but the input to [{0}] is (batch, {1}) after {2}: there is no sequence axis to mask");

    public static readonly DiagnosticDescriptor HeadNeedsSequence = Error("AG0304", Shapes,
        "Head on the wrong rank",
        "[{0}] predicts a token at every position and needs (batch, seq, width), but after {1} its input is (batch, {2})");

    public static readonly DiagnosticDescriptor DecoderWithoutEncoder = Error("AG0305", Shapes,
        "Decoder needs an encoder",
        "[{0}] {1}");

    public static readonly DiagnosticDescriptor Summary = new("AG0900",
        "Model summary",
        "{0}: {1} parameters; input {2}, output {3}",
        Info, DiagnosticSeverity.Info, isEnabledByDefault: true);

    /// <summary>
    /// Reported by the generator, never by the analyzers: emitting one model threw. That model gets no code; every
    /// other model of the compilation still does.
    /// </summary>
    public static readonly DiagnosticDescriptor GeneratorFailed = Error("AG0999", Generation,
        "Model could not be generated",
        "AttentionGen could not generate '{0}': {1}; '{0}' has no generated code. This is a bug in AttentionGen: please report it with the model's attributes.");

    public static IReadOnlyList<DiagnosticDescriptor> All { get; } = new[]
    {
        NotPartial, Generic, ContainingTypeNotPartial, LayerWithoutModel, SplitDeclarations, NoLayers,
        MissingConstant, MissingArgument, ConflictingAttributes, OutOfPlace, DuplicateName, InvalidName,
        HeadsDoNotDivide, WidthMismatch, CrossAttentionWidth, TiedShapeMismatch, SequenceOverPositions,
        ClassesMismatch, OutputUnits, NotPositive, DropoutRange, TooLarge, EpsilonRange, TooLargeToGenerate,
        AttentionNeedsSequence, PoolNeedsSequence, CausalWithoutSequence, HeadNeedsSequence,
        DecoderWithoutEncoder, Summary, GeneratorFailed,
    };

    private static readonly Dictionary<string, DiagnosticDescriptor> ById = BuildIndex();

    public static DiagnosticDescriptor Get(string id) => ById[id];

    public static bool IsError(string id) => ById[id].DefaultSeverity == DiagnosticSeverity.Error;

    private static Dictionary<string, DiagnosticDescriptor> BuildIndex()
    {
        var index = new Dictionary<string, DiagnosticDescriptor>();
        foreach (var descriptor in All) index.Add(descriptor.Id, descriptor);
        return index;
    }

    private static DiagnosticDescriptor Error(string id, string category, string title, string message) =>
        new(id, title, message, category, DiagnosticSeverity.Error, isEnabledByDefault: true);

    private static DiagnosticDescriptor Warning(string id, string category, string title, string message) =>
        new(id, title, message, category, DiagnosticSeverity.Warning, isEnabledByDefault: true);
}
