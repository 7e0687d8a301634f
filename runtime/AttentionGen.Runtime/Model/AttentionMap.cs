using System;

namespace AttentionGen.Runtime;

/// <summary>
/// The attention weights of one attention layer for one batch row: softmax(q·kᵀ/√headDim + masks), the probabilities
/// each query spreads over the keys, before dropout. Masked keys (padding, and with a causal mask the future) weigh
/// exactly 0; a query that sees no key at all has an all-zero row.
/// </summary>
/// <param name="Layer">The PyTorch module name of the attention layer, e.g. "encoder.layers.0.self_attn".</param>
/// <param name="Heads">Attention heads.</param>
/// <param name="Queries">Query positions (the padded length of the batch).</param>
/// <param name="Keys">Key positions (the padded length of the attended sequence).</param>
/// <param name="Weights">heads × queries × keys, row-major: <c>Weights[(h·Queries + q)·Keys + k]</c>.</param>
public sealed record AttentionMap(string Layer, int Heads, int Queries, int Keys, float[] Weights)
{
    /// <summary>The weights query <paramref name="query"/> of head <paramref name="head"/> gives the keys (sums to 1 unless every key is masked).</summary>
    public ReadOnlySpan<float> Row(int head, int query)
    {
        if ((uint)head >= (uint)Heads)
            throw new ArgumentOutOfRangeException(nameof(head), head, $"head must be in [0, {Heads}) for {Layer}.");
        if ((uint)query >= (uint)Queries)
            throw new ArgumentOutOfRangeException(nameof(query), query, $"query must be in [0, {Queries}) for {Layer}.");
        return new ReadOnlySpan<float>(Weights, ((head * Queries) + query) * Keys, Keys);
    }

    /// <summary>One weight: how much query <paramref name="query"/> of head <paramref name="head"/> attends to key <paramref name="key"/>.</summary>
    public float this[int head, int query, int key]
    {
        get
        {
            ReadOnlySpan<float> row = Row(head, query);
            if ((uint)key >= (uint)Keys)
                throw new ArgumentOutOfRangeException(nameof(key), key, $"key must be in [0, {Keys}) for {Layer}.");
            return row[key];
        }
    }
}
