using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace AttentionGen.Core;

/// <summary>Shape inference's answer: the graph when the model is valid, and every problem found.</summary>
internal sealed record ShapeResult(ShapeGraph? Graph, EquatableArray<ModelProblem> Problems)
{
    public bool HasErrors => Problems.Any(p => DiagnosticCatalog.IsError(p.Id));
}

/// <summary>
/// Walks a model's layers in order, tracking the shape of the tensor between them, and checks every
/// dimension: the one set of shape rules that analyzers report from and the generator generates from.
/// It keeps going after a problem where it can, so one edit shows every error at once.
/// </summary>
internal static class ShapeInference
{
    public static ShapeResult Infer(ModelDeclaration declaration) => Infer(declaration.Spec, declaration.Problems);

    public static ShapeResult Infer(ModelSpec spec, IEnumerable<ModelProblem>? declarationProblems = null)
    {
        var walk = new Walk(spec);
        if (declarationProblems is not null) walk.Problems.AddRange(declarationProblems);
        walk.Run();
        var problems = walk.Problems.ToEquatableArray();
        bool valid = !problems.Any(p => DiagnosticCatalog.IsError(p.Id)) && walk.Output is not null;
        var graph = valid
            ? new ShapeGraph(spec, walk.Nodes.ToEquatableArray(), walk.Parameters.ToEquatableArray(), walk.Input,
                walk.Output!.Value, walk.HasTarget, walk.OutputActivation)
            : null;
        return new ShapeResult(graph, problems);
    }

    /// <summary>The state of one walk over the layers.</summary>
    private sealed class Walk
    {
        private readonly ModelSpec _spec;
        private readonly ModelConstants _c;
        private readonly Dictionary<string, int> _defaultPrefixUses = new();
        private readonly Dictionary<string, LayerSpec> _prefixOwners = new();
        private readonly Dictionary<string, LayerSpec> _parameterOwners = new();
        private readonly HashSet<(LayerSpec, LayerSpec)> _reportedDuplicates = new();
        private long _nameCharacters;
        private TensorShape _current;
        private string _producer = "the input";
        private LayerSpec? _previous;
        private LayerSpec? _producerLayer;
        private LayerSpec? _sourceEmbedding;
        private LayerSpec? _targetEmbedding;
        private TensorShape? _memory;
        private LayerSpec? _lastDense;
        private bool _fatal;

        public Walk(ModelSpec spec)
        {
            _spec = spec;
            _c = spec.Constants;
        }

        public List<ModelProblem> Problems { get; } = new();
        public List<ShapeNode> Nodes { get; } = new();
        public List<ParameterSpec> Parameters { get; } = new();
        public TensorShape Input { get; private set; }
        public TensorShape? Output { get; private set; }
        public bool HasTarget { get; private set; }
        public OutputActivation OutputActivation { get; private set; }

        private ProblemTarget ModelArgument(string argument) =>
            new(_c.AttributeIndex, _c.Gave(argument) ? argument : null);

        private void Report(DiagnosticDescriptor descriptor, ProblemTarget target, params object[] arguments) =>
            Problems.Add(ModelProblem.Create(descriptor, target, arguments));

        public void Run()
        {
            CheckConstants();
            if (_spec.Layers.Count == 0)
            {
                Report(DiagnosticCatalog.NoLayers, ProblemTarget.OnClass, _spec.ClassName);
                return;
            }
            if (_spec.Layers.Count > GenerationLimits.MaxLayers)
            {
                // Checked before any per-layer work, so that a generated list of attributes cannot stall the IDE.
                var first = _spec.Layers[GenerationLimits.MaxLayers];
                Report(DiagnosticCatalog.TooLargeToGenerate, new ProblemTarget(first.AttributeIndex, null), "The model",
                    Format.Count(_spec.Layers.Count) + " layer attributes", Format.Count(GenerationLimits.MaxLayers));
                return;
            }
            CountDefaultPrefixes();

            if (_c.Vocab > 0) _current = Input = TensorShape.Tokens(Stream.Source);
            else if (_c.Features > 0)
            {
                _current = Input = TensorShape.Sequence(_c.Features, Stream.Source);
                _producer = "the input (Features = " + Format.Value(_c.Features) + ")";
            }
            else
            {
                Report(DiagnosticCatalog.MissingConstant, new ProblemTarget(_c.AttributeIndex, null), "The model's input", "Vocab = ... for tokens, or Features");
                return;
            }

            var outputMarkers = new List<LayerSpec>();
            foreach (var layer in _spec.Layers)
            {
                if (layer.Kind is LayerKind.Softmax or LayerKind.Sigmoid)
                {
                    outputMarkers.Add(layer);
                    continue;
                }
                Step(layer);
                if (_fatal) return;
                _previous = layer;
            }

            // Declared layers, not resolved nodes: a decoder that has problems of its own still follows the target embedding.
            if (HasTarget && _targetEmbedding is not null
                && !_spec.Layers.SkipWhile(l => l != _targetEmbedding).Any(l => l.Kind == LayerKind.Decoder))
                Report(DiagnosticCatalog.DecoderWithoutEncoder, new ProblemTarget(_targetEmbedding.AttributeIndex, null), "TargetEmbed",
                    "starts the decoder side, but no [Decoder] follows it");

            if (_current.TokenIds)
            {
                Report(DiagnosticCatalog.OutOfPlace, new ProblemTarget(_spec.Layers[0].AttributeIndex, null), Display(_spec.Layers[0]),
                    "without an embedding", "token ids must be embedded first; add [Embed(width)] as the first layer");
                return;
            }

            Output = _current;
            CheckOutputMarkers(outputMarkers);
            CheckClasses();
            CheckTotalSize();
            CheckArena();
        }

        private void CountDefaultPrefixes()
        {
            foreach (var layer in _spec.Layers)
            {
                var prefix = DefaultPrefix(layer);
                if (prefix is not null && layer.Name is null)
                    _defaultPrefixUses[prefix] = _defaultPrefixUses.TryGetValue(prefix, out var n) ? n + 1 : 1;
            }
        }

        /// <summary>
        /// The activation arena of one sequence (maxBatch 1) must fit one array, or no constructor call can succeed:
        /// the sequence length multiplies every per-position activation, so the longer maximum is the argument to change.
        /// </summary>
        private void CheckArena()
        {
            if (Problems.Any(p => DiagnosticCatalog.IsError(p.Id))) return;
            decimal floats = ActivationArena.FloatsForOneSequence(_c, Nodes, Input, _current, OutputActivation != OutputActivation.None);
            if (floats <= GenerationLimits.MaxArrayLength) return;
            bool target = HasTarget && _c.TargetMaxSeq > _c.MaxSeq;
            string name = target ? ArgumentNames.TargetMaxSeq : ArgumentNames.MaxSeq;
            Report(DiagnosticCatalog.TooLarge, ModelArgument(name), name + " = " + Format.Value(target ? _c.TargetMaxSeq : _c.MaxSeq),
                "the activations of one sequence", Format.Count(floats), Format.Count(GenerationLimits.MaxArrayLength));
        }

        private void CheckConstants()
        {
            foreach (var name in new[] { ArgumentNames.Vocab, ArgumentNames.MaxSeq, ArgumentNames.Features, ArgumentNames.TargetVocab, ArgumentNames.TargetMaxSeq, ArgumentNames.Classes })
            {
                int value = name switch
                {
                    ArgumentNames.Vocab => _c.Vocab,
                    ArgumentNames.MaxSeq => _c.MaxSeq,
                    ArgumentNames.Features => _c.Features,
                    ArgumentNames.TargetVocab => _c.TargetVocab,
                    ArgumentNames.TargetMaxSeq => _c.TargetMaxSeq,
                    _ => _c.Classes,
                };
                if (_c.Gave(name) && value <= 0) Report(DiagnosticCatalog.NotPositive, ModelArgument(name), name, value);
            }
            if (!_c.Gave(ArgumentNames.MaxSeq))
                Report(DiagnosticCatalog.MissingConstant, new ProblemTarget(_c.AttributeIndex, null), "The model", ArgumentNames.MaxSeq);
            if (_c.Vocab > 0 && _c.Features > 0)
                Report(DiagnosticCatalog.ConflictingAttributes, ModelArgument(ArgumentNames.Features), "Features = " + Format.Value(_c.Features),
                    "Vocab = " + Format.Value(_c.Vocab), "a model reads either token ids (Vocab) or float features (Features), not both");
        }

        private void Step(LayerSpec layer)
        {
            switch (layer.Kind)
            {
                case LayerKind.Embed: Embed(layer); break;
                case LayerKind.InputProjection: InputProjection(layer); break;
                case LayerKind.TargetEmbed: TargetEmbed(layer); break;
                case LayerKind.SinusoidalPositions:
                case LayerKind.LearnedPositions: Positions(layer); break;
                case LayerKind.MultiHead:
                case LayerKind.SelfAttention: Attention(layer); break;
                case LayerKind.Encoder:
                case LayerKind.Decoder: Blocks(layer); break;
                case LayerKind.LayerNorm: LayerNorm(layer); break;
                case LayerKind.Dropout: Dropout(layer); break;
                case LayerKind.Dense: Dense(layer); break;
                case LayerKind.LmHead: LmHead(layer); break;
                case LayerKind.MeanPool:
                case LayerKind.FirstTokenPool:
                case LayerKind.LastTokenPool: Pool(layer); break;
            }
        }

        private bool RequireTokensFirst(LayerSpec layer)
        {
            if (!_current.TokenIds) return true;
            Report(DiagnosticCatalog.OutOfPlace, new ProblemTarget(layer.AttributeIndex, null), Display(layer),
                "before [Embed]", "token ids must be embedded first; add [Embed(width)] as the first layer");
            _fatal = true;
            return false;
        }

        private void Embed(LayerSpec layer)
        {
            if (_c.Vocab <= 0)
            {
                Report(DiagnosticCatalog.MissingConstant, new ProblemTarget(layer.AttributeIndex, null), "[Embed]", ArgumentNames.Vocab);
                _fatal = true;
                return;
            }
            if (!_current.TokenIds)
            {
                Report(DiagnosticCatalog.OutOfPlace, new ProblemTarget(layer.AttributeIndex, null), "Embed", "after " + _producer,
                    "the token embedding must be the first layer");
                return;
            }
            if (!Positive(layer, ArgumentNames.WidthParameter, "Embed width", layer.Size)) { _fatal = true; return; }
            var prefix = Prefix(layer);
            if (!AddParameter(layer, ArgumentNames.WidthParameter, prefix + ".weight", _c.Vocab, layer.Size, InitKind.Normal, 0, 0)) { _fatal = true; return; }
            _sourceEmbedding = layer;
            Advance(layer, prefix, TensorShape.Sequence(layer.Size, Stream.Source));
        }

        private void InputProjection(LayerSpec layer)
        {
            if (_c.Features <= 0)
            {
                Report(DiagnosticCatalog.MissingConstant, new ProblemTarget(layer.AttributeIndex, null), "[InputProjection]", ArgumentNames.Features);
                _fatal = true;
                return;
            }
            if (_previous is not null)
            {
                Report(DiagnosticCatalog.OutOfPlace, new ProblemTarget(layer.AttributeIndex, null), "InputProjection", "after " + _producer,
                    "the input projection must be the first layer");
                return;
            }
            if (!Positive(layer, ArgumentNames.WidthParameter, "InputProjection width", layer.Size)) { _fatal = true; return; }
            var prefix = Prefix(layer);
            AddLinear(layer, ArgumentNames.WidthParameter, prefix, _c.Features, layer.Size, bias: true);
            Advance(layer, prefix, TensorShape.Sequence(layer.Size, Stream.Source));
        }

        private void TargetEmbed(LayerSpec layer)
        {
            if (_c.TargetVocab <= 0 || _c.TargetMaxSeq <= 0)
            {
                Report(DiagnosticCatalog.MissingConstant, new ProblemTarget(layer.AttributeIndex, null), "[TargetEmbed]",
                    _c.TargetVocab <= 0 ? ArgumentNames.TargetVocab : ArgumentNames.TargetMaxSeq);
                _fatal = true;
                return;
            }
            if (!RequireTokensFirst(layer)) return;
            if (_c.Vocab <= 0)
            {
                // The sequence-to-sequence contract (ISequenceToSequenceModel, its objective and the trainer) reads token
                // ids on both sides; a float source would need a model kind the runtime does not have.
                Report(DiagnosticCatalog.ConflictingAttributes, ModelArgument(ArgumentNames.Features), "[" + Display(layer) + "]",
                    "Features = " + Format.Value(_c.Features),
                    "a sequence-to-sequence model reads source token ids (Vocab = ...), and float inputs have no decoder side");
                _fatal = true;
                return;
            }
            if (HasTarget)
            {
                Report(DiagnosticCatalog.OutOfPlace, new ProblemTarget(layer.AttributeIndex, null), "TargetEmbed", "twice", "a model has one target side");
                return;
            }
            if (!_current.IsSequence)
            {
                Report(DiagnosticCatalog.DecoderWithoutEncoder, new ProblemTarget(layer.AttributeIndex, null), "TargetEmbed",
                    "needs the encoder's output sequence to attend to, but after " + _producer + " the source is " + _current);
                _fatal = true;
                return;
            }
            if (!Positive(layer, ArgumentNames.WidthParameter, "TargetEmbed width", layer.Size)) { _fatal = true; return; }
            var prefix = Prefix(layer);
            if (!AddParameter(layer, ArgumentNames.WidthParameter, prefix + ".weight", _c.TargetVocab, layer.Size, InitKind.Normal, 0, 0)) { _fatal = true; return; }
            _memory = _current;
            _targetEmbedding = layer;
            HasTarget = true;
            _current = TensorShape.Tokens(Stream.Target);
            Advance(layer, prefix, TensorShape.Sequence(layer.Size, Stream.Target));
        }

        private void Positions(LayerSpec layer)
        {
            if (!RequireTokensFirst(layer)) return;
            var name = layer.Kind == LayerKind.SinusoidalPositions ? "SinusoidalPositions" : "LearnedPositions";
            if (_previous is { Kind: LayerKind.SinusoidalPositions or LayerKind.LearnedPositions } earlier)
            {
                Report(DiagnosticCatalog.ConflictingAttributes, new ProblemTarget(layer.AttributeIndex, null), "[" + name + "]", "[" + Display(earlier) + "]",
                    "a sequence gets one position encoding");
                return;
            }
            if (_previous is null || _previous.Kind is not (LayerKind.Embed or LayerKind.InputProjection or LayerKind.TargetEmbed))
            {
                Report(DiagnosticCatalog.OutOfPlace, new ProblemTarget(layer.AttributeIndex, null), name, "after " + _producer,
                    "position encodings are added right after [Embed], [InputProjection] or [TargetEmbed]");
                return;
            }

            bool target = _current.Stream == Stream.Target;
            int maxSeq = target ? _c.TargetMaxSeq : _c.MaxSeq;
            string seqName = target ? ArgumentNames.TargetMaxSeq : ArgumentNames.MaxSeq;
            int rows = layer.MaxLength;
            if (layer.Gave(ArgumentNames.MaxLength) && rows <= 0 && !(layer.Kind == LayerKind.LearnedPositions && rows == 0))
            {
                Report(DiagnosticCatalog.NotPositive, new ProblemTarget(layer.AttributeIndex, ArgumentNames.MaxLength), name + " MaxLength", rows);
                return;
            }
            if (rows <= 0) rows = maxSeq;
            if (maxSeq > rows)
            {
                var target0 = layer.Gave(ArgumentNames.MaxLength)
                    ? new ProblemTarget(layer.AttributeIndex, ArgumentNames.MaxLength)
                    : ModelArgument(seqName);
                Report(DiagnosticCatalog.SequenceOverPositions, target0, seqName, maxSeq, rows, name, rows - 1);
            }

            var prefix = Prefix(layer);
            if (layer.Kind == LayerKind.LearnedPositions)
                AddParameter(layer, ArgumentNames.MaxLength, prefix + ".weight", rows, _current.Width, InitKind.Normal, 0, 0);
            else if ((long)maxSeq * _current.Width > GenerationLimits.MaxTensorElements)
            {
                // The sinusoidal table is computed at run time, (MaxSeq, width), and must fit one array like a parameter.
                Report(DiagnosticCatalog.TooLarge, ModelArgument(seqName), "[" + name + "]", "its position table", Format.Count((long)maxSeq * _current.Width),
                    Format.Count(GenerationLimits.MaxTensorElements));
                return;
            }
            Advance(layer, prefix ?? "", _current);
        }

        private void Attention(LayerSpec layer)
        {
            if (!RequireTokensFirst(layer)) return;
            var name = layer.Kind == LayerKind.MultiHead ? "MultiHead" : "SelfAttention";
            if (layer.Kind == LayerKind.MultiHead && !Positive(layer, ArgumentNames.HeadsParameter, "MultiHead heads", layer.Heads)) return;
            CheckDropout(layer, layer.Dropout, ArgumentNames.Dropout, name);
            if (!RequireSequence(layer, name)) return;
            CheckExplicitWidth(layer, name);
            CheckHeads(layer, layer.Kind == LayerKind.MultiHead ? ArgumentNames.HeadsParameter : null, name, layer.Heads, _current.Width);
            var prefix = Prefix(layer);
            AddAttentionParameters(layer, prefix, _current.Width);
            Advance(layer, prefix, _current);
        }

        private void Blocks(LayerSpec layer)
        {
            if (!RequireTokensFirst(layer)) return;
            bool decoder = layer.Kind == LayerKind.Decoder;
            var name = decoder ? "Decoder" : "Encoder";
            bool ok = Positive(layer, ArgumentNames.LayersParameter, name + " layers", layer.Size);
            if (!layer.Gave(ArgumentNames.Heads))
            {
                Report(DiagnosticCatalog.MissingArgument, new ProblemTarget(layer.AttributeIndex, null), name + "(" + Format.Value(layer.Size) + ")",
                    ArgumentNames.Heads, "the number of attention heads has no default (PyTorch's nhead is required)");
                ok = false;
            }
            else ok &= Positive(layer, ArgumentNames.Heads, name + " Heads", layer.Heads);
            ok &= Positive(layer, ArgumentNames.FeedForward, name + " FeedForward", layer.FeedForward);
            CheckActivation(layer);
            CheckDropout(layer, layer.Dropout, ArgumentNames.Dropout, name);
            CheckEpsilon(layer, ArgumentNames.LayerNormEps, name);

            if (decoder && !HasTarget)
            {
                Report(DiagnosticCatalog.DecoderWithoutEncoder, new ProblemTarget(layer.AttributeIndex, null), name,
                    "needs [TargetEmbed(width)] before it: a decoder reads target tokens and attends to the encoder's output");
                return;
            }
            if (!RequireSequence(layer, name)) return;
            CheckExplicitWidth(layer, name);
            int width = _current.Width;
            if (ok) CheckHeads(layer, ArgumentNames.Heads, name, layer.Heads, width);
            if (decoder && _memory is { } memory && memory.Width != width)
            {
                Report(DiagnosticCatalog.CrossAttentionWidth, new ProblemTarget(_targetEmbedding!.AttributeIndex, ArgumentNames.WidthParameter), memory.Width, width);
                ok = false;
            }
            if (!ok) return;
            if (layer.Size > GenerationLimits.MaxBlocksPerStack)
            {
                Report(DiagnosticCatalog.TooLargeToGenerate, SizeArgument(layer), "[" + Display(layer) + "]",
                    Format.Count(layer.Size) + " blocks", Format.Count(GenerationLimits.MaxBlocksPerStack) + " per stack");
                _fatal = true;
                return;
            }

            var prefix = Prefix(layer);
            int firstParameter = Parameters.Count;
            for (int i = 0; i < layer.Size; i++)
            {
                var block = prefix + ".layers." + Format.Value(i);
                AddAttentionParameters(layer, block + ".self_attn", width);
                if (decoder) AddAttentionParameters(layer, block + ".multihead_attn", width);
                AddLinear(layer, ArgumentNames.FeedForward, block + ".linear1", width, layer.FeedForward, bias: true);
                AddLinear(layer, ArgumentNames.FeedForward, block + ".linear2", layer.FeedForward, width, bias: true);
                for (int n = 1; n <= (decoder ? 3 : 2); n++) AddLayerNorm(layer, block + ".norm" + Format.Value(n), width);
                // One report per layer, not one per block; and the stack's size is known after its first block, before
                // an absurd layer count lays out billions of parameter entries.
                if (_fatal || (i == 0 && !StackFits(layer, firstParameter))) return;
            }
            Advance(layer, prefix, _current);
        }

        private void LayerNorm(LayerSpec layer)
        {
            if (!RequireTokensFirst(layer)) return;
            CheckEpsilon(layer, ArgumentNames.Eps, "LayerNorm");
            if (layer.Gave(ArgumentNames.WidthParameter))
            {
                if (!Positive(layer, ArgumentNames.WidthParameter, "LayerNorm width", layer.Width)) return;
                if (layer.Width != _current.Width)
                    Report(DiagnosticCatalog.WidthMismatch, new ProblemTarget(layer.AttributeIndex, ArgumentNames.WidthParameter), "LayerNorm(" + Format.Value(layer.Width) + ")",
                        layer.Width, _producer, _current.Width);
            }
            var prefix = Prefix(layer);
            AddLayerNorm(layer, prefix, _current.Width);
            Advance(layer, prefix, _current);
        }

        private void Dropout(LayerSpec layer)
        {
            if (!RequireTokensFirst(layer)) return;
            CheckDropout(layer, layer.Dropout, ArgumentNames.ProbabilityParameter, "Dropout");
            Advance(layer, "", _current);
        }

        private void Dense(LayerSpec layer)
        {
            if (!RequireTokensFirst(layer)) return;
            if (!Positive(layer, ArgumentNames.UnitsParameter, "Dense units", layer.Size)) return;
            CheckActivation(layer);
            var prefix = Prefix(layer);
            AddLinear(layer, ArgumentNames.UnitsParameter, prefix, _current.Width, layer.Size, layer.Bias);
            _lastDense = layer;
            Advance(layer, prefix, _current with { Width = layer.Size });
        }

        private void LmHead(LayerSpec layer)
        {
            if (!RequireTokensFirst(layer)) return;
            bool target = _current.Stream == Stream.Target;
            int vocab = target ? _c.TargetVocab : _c.Vocab;
            if (vocab <= 0)
            {
                Report(DiagnosticCatalog.MissingConstant, new ProblemTarget(layer.AttributeIndex, null), "[LmHead]", target ? ArgumentNames.TargetVocab : ArgumentNames.Vocab);
                return;
            }
            if (!_current.IsSequence)
            {
                Report(DiagnosticCatalog.HeadNeedsSequence, new ProblemTarget(layer.AttributeIndex, null), "LmHead", _producer, _current.Width);
                return;
            }
            var prefix = Prefix(layer);
            if (layer.Tied)
            {
                var embedding = target ? _targetEmbedding : _sourceEmbedding;
                if (embedding is null || embedding.Size != _current.Width)
                {
                    string what = embedding is null ? "the token embedding" : "[" + Display(embedding) + "]";
                    Report(DiagnosticCatalog.TiedShapeMismatch, new ProblemTarget(layer.AttributeIndex, ArgumentNames.Tied), what, vocab,
                        embedding?.Size ?? 0, vocab, _current.Width);
                    return;
                }
            }
            else
            {
                AddParameter(layer, null, prefix + ".weight", vocab, _current.Width, InitKind.LinearWeight, _current.Width, vocab);
            }
            Advance(layer, prefix, _current with { Width = vocab });
        }

        private void Pool(LayerSpec layer)
        {
            if (!RequireTokensFirst(layer)) return;
            if (!_current.IsSequence)
            {
                Report(DiagnosticCatalog.PoolNeedsSequence, new ProblemTarget(layer.AttributeIndex, null), Display(layer), _producer, _current.Width);
                return;
            }
            Advance(layer, "", TensorShape.Vector(_current.Width, _current.Stream));
        }

        private void CheckOutputMarkers(List<LayerSpec> markers)
        {
            if (markers.Count > 1)
            {
                Report(DiagnosticCatalog.ConflictingAttributes, new ProblemTarget(markers[1].AttributeIndex, null), "[" + Display(markers[1]) + "]", "[" + Display(markers[0]) + "]",
                    "a model has one output activation");
                return;
            }
            if (markers.Count == 0) return;
            var marker = markers[0];
            int width = _current.Width;
            bool sigmoid = marker.Kind == LayerKind.Sigmoid;
            bool fits = sigmoid ? width == 1 : width >= 2;
            if (!fits)
            {
                var target = _lastDense is not null && Nodes.Count > 0 && Nodes[Nodes.Count - 1].Layer == _lastDense
                    ? new ProblemTarget(_lastDense.AttributeIndex, ArgumentNames.UnitsParameter)
                    : new ProblemTarget(marker.AttributeIndex, null);
                Report(DiagnosticCatalog.OutputUnits, target, sigmoid ? "Sigmoid" : "Softmax", sigmoid ? "exactly 1" : "at least 2", _producer, width);
                return;
            }
            OutputActivation = sigmoid ? OutputActivation.Sigmoid : OutputActivation.Softmax;
        }

        private void CheckClasses()
        {
            if (_c.Classes > 0 && _current.Width != _c.Classes)
                Report(DiagnosticCatalog.ClassesMismatch, ModelArgument(ArgumentNames.Classes), _c.Classes, _current.Width, _producer);
        }

        private void CheckTotalSize()
        {
            long total = 0;
            foreach (var parameter in Parameters) total += parameter.Length;
            if (total > GenerationLimits.MaxParameters)
                Report(DiagnosticCatalog.TooLarge, new ProblemTarget(_c.AttributeIndex, null), "The model", "parameters", Format.Count(total), Format.Count(GenerationLimits.MaxParameters));
        }

        private bool RequireSequence(LayerSpec layer, string name)
        {
            if (_current.IsSequence) return true;
            if (layer.Causal && layer.Kind != LayerKind.Decoder)
                Report(DiagnosticCatalog.CausalWithoutSequence, new ProblemTarget(layer.AttributeIndex, layer.Gave(ArgumentNames.Causal) ? ArgumentNames.Causal : null), name, _current.Width, _producer);
            else
                Report(DiagnosticCatalog.AttentionNeedsSequence, new ProblemTarget(layer.AttributeIndex, null), name, _producer, _current.Width);
            return false;
        }

        private void CheckExplicitWidth(LayerSpec layer, string name)
        {
            if (layer.Gave(ArgumentNames.Width) && layer.Width != _current.Width)
                Report(DiagnosticCatalog.WidthMismatch, new ProblemTarget(layer.AttributeIndex, ArgumentNames.Width), name + "(Width = " + Format.Value(layer.Width) + ")",
                    layer.Width, _producer, _current.Width);
        }

        private void CheckHeads(LayerSpec layer, string? argument, string name, int heads, int width)
        {
            if (heads <= 0 || width % heads == 0) return;
            string perHead = ((double)width / heads).ToString("0.##", System.Globalization.CultureInfo.InvariantCulture);
            string splitter = layer.Kind == LayerKind.MultiHead ? "MultiHead(" + Format.Value(heads) + ")"
                : name + "(" + Format.Value(layer.Size) + ", Heads = " + Format.Value(heads) + ")";
            string source = _producerLayer is { Kind: LayerKind.Embed or LayerKind.InputProjection or LayerKind.TargetEmbed or LayerKind.Dense }
                ? Display(_producerLayer)
                : "width " + Format.Value(width) + " from " + _producer;
            Report(DiagnosticCatalog.HeadsDoNotDivide, new ProblemTarget(layer.AttributeIndex, argument), splitter, source, perHead, width, heads,
                string.Join(", ", HeadDivisors.Nearest(width, heads)));
        }

        /// <summary>Checked as the float the kernels use too: 0.99999999 is below 1 as a double but rounds to 1f, which drops everything.</summary>
        private void CheckDropout(LayerSpec layer, double p, string argument, string name)
        {
            if (p >= 0 && p < 1 && (float)p < 1f) return;
            string shown = p >= 0 && p < 1 ? Format.Value(p) + " (1 as a float)" : Format.Value(p);
            Report(DiagnosticCatalog.DropoutRange, new ProblemTarget(layer.AttributeIndex, layer.Gave(argument) ? argument : null), shown, name);
        }

        /// <summary>(Activation)99 compiles, but names no function: the generated code could not call it.</summary>
        private void CheckActivation(LayerSpec layer)
        {
            if (layer.Activation is ActivationKind.None or ActivationKind.Relu or ActivationKind.Gelu or ActivationKind.GeluTanh) return;
            Report(DiagnosticCatalog.MissingArgument, new ProblemTarget(layer.AttributeIndex, ArgumentNames.Activation), Display(layer), ArgumentNames.Activation,
                Format.Value((int)layer.Activation) + " is not an Activation; use None, Relu, Gelu or GeluTanh");
        }

        /// <summary>Checked as the float the kernels use: 1e-300 is a positive double but a zero float.</summary>
        private void CheckEpsilon(LayerSpec layer, string argument, string name)
        {
            float eps = (float)layer.Eps;
            if (!(eps > 0) || float.IsInfinity(eps))
                Report(DiagnosticCatalog.EpsilonRange, new ProblemTarget(layer.AttributeIndex, layer.Gave(argument) ? argument : null), layer.Eps, name);
        }

        private bool Positive(LayerSpec layer, string argument, string what, int value)
        {
            if (value > 0) return true;
            Report(DiagnosticCatalog.NotPositive, new ProblemTarget(layer.AttributeIndex, layer.Gave(argument) ? argument : null), what, value);
            return false;
        }

        private void AddAttentionParameters(LayerSpec layer, string prefix, int width)
        {
            // 3 * width in long: it overflows int for widths the size check must still reject with a true count.
            _ = AddParameter(layer, null, prefix + ".in_proj_weight", 3L * width, width, InitKind.XavierUniform, width, 3 * width)
                && AddParameter(layer, null, prefix + ".in_proj_bias", 3L * width, 0, InitKind.Zeros, 0, 0)
                && AddParameter(layer, null, prefix + ".out_proj.weight", width, width, InitKind.LinearWeight, width, width)
                && AddParameter(layer, null, prefix + ".out_proj.bias", width, 0, InitKind.Zeros, 0, 0);
        }

        /// <summary>Whether a stack of <c>layer.Size</c> blocks, each as large as the one just laid out, fits in the parameter array.</summary>
        private bool StackFits(LayerSpec layer, int firstParameter)
        {
            long perBlock = 0, perBlockCharacters = 0;
            for (int p = firstParameter; p < Parameters.Count; p++)
            {
                perBlock += Parameters[p].Length;
                perBlockCharacters += Parameters[p].Name.Length;
            }
            int perBlockTensors = Parameters.Count - firstParameter;
            // Later blocks' names are as long as block 0's, or a digit or three longer: block 0's is a lower bound.
            if ((long)perBlockTensors * (layer.Size - 1) + Parameters.Count > GenerationLimits.MaxParameterTensors)
                return TooManyTensors(layer, Parameters.Count - perBlockTensors + (long)perBlockTensors * layer.Size);
            if (perBlockCharacters * (layer.Size - 1) + _nameCharacters > GenerationLimits.MaxNameCharacters)
                return TooManyNameCharacters(layer, _nameCharacters - perBlockCharacters + perBlockCharacters * layer.Size);
            if (perBlock <= GenerationLimits.MaxParameters / layer.Size) return true;
            Report(DiagnosticCatalog.TooLarge, new ProblemTarget(layer.AttributeIndex, layer.Gave(ArgumentNames.LayersParameter) ? ArgumentNames.LayersParameter : null),
                "[" + Display(layer) + "]", "parameters", Format.Count((decimal)perBlock * layer.Size), Format.Count(GenerationLimits.MaxParameters));
            _fatal = true;
            return false;
        }

        private void AddLinear(LayerSpec layer, string? argument, string prefix, int inFeatures, int outFeatures, bool bias)
        {
            AddParameter(layer, argument, prefix + ".weight", outFeatures, inFeatures, InitKind.LinearWeight, inFeatures, outFeatures);
            if (bias) AddParameter(layer, argument, prefix + ".bias", outFeatures, 0, InitKind.LinearBias, inFeatures, outFeatures);
        }

        private void AddLayerNorm(LayerSpec layer, string prefix, int width)
        {
            AddParameter(layer, null, prefix + ".weight", width, 0, InitKind.Ones, 0, 0);
            AddParameter(layer, null, prefix + ".bias", width, 0, InitKind.Zeros, 0, 0);
        }

        private bool AddParameter(LayerSpec layer, string? argument, string name, long rows, int columns, InitKind init, int fanIn, int fanOut)
        {
            decimal length = columns == 0 ? rows : (decimal)rows * columns;
            if (length > GenerationLimits.MaxTensorElements || rows < 0)
            {
                Report(DiagnosticCatalog.TooLarge, new ProblemTarget(layer.AttributeIndex, argument is not null && layer.Gave(argument) ? argument : null),
                    "[" + Display(layer) + "]", name, Format.Count(length), Format.Count(GenerationLimits.MaxTensorElements));
                _fatal = true;
                return false;
            }
            if (Parameters.Count >= GenerationLimits.MaxParameterTensors) return TooManyTensors(layer, Parameters.Count + 1L);
            if (_nameCharacters + name.Length > GenerationLimits.MaxNameCharacters) return TooManyNameCharacters(layer, _nameCharacters + name.Length);
            CheckUniqueParameter(layer, name);
            _nameCharacters += name.Length;
            Parameters.Add(new ParameterSpec(name, (int)rows, columns, init, fanIn, fanOut) { Owner = layer.AttributeIndex });
            return true;
        }

        /// <summary>
        /// A Name can spell another layer's parameter ("self_attn.out_proj" beside a [MultiHead]): two tensors would
        /// share one state-dict name. Reported once per pair of layers, on the Name that caused it.
        /// </summary>
        private void CheckUniqueParameter(LayerSpec layer, string name)
        {
            if (!_parameterOwners.TryGetValue(name, out var owner))
            {
                _parameterOwners[name] = layer;
                return;
            }
            if (owner == layer || !_reportedDuplicates.Add((owner, layer))) return;
            var named = layer.Name is not null ? layer : owner.Name is not null ? owner : layer;
            Report(DiagnosticCatalog.DuplicateName, new ProblemTarget(named.AttributeIndex, named.Name is null ? null : ArgumentNames.Name),
                name, Display(owner), Display(layer));
        }

        private bool TooManyTensors(LayerSpec layer, long tensors)
        {
            Report(DiagnosticCatalog.TooLargeToGenerate, SizeArgument(layer), "[" + Display(layer) + "]",
                Format.Count(tensors) + " parameter tensors in the model", Format.Count(GenerationLimits.MaxParameterTensors));
            _fatal = true;
            return false;
        }

        private bool TooManyNameCharacters(LayerSpec layer, long characters)
        {
            var target = layer.Name is not null ? new ProblemTarget(layer.AttributeIndex, ArgumentNames.Name) : SizeArgument(layer);
            Report(DiagnosticCatalog.TooLargeToGenerate, target, "[" + Display(layer) + "]",
                Format.Count(characters) + " characters of parameter names in the model", Format.Count(GenerationLimits.MaxNameCharacters));
            _fatal = true;
            return false;
        }

        /// <summary>The argument that sets how much a layer adds: a stack's block count, else the attribute itself.</summary>
        private static ProblemTarget SizeArgument(LayerSpec layer) =>
            new(layer.AttributeIndex, layer.Kind is LayerKind.Encoder or LayerKind.Decoder && layer.Gave(ArgumentNames.LayersParameter) ? ArgumentNames.LayersParameter : null);

        private void Advance(LayerSpec layer, string? prefix, TensorShape output)
        {
            Nodes.Add(new ShapeNode(layer, prefix ?? "", _current, output));
            _current = output;
            if (layer.Kind is not (LayerKind.SinusoidalPositions or LayerKind.LearnedPositions or LayerKind.Dropout))
            {
                _producer = "[" + Display(layer) + "]";
                _producerLayer = layer;
            }
        }

        /// <summary>
        /// The layer's state-dict prefix: the user's Name, else the default, numbered when several layers
        /// share a default. Reports a duplicate or malformed name.
        /// </summary>
        private string Prefix(LayerSpec layer)
        {
            string? prefix = layer.Name;
            if (prefix is null)
            {
                var fallback = DefaultPrefix(layer);
                if (fallback is null) return "";
                int uses = _defaultPrefixUses.TryGetValue(fallback, out var n) ? n : 1;
                if (uses > 1)
                {
                    int ordinal = _prefixOwners.Keys.Count(k => k.StartsWith(fallback + "_", StringComparison.Ordinal));
                    prefix = fallback + "_" + Format.Value(ordinal);
                }
                else prefix = fallback;
            }
            else if (!IsValidPrefix(prefix))
            {
                Report(DiagnosticCatalog.InvalidName, new ProblemTarget(layer.AttributeIndex, ArgumentNames.Name), prefix);
            }

            if (_prefixOwners.TryGetValue(prefix, out var owner) && owner != layer)
            {
                Report(DiagnosticCatalog.DuplicateName, new ProblemTarget(layer.AttributeIndex, layer.Name is null ? null : ArgumentNames.Name), prefix, Display(owner), Display(layer));
                _reportedDuplicates.Add((owner, layer)); // their parameters collide too: one report says it
            }
            else _prefixOwners[prefix] = layer;
            return prefix;
        }

        private string? DefaultPrefix(LayerSpec layer) => layer.Kind switch
        {
            LayerKind.Embed => "embed",
            LayerKind.InputProjection => "input_proj",
            LayerKind.TargetEmbed => "target_embed",
            LayerKind.LearnedPositions => _spec.Layers.TakeWhile(l => l != layer).Any(l => l.Kind == LayerKind.TargetEmbed) ? "target_pos_embed" : "pos_embed",
            LayerKind.MultiHead or LayerKind.SelfAttention => "self_attn",
            LayerKind.Encoder => "encoder",
            LayerKind.Decoder => "decoder",
            LayerKind.LayerNorm => "norm",
            LayerKind.Dense => "dense",
            LayerKind.LmHead => "lm_head",
            _ => null,
        };

        private static bool IsValidPrefix(string prefix)
        {
            if (prefix.Length == 0) return false;
            foreach (var part in prefix.Split('.'))
            {
                if (part.Length == 0) return false;
                foreach (var ch in part)
                {
                    if (!(ch == '_' || (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9'))) return false;
                }
            }
            return true;
        }

        private static string Display(LayerSpec layer) => LayerText.Describe(layer);
    }
}
