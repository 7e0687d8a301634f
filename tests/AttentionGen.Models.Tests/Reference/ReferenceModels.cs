namespace AttentionGen.Models.Tests.Reference;

/// <summary>
/// Every test model's forward pass composed by hand from <see cref="ReferenceNet"/> layers, following its attribute
/// list, in double precision and at inference (dropout is the identity). Each returns the output flattened
/// row-major, the layout the generated Forward returns. The net's weights are read live, so a caller can perturb
/// one in place (<see cref="ReferenceNet.Weight"/>) and run the composition again.
/// </summary>
internal static class ReferenceModels
{
    // ── Models/ ──

    /// <summary>SingleHeadAttention: [Model(Features = 16, MaxSeq = 12)] [SelfAttention].</summary>
    public static double[] SingleHeadAttention(ReferenceNet net, float[] inputs, int batch, int seqLen, int[]? lengths)
    {
        double[][][] x = ReferenceMath.FromFloats(inputs, batch, seqLen, 16);
        return ReferenceMath.Flatten(net.MultiheadAttention("self_attn", x, x, heads: 1, causal: false, lengths));
    }

    /// <summary>ProbeClassifier: [Model(Vocab = 1000, MaxSeq = 32)] [Embed(64)] [MultiHead(8)] [MeanPool, Dense(2)].</summary>
    public static double[] ProbeClassifier(ReferenceNet net, int[] tokens, int batch, int seqLen, int[]? lengths)
    {
        double[][][] x = net.Embed("embed.weight", tokens, batch, seqLen, vocab: 1000, width: 64);
        x = net.MultiheadAttention("self_attn", x, x, heads: 8, causal: false, lengths);
        return ReferenceMath.Flatten(net.Linear("dense", ReferenceMath.MeanPool(x, lengths), 2));
    }

    /// <summary>BinaryTextClassifier: [Model(Vocab = 500, MaxSeq = 24)] [Embed(32)] [MultiHead(4)] [MeanPool] [Dense(1), Sigmoid].</summary>
    public static double[] BinaryTextClassifier(ReferenceNet net, int[] tokens, int batch, int seqLen, int[]? lengths)
    {
        double[][][] x = net.Embed("embed.weight", tokens, batch, seqLen, vocab: 500, width: 32);
        x = net.MultiheadAttention("self_attn", x, x, heads: 4, causal: false, lengths);
        return ReferenceMath.Flatten(net.Linear("dense", ReferenceMath.MeanPool(x, lengths), 1));
    }

    /// <summary>
    /// TopicClassifier: [Model(Vocab = 400, MaxSeq = 20, Classes = 5)] [Embed(24), LearnedPositions]
    /// [MultiHead(3, Causal = true)] [FirstTokenPool] [Dense(16, Activation = Relu), Dropout(0.2)] [Dense(5), Softmax].
    /// </summary>
    public static double[] TopicClassifier(ReferenceNet net, int[] tokens, int batch, int seqLen, int[]? lengths)
    {
        double[][][] x = net.Embed("embed.weight", tokens, batch, seqLen, vocab: 400, width: 24);
        x = net.AddLearned("pos_embed.weight", x, maxLength: 20);
        x = net.MultiheadAttention("self_attn", x, x, heads: 3, causal: true, lengths);
        double[][] h = ReferenceMath.Apply(Activation.Relu, net.Linear("dense_0", ReferenceMath.FirstPool(x, lengths), 16));
        return ReferenceMath.Flatten(net.Linear("dense_1", h, 5)); // Dropout(0.2) is the identity at inference
    }

    /// <summary>
    /// LastTokenClassifier: [Model(Vocab = 300, MaxSeq = 16)] [Embed(16)] [MultiHead(2, Causal = true, Name = "attention")]
    /// [LayerNorm] [LastTokenPool] [Dense(3, Name = "classifier"), Softmax].
    /// </summary>
    public static double[] LastTokenClassifier(ReferenceNet net, int[] tokens, int batch, int seqLen, int[]? lengths)
    {
        double[][][] x = net.Embed("embed.weight", tokens, batch, seqLen, vocab: 300, width: 16);
        x = net.MultiheadAttention("attention", x, x, heads: 2, causal: true, lengths);
        x = net.LayerNorm("norm", x, eps: 1e-5);
        return ReferenceMath.Flatten(net.Linear("classifier", ReferenceMath.LastPool(x, lengths), 3));
    }

    /// <summary>
    /// EncoderClassifier: [Model(Vocab = 300, MaxSeq = 20, Classes = 3)] [Embed(32), SinusoidalPositions]
    /// [Encoder(2, Heads = 4, FeedForward = 64, Activation = Gelu)] [FirstTokenPool] [Dense(3), Softmax].
    /// </summary>
    public static double[] EncoderClassifier(ReferenceNet net, int[] tokens, int batch, int seqLen, int[]? lengths)
    {
        double[][][] x = ReferenceNet.AddSinusoidal(net.Embed("embed.weight", tokens, batch, seqLen, vocab: 300, width: 32));
        for (int i = 0; i < 2; i++)
        {
            x = net.EncoderLayer($"encoder.layers.{i}", x, heads: 4, feedForward: 64, Activation.Gelu, normFirst: false, causal: false, lengths);
        }

        return ReferenceMath.Flatten(net.Linear("dense", ReferenceMath.FirstPool(x, lengths), 3));
    }

    /// <summary>
    /// PreNormEncoderClassifier: [Model(Vocab = 250, MaxSeq = 18)] [Embed(24), LearnedPositions(MaxLength = 32)]
    /// [Encoder(3, Heads = 6, FeedForward = 48, NormFirst = true, Dropout = 0.05)] [LayerNorm] [MeanPool] [Dense(1), Sigmoid].
    /// </summary>
    public static double[] PreNormEncoderClassifier(ReferenceNet net, int[] tokens, int batch, int seqLen, int[]? lengths)
    {
        double[][][] x = net.Embed("embed.weight", tokens, batch, seqLen, vocab: 250, width: 24);
        x = net.AddLearned("pos_embed.weight", x, maxLength: 32);
        for (int i = 0; i < 3; i++)
        {
            x = net.EncoderLayer($"encoder.layers.{i}", x, heads: 6, feedForward: 48, Activation.Relu, normFirst: true, causal: false, lengths);
        }

        x = net.LayerNorm("norm", x, eps: 1e-5);
        return ReferenceMath.Flatten(net.Linear("dense", ReferenceMath.MeanPool(x, lengths), 1));
    }

    /// <summary>
    /// TinyGpt: [Model(Vocab = 65, MaxSeq = 32)] [Embed(32), LearnedPositions]
    /// [Encoder(2, Heads = 4, FeedForward = 128, NormFirst = true, Causal = true, Activation = GeluTanh, Dropout = 0)]
    /// [LayerNorm] [LmHead(Tied = true)].
    /// </summary>
    public static double[] TinyGpt(ReferenceNet net, int[] tokens, int batch, int seqLen, int[]? lengths)
        => Gpt(net, tokens, batch, seqLen, lengths, vocab: 65, width: 32, maxSeq: 32, layers: 2, heads: 4, feedForward: 128);

    /// <summary>
    /// Translator: [Model(Vocab = 200, MaxSeq = 16, TargetVocab = 180, TargetMaxSeq = 14)] [Embed(32), SinusoidalPositions]
    /// [Encoder(2, Heads = 4, FeedForward = 64)] [TargetEmbed(32), SinusoidalPositions] [Decoder(2, Heads = 4, FeedForward = 64)] [LmHead].
    /// </summary>
    public static double[] Translator(
        ReferenceNet net, int[] source, int[] target, int batch, int sourceLen, int targetLen, int[]? sourceLengths, int[]? targetLengths)
        => PostNormTranslator(
            net, source, target, batch, sourceLen, targetLen, sourceLengths, targetLengths,
            vocab: 200, targetVocab: 180, width: 32, encoderLayers: 2, decoderLayers: 2, heads: 4, feedForward: 64);

    /// <summary>
    /// Forecaster: [Model(Features = 3, MaxSeq = 24)] [InputProjection(16), SinusoidalPositions]
    /// [Encoder(1, Heads = 2, FeedForward = 32)] [LastTokenPool] [Dense(8, Activation = Relu)] [Dense(1)].
    /// </summary>
    public static double[] Forecaster(ReferenceNet net, float[] inputs, int batch, int seqLen, int[]? lengths)
    {
        double[][][] x = net.Linear("input_proj", ReferenceMath.FromFloats(inputs, batch, seqLen, 3), 16);
        x = ReferenceNet.AddSinusoidal(x);
        x = net.EncoderLayer("encoder.layers.0", x, heads: 2, feedForward: 32, Activation.Relu, normFirst: false, causal: false, lengths);
        double[][] h = ReferenceMath.Apply(Activation.Relu, net.Linear("dense_0", ReferenceMath.LastPool(x, lengths), 8));
        return ReferenceMath.Flatten(net.Linear("dense_1", h, 1));
    }

    // ── Parity/ ──

    /// <summary>
    /// ParityEncoderClassifier: [Model(Vocab = 50, MaxSeq = 12, Classes = 3)] [Embed(16), SinusoidalPositions]
    /// [Encoder(2, Heads = 4, FeedForward = 32, Dropout = 0)] [MeanPool] [Dense(3), Softmax].
    /// </summary>
    public static double[] ParityEncoderClassifier(ReferenceNet net, int[] tokens, int batch, int seqLen, int[]? lengths)
    {
        double[][][] x = ReferenceNet.AddSinusoidal(net.Embed("embed.weight", tokens, batch, seqLen, vocab: 50, width: 16));
        for (int i = 0; i < 2; i++)
        {
            x = net.EncoderLayer($"encoder.layers.{i}", x, heads: 4, feedForward: 32, Activation.Relu, normFirst: false, causal: false, lengths);
        }

        return ReferenceMath.Flatten(net.Linear("dense", ReferenceMath.MeanPool(x, lengths), 3));
    }

    /// <summary>
    /// ParityGpt: [Model(Vocab = 40, MaxSeq = 16)] [Embed(16), LearnedPositions]
    /// [Encoder(2, Heads = 2, FeedForward = 64, NormFirst = true, Causal = true, Activation = GeluTanh, Dropout = 0)]
    /// [LayerNorm] [LmHead(Tied = true)].
    /// </summary>
    public static double[] ParityGpt(ReferenceNet net, int[] tokens, int batch, int seqLen, int[]? lengths)
        => Gpt(net, tokens, batch, seqLen, lengths, vocab: 40, width: 16, maxSeq: 16, layers: 2, heads: 2, feedForward: 64);

    /// <summary>ParitySelfAttention: [Model(Features = 8, MaxSeq = 6)] [SelfAttention].</summary>
    public static double[] ParitySelfAttention(ReferenceNet net, float[] inputs, int batch, int seqLen, int[]? lengths)
    {
        double[][][] x = ReferenceMath.FromFloats(inputs, batch, seqLen, 8);
        return ReferenceMath.Flatten(net.MultiheadAttention("self_attn", x, x, heads: 1, causal: false, lengths));
    }

    /// <summary>
    /// ParityTranslator: [Model(Vocab = 30, MaxSeq = 9, TargetVocab = 25, TargetMaxSeq = 8)] [Embed(16), SinusoidalPositions]
    /// [Encoder(1, Heads = 2, FeedForward = 32, Dropout = 0)] [TargetEmbed(16), SinusoidalPositions]
    /// [Decoder(2, Heads = 2, FeedForward = 32, Dropout = 0)] [LmHead].
    /// </summary>
    public static double[] ParityTranslator(
        ReferenceNet net, int[] source, int[] target, int batch, int sourceLen, int targetLen, int[]? sourceLengths, int[]? targetLengths)
        => PostNormTranslator(
            net, source, target, batch, sourceLen, targetLen, sourceLengths, targetLengths,
            vocab: 30, targetVocab: 25, width: 16, encoderLayers: 1, decoderLayers: 2, heads: 2, feedForward: 32);

    /// <summary>
    /// ParityForecaster: [Model(Features = 3, MaxSeq = 10)] [InputProjection(12), LearnedPositions]
    /// [Encoder(1, Heads = 3, FeedForward = 24, Activation = Gelu, Dropout = 0)] [LastTokenPool] [Dense(1)].
    /// </summary>
    public static double[] ParityForecaster(ReferenceNet net, float[] inputs, int batch, int seqLen, int[]? lengths)
    {
        double[][][] x = net.Linear("input_proj", ReferenceMath.FromFloats(inputs, batch, seqLen, 3), 12);
        x = net.AddLearned("pos_embed.weight", x, maxLength: 10);
        x = net.EncoderLayer("encoder.layers.0", x, heads: 3, feedForward: 24, Activation.Gelu, normFirst: false, causal: false, lengths);
        return ReferenceMath.Flatten(net.Linear("dense", ReferenceMath.LastPool(x, lengths), 1));
    }

    // ── Models/GradientModels.cs ──

    /// <summary>
    /// PreNormGeluTranslator: [Model(Vocab = 40, MaxSeq = 10, TargetVocab = 30, TargetMaxSeq = 9)] [Embed(16), LearnedPositions]
    /// [Encoder(1, Heads = 2, FeedForward = 24, NormFirst = true, Activation = GeluTanh)] [TargetEmbed(16), LearnedPositions]
    /// [Decoder(2, Heads = 4, FeedForward = 20, NormFirst = true, Activation = Gelu)] [LayerNorm] [LmHead(Tied = true)].
    /// </summary>
    public static double[] PreNormGeluTranslator(
        ReferenceNet net, int[] source, int[] target, int batch, int sourceLen, int targetLen, int[]? sourceLengths, int[]? targetLengths)
    {
        double[][][] memory = net.AddLearned("pos_embed.weight", net.Embed("embed.weight", source, batch, sourceLen, vocab: 40, width: 16), maxLength: 10);
        memory = net.EncoderLayer("encoder.layers.0", memory, heads: 2, feedForward: 24, Activation.GeluTanh, normFirst: true, causal: false, sourceLengths);
        double[][][] x = net.AddLearned(
            "target_pos_embed.weight", net.Embed("target_embed.weight", target, batch, targetLen, vocab: 30, width: 16), maxLength: 9);
        for (int i = 0; i < 2; i++)
        {
            x = net.DecoderLayer($"decoder.layers.{i}", x, memory, heads: 4, feedForward: 20, Activation.Gelu, normFirst: true, targetLengths, sourceLengths);
        }

        x = net.LayerNorm("norm", x, eps: 1e-5);
        return ReferenceMath.Flatten(net.LmHead("target_embed.weight", x, vocab: 30)); // tied to the target embedding
    }

    /// <summary>
    /// DenseHeadRegressor: [Model(Features = 5, MaxSeq = 9)] [InputProjection(12)] [LayerNorm(12, Eps = 1e-3, Name = "input_norm")]
    /// [MultiHead(3, Dropout = 0.2)] [MeanPool] [Dense(10, Activation = Gelu, Bias = false)] [Dense(7, Activation = GeluTanh), Dropout(0.3)]
    /// [Dense(1, Bias = false), Sigmoid].
    /// </summary>
    public static double[] DenseHeadRegressor(ReferenceNet net, float[] inputs, int batch, int seqLen, int[]? lengths)
    {
        double[][][] x = net.Linear("input_proj", ReferenceMath.FromFloats(inputs, batch, seqLen, 5), 12);
        x = net.LayerNorm("input_norm", x, eps: 1e-3);
        x = net.MultiheadAttention("self_attn", x, x, heads: 3, causal: false, lengths);
        double[][] h = ReferenceMath.Apply(Activation.Gelu, net.Linear("dense_0", ReferenceMath.MeanPool(x, lengths), 10, bias: false));
        h = ReferenceMath.Apply(Activation.GeluTanh, net.Linear("dense_1", h, 7));
        return ReferenceMath.Flatten(net.Linear("dense_2", h, 1, bias: false));
    }

    /// <summary>
    /// CausalSelfAttentionClassifier: [Model(Vocab = 60, MaxSeq = 11, Classes = 4)] [Embed(8), SinusoidalPositions]
    /// [SelfAttention(Causal = true, Dropout = 0.1)] [Dense(12, Activation = GeluTanh)] [LastTokenPool] [Dense(4), Softmax].
    /// </summary>
    public static double[] CausalSelfAttentionClassifier(ReferenceNet net, int[] tokens, int batch, int seqLen, int[]? lengths)
    {
        double[][][] x = ReferenceNet.AddSinusoidal(net.Embed("embed.weight", tokens, batch, seqLen, vocab: 60, width: 8));
        x = net.MultiheadAttention("self_attn", x, x, heads: 1, causal: true, lengths);
        x = ReferenceMath.Apply(Activation.GeluTanh, net.Linear("dense_0", x, 12));
        return ReferenceMath.Flatten(net.Linear("dense_1", ReferenceMath.LastPool(x, lengths), 4));
    }

    // ── Shared shapes ──

    /// <summary>Token and learned position embeddings, pre-norm causal GELU-tanh blocks, a final LayerNorm, the head tied to embed.weight.</summary>
    private static double[] Gpt(
        ReferenceNet net, int[] tokens, int batch, int seqLen, int[]? lengths, int vocab, int width, int maxSeq, int layers, int heads, int feedForward)
    {
        double[][][] x = net.Embed("embed.weight", tokens, batch, seqLen, vocab, width);
        x = net.AddLearned("pos_embed.weight", x, maxSeq);
        for (int i = 0; i < layers; i++)
        {
            x = net.EncoderLayer($"encoder.layers.{i}", x, heads, feedForward, Activation.GeluTanh, normFirst: true, causal: true, lengths);
        }

        x = net.LayerNorm("norm", x, eps: 1e-5);
        return ReferenceMath.Flatten(net.LmHead("embed.weight", x, vocab)); // tied: the head is the embedding table
    }

    /// <summary>Sinusoidal source and target positions, post-norm ReLU encoder and decoder stacks, an untied lm_head.</summary>
    private static double[] PostNormTranslator(
        ReferenceNet net, int[] source, int[] target, int batch, int sourceLen, int targetLen, int[]? sourceLengths, int[]? targetLengths,
        int vocab, int targetVocab, int width, int encoderLayers, int decoderLayers, int heads, int feedForward)
    {
        double[][][] memory = ReferenceNet.AddSinusoidal(net.Embed("embed.weight", source, batch, sourceLen, vocab, width));
        for (int i = 0; i < encoderLayers; i++)
        {
            memory = net.EncoderLayer($"encoder.layers.{i}", memory, heads, feedForward, Activation.Relu, normFirst: false, causal: false, sourceLengths);
        }

        double[][][] x = ReferenceNet.AddSinusoidal(net.Embed("target_embed.weight", target, batch, targetLen, targetVocab, width));
        for (int i = 0; i < decoderLayers; i++)
        {
            x = net.DecoderLayer($"decoder.layers.{i}", x, memory, heads, feedForward, Activation.Relu, normFirst: false, targetLengths, sourceLengths);
        }

        return ReferenceMath.Flatten(net.LmHead("lm_head.weight", x, targetVocab));
    }
}
