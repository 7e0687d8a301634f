using AttentionGen.Runtime;

namespace AttentionGen.Tool.Runs;

/// <summary>
/// GPT-2's initialization of the embeddings, N(0, 0.02), instead of nn.Embedding's N(0, 1): with the LM head tied to
/// the token embedding, unit-variance embeddings make the first logits tens of nats wide (a first loss near 40 where
/// guessing uniformly over 256 bytes costs 5.5), and training spends its first hundreds of steps undoing that.
/// </summary>
internal static class GptInitialization
{
    public const float EmbeddingStd = 0.02f;

    public static void Apply(IModel model)
    {
        var parameters = model.Parameters;
        foreach (var info in model.ParameterInfos)
        {
            if (info.Name is not ("embed.weight" or "pos_embed.weight")) continue;
            foreach (ref float value in parameters.Slice(info.Offset, info.Length)) value *= EmbeddingStd;
        }
    }
}
