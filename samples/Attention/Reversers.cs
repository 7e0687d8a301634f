using AttentionGen;

namespace AttentionSample;

// Two models for the same job: read eight digits, write them back in reverse order. Each is as small as the job
// allows: an embedding that turns every digit into a vector of 32 numbers, a learned vector per position added to it
// (attention itself has no idea of order: without positions, "1 2 3" and "3 2 1" look the same to it), ONE attention
// layer, and a head that turns each position's vector back into scores for the ten digits.
//
// Reversal cannot be done position by position: output position i needs the digit at input position 7 − i. The only
// layer that moves information between positions is the attention layer, so the model must learn to make position i
// look at position 7 − i. Drawn as a grid (rows: the position asking, columns: the position looked at), that is the
// anti-diagonal, from top right to bottom left, which is what the report's heat maps show after training.

/// <summary>One attention head: one query/key/value projection, one pattern of weights per input.</summary>
[Model(Vocab = 10, MaxSeq = 8)]
[Embed(32), LearnedPositions]
[SelfAttention]
[LmHead]
public partial class SingleHeadReverser;

/// <summary>
/// Four heads of 8 features each (32 / 4): each head has its own projections and its own pattern of weights, and their
/// outputs are concatenated. The heads may split the work, some looking at the mirrored position, others elsewhere.
/// </summary>
[Model(Vocab = 10, MaxSeq = 8)]
[Embed(32), LearnedPositions]
[MultiHead(4)]
[LmHead]
public partial class MultiHeadReverser;
