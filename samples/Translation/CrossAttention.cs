using System;
using System.Collections.Generic;
using System.Linq;
using AttentionGen.Checkpoints;
using AttentionGen.Runtime;

namespace Translation;

/// <summary>
/// Where the decoder looked in the English while writing each Chinese character: the last decoder block's
/// cross-attention (<c>decoder.layers.1.multihead_attn</c>) for one translation. The generated model recomputes
/// attention weights only on an instance that keeps its activations, so the saved weights are loaded into a
/// training-capable copy for this one forward pass.
/// </summary>
public static class CrossAttention
{
    public const string Layer = "decoder.layers.1.multihead_attn";

    /// <summary>
    /// The map for <paramref name="translation"/> of <paramref name="sentence"/>: one row per written character (and
    /// the end), labelled with that character, one column per English token. Query i reads the characters before
    /// output i, so its row is the attention that produced output i.
    /// </summary>
    public static (IReadOnlyList<string> Written, IReadOnlyList<string> English, AttentionMap Map) Of(
        string checkpoint, TranslationModel served, string sentence, TranslationResult translation)
    {
        var model = new EnglishToChinese(maxBatch: 1);
        Checkpoint.LoadWeights(model, checkpoint);
        int[] source = served.English.Encode(sentence);
        int[] target = [ChineseCharacters.Start, .. translation.Hypothesis.Tokens];
        model.Forward(source, target, 1, source.Length, target.Length);
        var map = model.AttentionWeights(EnglishToChinese.AttentionLayers.ToList().IndexOf(Layer), 0);

        var written = translation.Hypothesis.Tokens.Select(id => served.Chinese[id].ToString()).ToList();
        written.Add("</s>");
        return (written, translation.SourceTokens, map);
    }
}
