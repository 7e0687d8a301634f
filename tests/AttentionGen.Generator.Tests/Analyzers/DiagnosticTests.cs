using System.Linq;
using System.Threading.Tasks;
using static AttentionGen.Generator.Tests.Analyzers.AnalyzerVerifier;

namespace AttentionGen.Generator.Tests.Analyzers;

/// <summary>
/// One realistic declaration per diagnostic ID, with the argument the user must change marked. Each test also
/// proves the generator stays silent and does not throw on the same source.
/// </summary>
public sealed class DiagnosticTests
{
    [Fact]
    public Task AG0001_model_class_not_partial() => VerifyAsync("""
        [Model(Vocab = 1000, MaxSeq = 32)]
        [Embed(64), MultiHead(8)]
        [MeanPool, Dense(2)]
        public class [|Sentiment|];
        """,
        ("AG0001", "'Sentiment' has [Model] but is not partial; the generator adds the model's members in another part of the class"));

    [Fact]
    public Task AG0002_generic_model() => VerifyAsync("""
        [Model(Vocab = 1000, MaxSeq = 32)]
        [Embed(64), MultiHead(8)]
        [MeanPool, Dense(2)]
        public partial class [|Classifier|]<TLabel>;
        """,
        ("AG0002", "'Classifier' is generic; declare the model as a non-generic, non-record partial class"));

    [Fact]
    public Task AG0002_record_model() => VerifyAsync("""
        [Model(Vocab = 1000, MaxSeq = 32)]
        [Embed(64), MultiHead(8)]
        [MeanPool, Dense(2)]
        public partial record [|Classifier|];
        """,
        ("AG0002", "'Classifier' is a record; declare the model as a non-generic, non-record partial class"));

    [Fact]
    public Task AG0003_containing_type_not_partial() => VerifyAsync("""
        public static class Models
        {
            [Model(Vocab = 1000, MaxSeq = 32)]
            [Embed(64), MultiHead(8)]
            [MeanPool, Dense(2)]
            public partial class [|Sentiment|];
        }
        """,
        ("AG0003", "'Sentiment' is nested in 'Models', which is not partial; make every containing type partial"));

    [Fact]
    public Task AG0004_layers_without_model() => VerifyAsync("""
        [[|Embed|](64), MultiHead(8)]
        [MeanPool, Dense(2)]
        public partial class Sentiment;
        """,
        ("AG0004", "[Embed] on 'Sentiment' describes a layer, but the class has no [Model(...)]; add [Model(Vocab = ..., MaxSeq = ...)]"));

    /// <summary>Once per class, on its first layer, however many partial declarations carry layers.</summary>
    [Fact]
    public Task AG0004_once_per_class_across_partial_declarations() => VerifyAsync(new[]
    {
        """
        [[|SinusoidalPositions|], Encoder(2, Heads = 4)]
        public partial class Sentiment;
        """,
        """
        [MeanPool, Dense(2)]
        public partial class Sentiment;
        """,
    },
        ("AG0004", "[SinusoidalPositions] on 'Sentiment' describes a layer, but the class has no [Model(...)]; add [Model(Vocab = ..., MaxSeq = ...)]"));

    [Fact]
    public Task AG0005_layers_split_over_declarations() => VerifyAsync(new[]
    {
        """
        [Model(Vocab = 1000, MaxSeq = 32)]
        [Embed(64), MultiHead(8)]
        public partial class [|Sentiment|];
        """,
        """
        [MeanPool, Dense(2)]
        public partial class Sentiment;
        """,
    },
        ("AG0005", "'Sentiment' has layer attributes on 2 partial declarations; put them all on one, so their order is defined"));

    [Fact]
    public Task AG0006_model_without_layers() => VerifyAsync("""
        [Model(Vocab = 1000, MaxSeq = 32)]
        public partial class [|Placeholder|];
        """,
        ("AG0006", "'Placeholder' has [Model] but no layer attributes, so there is nothing to generate"));

    [Fact]
    public Task AG0010_missing_max_seq() => VerifyAsync("""
        [[|Model|](Vocab = 1000)]
        [Embed(64), MultiHead(8)]
        [MeanPool, Dense(2)]
        public partial class Sentiment;
        """,
        ("AG0010", "The model needs [Model(MaxSeq = ...)], which is not set"));

    [Fact]
    public Task AG0010_embed_without_vocab() => VerifyAsync("""
        [Model(Features = 12, MaxSeq = 96)]
        [[|Embed|](64), MultiHead(8)]
        [LastTokenPool, Dense(1)]
        public partial class Forecaster;
        """,
        ("AG0010", "[Embed] needs [Model(Vocab = ...)], which is not set"));

    [Fact]
    public Task AG0011_encoder_without_heads() => VerifyAsync("""
        [Model(Vocab = 1000, MaxSeq = 32)]
        [Embed(64), SinusoidalPositions]
        [[|Encoder|](2, FeedForward = 256)]
        [MeanPool, Dense(2)]
        public partial class Sentiment;
        """,
        ("AG0011", "[Encoder(2)] needs Heads = ...; the number of attention heads has no default (PyTorch's nhead is required)"));

    [Fact]
    public Task AG0012_tokens_and_features() => VerifyAsync("""
        [Model(Vocab = 1000, Features = [|16|], MaxSeq = 32)]
        [Embed(64), MultiHead(8)]
        [MeanPool, Dense(2)]
        public partial class Sentiment;
        """,
        ("AG0012", "Features = 16 conflicts with Vocab = 1000: a model reads either token ids (Vocab) or float features (Features), not both"));

    /// <summary>A decoder side needs token ids on the source too: the sequence-to-sequence contract reads tokens on both sides.</summary>
    [Fact]
    public Task AG0012_float_source_with_a_target_side() => VerifyAsync("""
        [Model(Features = [|4|], MaxSeq = 8, TargetVocab = 10, TargetMaxSeq = 6)]
        [InputProjection(8)]
        [TargetEmbed(8)]
        [Decoder(1, Heads = 2, FeedForward = 16)]
        [LmHead]
        public partial class Transcriber;
        """,
        ("AG0012", "[TargetEmbed(8)] conflicts with Features = 4: a sequence-to-sequence model reads source token ids (Vocab = ...), and float inputs have no decoder side"));

    [Fact]
    public Task AG0012_two_position_encodings() => VerifyAsync("""
        [Model(Vocab = 1000, MaxSeq = 32)]
        [Embed(64), SinusoidalPositions, [|LearnedPositions|]]
        [MultiHead(8), MeanPool, Dense(2)]
        public partial class Sentiment;
        """,
        ("AG0012", "[LearnedPositions] conflicts with [SinusoidalPositions]: a sequence gets one position encoding"));

    [Fact]
    public Task AG0013_positions_after_attention() => VerifyAsync("""
        [Model(Vocab = 1000, MaxSeq = 32)]
        [Embed(64), MultiHead(8), [|SinusoidalPositions|]]
        [MeanPool, Dense(2)]
        public partial class Sentiment;
        """,
        ("AG0013", "[SinusoidalPositions] cannot come after [MultiHead(8)]: position encodings are added right after [Embed], [InputProjection] or [TargetEmbed]"));

    [Fact]
    public Task AG0013_attention_before_embedding() => VerifyAsync("""
        [Model(Vocab = 1000, MaxSeq = 32)]
        [[|MultiHead|](8), Embed(64)]
        [MeanPool, Dense(2)]
        public partial class Sentiment;
        """,
        ("AG0013", "[MultiHead(8)] cannot come before [Embed]: token ids must be embedded first; add [Embed(width)] as the first layer"));

    [Fact]
    public Task AG0014_duplicate_parameter_name() => VerifyAsync("""
        [Model(Vocab = 1000, MaxSeq = 32)]
        [Embed(64), MultiHead(8)]
        [MeanPool, Dense(32, Activation = Activation.Relu, Name = "head"), Dense(2, Name = [|"head"|])]
        public partial class Sentiment;
        """,
        ("AG0014", "'head' names parameters of both [Dense(32, Activation = Relu)] and [Dense(2)]; state-dict names must be unique"));

    /// <summary>A Name that spells another layer's parameters: two tensors would share "self_attn.out_proj.weight" (and ".bias").</summary>
    [Fact]
    public Task AG0014_name_spells_another_layers_parameters() => VerifyAsync("""
        [Model(Vocab = 1000, MaxSeq = 32)]
        [Embed(64), MultiHead(8)]
        [Dense(4, Name = [|"self_attn.out_proj"|])]
        public partial class Sentiment;
        """,
        ("AG0014", "'self_attn.out_proj.weight' names parameters of both [MultiHead(8)] and [Dense(4)]; state-dict names must be unique"));

    /// <summary>The Name is underlined even when the named layer comes first and the default-named one collides with it.</summary>
    [Fact]
    public Task AG0014_on_the_name_that_causes_it() => VerifyAsync("""
        [Model(Vocab = 1000, MaxSeq = 32)]
        [Embed(64), LayerNorm(Name = [|"self_attn.out_proj"|]), MultiHead(8)]
        [MeanPool, Dense(2)]
        public partial class Sentiment;
        """,
        ("AG0014", "'self_attn.out_proj.weight' names parameters of both [LayerNorm] and [MultiHead(8)]; state-dict names must be unique"));

    [Fact]
    public Task AG0015_invalid_parameter_name() => VerifyAsync("""
        [Model(Vocab = 1000, MaxSeq = 32)]
        [Embed(64), MultiHead(8, Name = [|"self attn"|])]
        [MeanPool, Dense(2)]
        public partial class Sentiment;
        """,
        ("AG0015", "Name \"self attn\" is not a valid state-dict prefix: use letters, digits and '_', with '.' between parts"));

    /// <summary>The design card's example: the error sits on exactly the 6.</summary>
    [Fact]
    public Task AG0101_heads_do_not_divide_the_embedding() => VerifyAsync("""
        [Model(Vocab = 1000, MaxSeq = 32)] [Embed(64)] [MultiHead([|6|])] [MeanPool, Dense(2)]
        public partial class ProbeClassifier;
        """,
        ("AG0101", "MultiHead(6) splits Embed(64) into heads of 10.67 features; 64 is not divisible by 6 (divisors near 6: 4, 8)"));

    [Fact]
    public Task AG0101_encoder_heads() => VerifyAsync("""
        [Model(Vocab = 1000, MaxSeq = 32)]
        [Embed(64), SinusoidalPositions]
        [Encoder(2, Heads = [|5|], FeedForward = 256)]
        [MeanPool, Dense(2)]
        public partial class Sentiment;
        """,
        ("AG0101", "Encoder(2, Heads = 5) splits Embed(64) into heads of 12.8 features; 64 is not divisible by 5 (divisors near 5: 4, 8)"));

    [Fact]
    public Task AG0101_heads_given_by_parameter_name() => VerifyAsync("""
        [Model(Vocab = 1000, MaxSeq = 32)]
        [Embed(96), MultiHead(heads: [|7|], Causal = true)]
        [LmHead]
        public partial class TinyLm;
        """,
        ("AG0101", "MultiHead(7) splits Embed(96) into heads of 13.71 features; 96 is not divisible by 7 (divisors near 7: 6, 8)"));

    [Fact]
    public Task AG0102_layer_norm_width() => VerifyAsync("""
        [Model(Vocab = 1000, MaxSeq = 32)]
        [Embed(64), MultiHead(8), LayerNorm([|128|])]
        [MeanPool, Dense(2)]
        public partial class Sentiment;
        """,
        ("AG0102", "[LayerNorm(128)] expects width 128, but its input from [MultiHead(8)] has width 64"));

    [Fact]
    public Task AG0102_attention_width() => VerifyAsync("""
        [Model(Vocab = 1000, MaxSeq = 32)]
        [Embed(64), MultiHead(8, Width = [|128|])]
        [MeanPool, Dense(2)]
        public partial class Sentiment;
        """,
        ("AG0102", "[MultiHead(Width = 128)] expects width 128, but its input from [Embed(64)] has width 64"));

    [Fact]
    public Task AG0103_cross_attention_width() => VerifyAsync("""
        [Model(Vocab = 8000, MaxSeq = 64, TargetVocab = 6000, TargetMaxSeq = 64)]
        [Embed(256), SinusoidalPositions, Encoder(2, Heads = 8, FeedForward = 512)]
        [TargetEmbed([|128|]), SinusoidalPositions, Decoder(2, Heads = 8, FeedForward = 512)]
        [LmHead]
        public partial class Translator;
        """,
        ("AG0103", "Decoder cross-attention takes keys and values from the encoder output of width 256, but the target stream has width 128; make [TargetEmbed(128)] TargetEmbed(256)"));

    [Fact]
    public Task AG0104_tied_head_after_projection() => VerifyAsync("""
        [Model(Vocab = 1000, MaxSeq = 32)]
        [Embed(64), LearnedPositions]
        [Encoder(1, Heads = 4, FeedForward = 128, Causal = true, NormFirst = true)]
        [Dense(32), LmHead(Tied = [|true|])]
        public partial class TinyGpt;
        """,
        ("AG0104", "LmHead(Tied = true) reuses [Embed(64)] of shape (1000, 64) as its weight, but the head needs (1000, 32)"));

    [Fact]
    public Task AG0105_sequence_longer_than_sinusoidal_table() => VerifyAsync("""
        [Model(Vocab = 1000, MaxSeq = [|8192|])]
        [Embed(64), SinusoidalPositions]
        [MultiHead(8), MeanPool, Dense(2)]
        public partial class LongReader;
        """,
        ("AG0105", "MaxSeq = 8192 exceeds the 5000 rows of [SinusoidalPositions]; positions past row 4999 would have no encoding"));

    [Fact]
    public Task AG0105_learned_table_too_short() => VerifyAsync("""
        [Model(Vocab = 1000, MaxSeq = 256)]
        [Embed(64), LearnedPositions(MaxLength = [|128|])]
        [Encoder(2, Heads = 4, Causal = true, NormFirst = true)]
        [LmHead(Tied = true)]
        public partial class TinyGpt;
        """,
        ("AG0105", "MaxSeq = 256 exceeds the 128 rows of [LearnedPositions]; positions past row 127 would have no encoding"));

    [Fact]
    public Task AG0106_classes_mismatch() => VerifyAsync("""
        [Model(Vocab = 1000, MaxSeq = 32, Classes = [|3|])]
        [Embed(64), MultiHead(8)]
        [MeanPool, Dense(2), Softmax]
        public partial class Sentiment;
        """,
        ("AG0106", "Classes = 3, but the model outputs 2 values per example (from [Dense(2)])"));

    [Fact]
    public Task AG0107_sigmoid_needs_one_unit() => VerifyAsync("""
        [Model(Vocab = 1000, MaxSeq = 32)]
        [Embed(64), MultiHead(8)]
        [MeanPool, Dense([|2|]), Sigmoid]
        public partial class SpamFilter;
        """,
        ("AG0107", "[Sigmoid] needs exactly 1 output unit(s), but [Dense(2)] gives 2"));

    [Fact]
    public Task AG0201_zero_width() => VerifyAsync("""
        [Model(Vocab = 1000, MaxSeq = 32)]
        [Embed([|0|]), MultiHead(8)]
        [MeanPool, Dense(2)]
        public partial class Sentiment;
        """,
        ("AG0201", "Embed width must be positive, but it is 0"));

    [Fact]
    public Task AG0202_dropout_out_of_range() => VerifyAsync("""
        [Model(Vocab = 1000, MaxSeq = 32)]
        [Embed(64), MultiHead(8, Dropout = [|1.5|])]
        [MeanPool, Dense(2)]
        public partial class Sentiment;
        """,
        ("AG0202", "Dropout probability 1.5 in [MultiHead] is outside [0, 1)"));

    [Fact]
    public Task AG0203_embedding_table_too_large() => VerifyAsync("""
        [Model(Vocab = 2_000_000, MaxSeq = 32)]
        [Embed([|4096|]), MultiHead(8)]
        [MeanPool, Dense(2)]
        public partial class Huge;
        """,
        ("AG0203", "[Embed(4096)] makes embed.weight of 8,192,000,000 floats, more than the 2,147,483,591 one array can hold"));

    /// <summary>Reported once, from the first block's size, without laying out the rest.</summary>
    [Fact]
    public Task AG0203_encoder_stack_too_large() => VerifyAsync("""
        [Model(Vocab = 30_000, MaxSeq = 512)]
        [Embed(512), SinusoidalPositions]
        [Encoder([|1_000|], Heads = 8)]
        [FirstTokenPool, Dense(2)]
        public partial class Deep;
        """,
        ("AG0203", "[Encoder(1000)] makes parameters of 3,152,384,000 floats, more than the 2,147,483,591 one array can hold"));

    /// <summary>Every parameter fits, but a sequence of int.MaxValue positions cannot be kept: not even new M(maxBatch: 1) could succeed.</summary>
    [Fact]
    public Task AG0203_activations_of_one_sequence_too_large() => VerifyAsync("""
        [Model(Vocab = 10, MaxSeq = [|int.MaxValue|])]
        [Embed(4)]
        [MeanPool]
        public partial class Long;
        """,
        ("AG0203", "MaxSeq = 2147483647 makes the activations of one sequence of 8,589,934,592 floats, more than the 2,147,483,591 one array can hold"));

    /// <summary>The longer of the two maximum lengths is the one to change.</summary>
    [Fact]
    public Task AG0203_activations_reported_on_the_longer_target_length() => VerifyAsync("""
        [Model(Vocab = 10, MaxSeq = 8, TargetVocab = 10, TargetMaxSeq = [|100_000_000|])]
        [Embed(8), TargetEmbed(8)]
        [Decoder(1, Heads = 2, FeedForward = 16)]
        [LmHead]
        public partial class Translator;
        """,
        ("AG0203", "TargetMaxSeq = 100000000 makes the activations of one sequence of 19,800,000,000 floats, more than the 2,147,483,591 one array can hold"));

    /// <summary>3 × width overflows int here; the count in the message must still be the true one.</summary>
    [Fact]
    public Task AG0203_attention_projection_count_does_not_overflow() => VerifyAsync("""
        [Model(Vocab = 1, MaxSeq = 8)]
        [Embed(2_000_000_000), [|MultiHead|](1)]
        [MeanPool, Dense(2)]
        public partial class Wide;
        """,
        ("AG0203", "[MultiHead(1)] makes self_attn.in_proj_weight of 12,000,000,000,000,000,000 floats, more than the 2,147,483,591 one array can hold"));

    /// <summary>In range as a double, 1 as the float the kernels use: training would drop everything.</summary>
    [Fact]
    public Task AG0202_dropout_that_rounds_to_one_as_a_float() => VerifyAsync("""
        [Model(Vocab = 1000, MaxSeq = 32)]
        [Embed(64), Dropout([|0.99999999|])]
        [Encoder(1, Heads = 8, FeedForward = 64, Dropout = [|0.99999999|])]
        [MeanPool, Dense(2)]
        public partial class Sentiment;
        """,
        ("AG0202", "Dropout probability 0.99999999 (1 as a float) in [Dropout] is outside [0, 1)"),
        ("AG0202", "Dropout probability 0.99999999 (1 as a float) in [Encoder] is outside [0, 1)"));

    [Fact]
    public Task AG0205_stack_with_too_many_blocks() => VerifyAsync("""
        [Model(Vocab = 1000, MaxSeq = 32)]
        [Embed(64), SinusoidalPositions]
        [Encoder([|300_000|], Heads = 8, FeedForward = 256)]
        [MeanPool, Dense(2)]
        public partial class Deep;
        """,
        ("AG0205", "[Encoder(300000)] would have 300,000 blocks; the generator accepts at most 1,000 per stack"));

    /// <summary>Each stack is within its limit, together they have too many tensors: reported on the stack that crosses it, before laying it out.</summary>
    [Fact]
    public Task AG0205_too_many_parameter_tensors() => VerifyAsync("""
        [Model(Vocab = 1000, MaxSeq = 32, TargetVocab = 1000, TargetMaxSeq = 32)]
        [Embed(8), Encoder(1_000, Heads = 1, FeedForward = 8)]
        [TargetEmbed(8), Decoder([|1_000|], Heads = 1, FeedForward = 8)]
        [LmHead]
        public partial class Deep;
        """,
        ("AG0205", "[Decoder(1000)] would have 30,002 parameter tensors in the model; the generator accepts at most 20,000"));

    /// <summary>Names are string literals of the generated table: a huge Name is refused on the Name.</summary>
    [Fact]
    public Task AG0205_too_many_name_characters() => VerifyAsync("""
        [Model(Vocab = 1000, MaxSeq = 32)]
        [Embed(8, Name = [|"e" + Long|])]
        [MeanPool, Dense(2)]
        public partial class Named
        {
            private const string Long = D + D + D + D + D + D + D + D + D + D;             // 1,000,000 characters
            private const string D = C + C + C + C + C + C + C + C + C + C;                // 100,000
            private const string C = B + B + B + B + B + B + B + B + B + B;                // 10,000
            private const string B = A + A + A + A + A + A + A + A + A + A;                // 1,000
            private const string A = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
        }
        """,
        ("AG0205", "[Embed(8)] would have 1,000,008 characters of parameter names in the model; the generator accepts at most 1,000,000"));

    /// <summary>Counted before any per-layer work: a generated list of attributes is refused at once.</summary>
    [Fact]
    public Task AG0205_too_many_layer_attributes() => VerifyAsync(
        "[Model(Vocab = 10, MaxSeq = 4)]\n[Embed(2)]\n" + string.Concat(Enumerable.Repeat("[Dropout(0.1)]\n", 999)) + "[[|Dropout|](0.1)]\npublic partial class Deep;",
        ("AG0205", "The model would have 1,001 layer attributes; the generator accepts at most 1,000"));

    [Fact]
    public Task AG0204_layer_norm_epsilon() => VerifyAsync("""
        [Model(Vocab = 1000, MaxSeq = 32)]
        [Embed(64), MultiHead(8), LayerNorm(Eps = [|0|])]
        [MeanPool, Dense(2)]
        public partial class Sentiment;
        """,
        ("AG0204", "LayerNorm epsilon 0 in [LayerNorm] must be a positive, finite number (PyTorch's default is 1e-5)"));

    [Fact]
    public Task AG0301_attention_after_pooling() => VerifyAsync("""
        [Model(Vocab = 1000, MaxSeq = 32)]
        [Embed(64), MeanPool]
        [[|MultiHead|](8), Dense(2)]
        public partial class Sentiment;
        """,
        ("AG0301", "[MultiHead] attends over a sequence (batch, seq, width), but after [MeanPool] its input is (batch, 64)"));

    [Fact]
    public Task AG0302_pooling_twice() => VerifyAsync("""
        [Model(Vocab = 1000, MaxSeq = 32)]
        [Embed(64), MultiHead(8)]
        [MeanPool, [|LastTokenPool|], Dense(2)]
        public partial class Sentiment;
        """,
        ("AG0302", "[LastTokenPool] pools over a sequence, but [MeanPool] already reduced it to (batch, 64)"));

    [Fact]
    public Task AG0303_causal_after_pooling() => VerifyAsync("""
        [Model(Vocab = 1000, MaxSeq = 32)]
        [Embed(64), MeanPool]
        [MultiHead(8, Causal = [|true|]), Dense(2)]
        public partial class Sentiment;
        """,
        ("AG0303", "Causal = true masks future positions, but the input to [MultiHead] is (batch, 64) after [MeanPool]: there is no sequence axis to mask"));

    [Fact]
    public Task AG0304_lm_head_after_pooling() => VerifyAsync("""
        [Model(Vocab = 1000, MaxSeq = 32)]
        [Embed(64), MultiHead(8, Causal = true)]
        [MeanPool, [|LmHead|]]
        public partial class TinyLm;
        """,
        ("AG0304", "[LmHead] predicts a token at every position and needs (batch, seq, width), but after [MeanPool] its input is (batch, 64)"));

    [Fact]
    public Task AG0305_decoder_without_target() => VerifyAsync("""
        [Model(Vocab = 1000, MaxSeq = 32)]
        [Embed(64), SinusoidalPositions]
        [Encoder(2, Heads = 8), [|Decoder|](2, Heads = 8)]
        [LmHead]
        public partial class Translator;
        """,
        ("AG0305", "[Decoder] needs [TargetEmbed(width)] before it: a decoder reads target tokens and attends to the encoder's output"));

    /// <summary>The card's model with a head count that divides 64: no error, one summary.</summary>
    [Fact]
    public Task AG0900_summary_of_a_valid_model() => VerifyValidAsync("""
        [Model(Vocab = 1000, MaxSeq = 32)] [Embed(64)] [MultiHead(8)] [MeanPool, Dense(2)]
        public partial class [|ProbeClassifier|];
        """,
        "ProbeClassifier: 80,770 parameters; input (batch, seq) token ids, output (batch, 2)");
}
