using System;

namespace AttentionGen.Runtime;

/// <summary>
/// Sequence pooling: (batch, seqLen, width) to (batch, width). <c>lengths</c> is empty when every sequence
/// has all seqLen positions, otherwise one count per batch row in [0, seqLen]; a row of length 0 pools
/// to zeros.
/// </summary>
public static class Pooling
{
    /// <summary>Mean over each sequence's valid positions.</summary>
    /// <param name="x">Input, (batch, seqLen, width) row-major.</param>
    /// <param name="y">Output, (batch, width); must not overlap x.</param>
    /// <param name="batch">Batch rows.</param>
    /// <param name="seqLen">Padded sequence length.</param>
    /// <param name="width">Features per position.</param>
    /// <param name="lengths">Valid positions per batch row, or empty.</param>
    public static unsafe void Mean(ReadOnlySpan<float> x, Span<float> y, int batch, int seqLen, int width, ReadOnlySpan<int> lengths)
    {
        CheckArguments(x, y, batch, seqLen, width, lengths);
        fixed (float* px = x, py = y)
        {
            for (int b = 0; b < batch; b++)
            {
                int n = lengths.IsEmpty ? seqLen : lengths[b];
                float* yb = py + ((long)b * width);
                Simd.Clear(yb, width);
                if (n == 0)
                {
                    continue;
                }

                float* xb = px + ((long)b * seqLen * width);
                for (int t = 0; t < n; t++)
                {
                    Simd.Add(xb + ((long)t * width), yb, width);
                }

                Simd.Scale(yb, 1f / n, width);
            }
        }
    }

    /// <summary>Each sequence's first position (a [CLS]-style summary); zeros for a length-0 row.</summary>
    /// <param name="x">Input, (batch, seqLen, width) row-major.</param>
    /// <param name="y">Output, (batch, width); must not overlap x.</param>
    /// <param name="batch">Batch rows.</param>
    /// <param name="seqLen">Padded sequence length.</param>
    /// <param name="width">Features per position.</param>
    /// <param name="lengths">Valid positions per batch row, or empty.</param>
    public static void First(ReadOnlySpan<float> x, Span<float> y, int batch, int seqLen, int width, ReadOnlySpan<int> lengths)
    {
        CheckArguments(x, y, batch, seqLen, width, lengths);
        for (int b = 0; b < batch; b++)
        {
            int n = lengths.IsEmpty ? seqLen : lengths[b];
            Span<float> yb = y.Slice(b * width, width);
            if (n == 0)
            {
                yb.Clear();
            }
            else
            {
                x.Slice(b * seqLen * width, width).CopyTo(yb);
            }
        }
    }

    /// <summary>Each sequence's last valid position, lengths[b] − 1 (seqLen − 1 without lengths); zeros for a length-0 row.</summary>
    /// <param name="x">Input, (batch, seqLen, width) row-major.</param>
    /// <param name="y">Output, (batch, width); must not overlap x.</param>
    /// <param name="batch">Batch rows.</param>
    /// <param name="seqLen">Padded sequence length.</param>
    /// <param name="width">Features per position.</param>
    /// <param name="lengths">Valid positions per batch row, or empty.</param>
    public static void Last(ReadOnlySpan<float> x, Span<float> y, int batch, int seqLen, int width, ReadOnlySpan<int> lengths)
    {
        CheckArguments(x, y, batch, seqLen, width, lengths);
        for (int b = 0; b < batch; b++)
        {
            int n = lengths.IsEmpty ? seqLen : lengths[b];
            Span<float> yb = y.Slice(b * width, width);
            if (n == 0)
            {
                yb.Clear();
            }
            else
            {
                x.Slice(((b * seqLen) + n - 1) * width, width).CopyTo(yb);
            }
        }
    }

    /// <summary>Gradient of <see cref="Mean"/>, accumulated: each valid position gets <c>dy[b, :]/lengths[b]</c>; padding and length-0 rows get nothing.</summary>
    /// <param name="dy">Gradient of the pooled output, (batch, width).</param>
    /// <param name="dx">Gradient of the input, (batch, seqLen, width), added to; must not overlap dy.</param>
    /// <param name="batch">Batch rows.</param>
    /// <param name="seqLen">Padded sequence length.</param>
    /// <param name="width">Features per position.</param>
    /// <param name="lengths">The valid positions per batch row the forward pass used, or empty.</param>
    public static unsafe void MeanBackward(ReadOnlySpan<float> dy, Span<float> dx, int batch, int seqLen, int width, ReadOnlySpan<int> lengths)
    {
        CheckBackwardArguments(dy, dx, batch, seqLen, width, lengths);
        fixed (float* pdy = dy, pdx = dx)
        {
            for (int b = 0; b < batch; b++)
            {
                int n = lengths.IsEmpty ? seqLen : lengths[b];
                if (n == 0)
                {
                    continue;
                }

                // The forward pass scales the sum by the float 1/n, so that same factor is the exact adjoint.
                float inv = 1f / n;
                float* dyb = pdy + ((long)b * width);
                float* dxb = pdx + ((long)b * seqLen * width);
                for (int t = 0; t < n; t++)
                {
                    Simd.Axpy(inv, dyb, dxb + ((long)t * width), width);
                }
            }
        }
    }

    /// <summary>Gradient of <see cref="First"/>, accumulated: <c>dx[b, 0, :] += dy[b, :]</c> for every row of length 1 or more.</summary>
    /// <param name="dy">Gradient of the pooled output, (batch, width).</param>
    /// <param name="dx">Gradient of the input, (batch, seqLen, width), added to; must not overlap dy.</param>
    /// <param name="batch">Batch rows.</param>
    /// <param name="seqLen">Padded sequence length.</param>
    /// <param name="width">Features per position.</param>
    /// <param name="lengths">The valid positions per batch row the forward pass used, or empty.</param>
    public static unsafe void FirstBackward(ReadOnlySpan<float> dy, Span<float> dx, int batch, int seqLen, int width, ReadOnlySpan<int> lengths)
    {
        CheckBackwardArguments(dy, dx, batch, seqLen, width, lengths);
        fixed (float* pdy = dy, pdx = dx)
        {
            for (int b = 0; b < batch; b++)
            {
                int n = lengths.IsEmpty ? seqLen : lengths[b];
                if (n > 0)
                {
                    Simd.Add(pdy + ((long)b * width), pdx + ((long)b * seqLen * width), width);
                }
            }
        }
    }

    /// <summary>Gradient of <see cref="Last"/>, accumulated: <c>dx[b, lengths[b] − 1, :] += dy[b, :]</c> for every row of length 1 or more.</summary>
    /// <param name="dy">Gradient of the pooled output, (batch, width).</param>
    /// <param name="dx">Gradient of the input, (batch, seqLen, width), added to; must not overlap dy.</param>
    /// <param name="batch">Batch rows.</param>
    /// <param name="seqLen">Padded sequence length.</param>
    /// <param name="width">Features per position.</param>
    /// <param name="lengths">The valid positions per batch row the forward pass used, or empty.</param>
    public static unsafe void LastBackward(ReadOnlySpan<float> dy, Span<float> dx, int batch, int seqLen, int width, ReadOnlySpan<int> lengths)
    {
        CheckBackwardArguments(dy, dx, batch, seqLen, width, lengths);
        fixed (float* pdy = dy, pdx = dx)
        {
            for (int b = 0; b < batch; b++)
            {
                int n = lengths.IsEmpty ? seqLen : lengths[b];
                if (n > 0)
                {
                    Simd.Add(pdy + ((long)b * width), pdx + ((((long)b * seqLen) + n - 1) * width), width);
                }
            }
        }
    }

    private static void CheckBackwardArguments(ReadOnlySpan<float> dy, Span<float> dx, int batch, int seqLen, int width, ReadOnlySpan<int> lengths)
    {
        Check.NonNegative(batch, nameof(batch));
        Check.NonNegative(seqLen, nameof(seqLen));
        Check.NonNegative(width, nameof(width));
        Check.Length(dy.Length, (long)batch * width, nameof(dy), $"batch × width = {batch} × {width}");
        Check.Length(dx.Length, (long)batch * seqLen * width, nameof(dx), $"batch × seqLen × width = {batch} × {seqLen} × {width}");
        Check.Lengths(lengths, batch, seqLen, nameof(lengths));
        Check.NoOverlap(dy, dx, nameof(dy), nameof(dx));
    }

    private static void CheckArguments(ReadOnlySpan<float> x, Span<float> y, int batch, int seqLen, int width, ReadOnlySpan<int> lengths)
    {
        Check.NonNegative(batch, nameof(batch));
        Check.NonNegative(seqLen, nameof(seqLen));
        Check.NonNegative(width, nameof(width));
        Check.Length(x.Length, (long)batch * seqLen * width, nameof(x), $"batch × seqLen × width = {batch} × {seqLen} × {width}");
        Check.Length(y.Length, (long)batch * width, nameof(y), $"batch × width = {batch} × {width}");
        Check.Lengths(lengths, batch, seqLen, nameof(lengths));
        Check.NoOverlap(x, y, nameof(x), nameof(y));
    }
}
