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
        // Divisors come in pairs (d, width / d) with d <= sqrt(width): O(sqrt(width)) steps, not O(width), so an
        // absurd width typed in the IDE (a prime near int.MaxValue) does not stall the analyzer.
        for (int d = 1; (long)d * d <= width; d++)
        {
            if (width % d != 0) continue;
            Consider(d);
            Consider(width / d);
        }
        return new[] { below, above }.Where(d => d > 0).Distinct().OrderBy(d => d).ToArray();

        void Consider(int divisor)
        {
            if (divisor <= heads && divisor > below) below = divisor;
            if (divisor >= heads && (above == 0 || divisor < above)) above = divisor;
        }
    }
}
