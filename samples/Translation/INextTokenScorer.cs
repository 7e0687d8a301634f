using System;
using System.Collections.Generic;

namespace Translation;

/// <summary>
/// What decoding needs from a model: the log-probabilities of the next token after each of a few prefixes of the
/// same length. The model's own scorer is <see cref="ModelScorer"/>; tests hand-build small ones.
/// </summary>
public interface INextTokenScorer
{
    /// <summary>Number of token ids.</summary>
    int Vocabulary { get; }

    /// <summary>
    /// Writes <paramref name="prefixes"/>.Count rows of <see cref="Vocabulary"/> log-probabilities into
    /// <paramref name="logProbabilities"/>: row r scores the token after <paramref name="prefixes"/>[r]. A token that
    /// must never be produced gets negative infinity.
    /// </summary>
    void Score(IReadOnlyList<int[]> prefixes, Span<float> logProbabilities);
}
