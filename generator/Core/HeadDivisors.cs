using System;
using System.Collections.Generic;
using System.Linq;

namespace AttentionGen.Core;

/// <summary>Head counts that divide a width: what AG0101's message suggests and its code fix offers.</summary>
internal static class HeadDivisors
{
    /// <summary>The nearest divisor below and the nearest above <paramref name="heads"/> (one if only one side has any).</summary>
    public static IReadOnlyList<int> Nearest(int width, int heads)
    {
        if (width <= 0) return Array.Empty<int>();
        int below = 0, above = 0;
        for (int d = Math.Min(heads, width); d >= 1; d--) if (width % d == 0) { below = d; break; }
        for (int d = Math.Max(heads, 1); d <= width; d++) if (width % d == 0) { above = d; break; }
        return new[] { below, above }.Where(d => d > 0).Distinct().OrderBy(d => d).ToArray();
    }
}
