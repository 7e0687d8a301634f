using System;

namespace AttentionGen.Runtime;

/// <summary>Fixed sinusoidal position encodings ("Attention Is All You Need", as in PyTorch's Transformer tutorial).</summary>
public static class PositionalEncoding
{
    /// <summary>
    /// The (maxLength, width) table <c>pe[p, 2i] = sin(p·ωᵢ)</c>, <c>pe[p, 2i+1] = cos(p·ωᵢ)</c> with
    /// <c>ωᵢ = exp(−ln(10000)·2i/width)</c>; for an odd width the last column is a sine only.
    /// </summary>
    /// <remarks>
    /// The PyTorch tutorial builds this table in float32: ωᵢ and the angle p·ωᵢ are each rounded to
    /// float before the sine. Past a few hundred positions that rounding moves the angle by up to
    /// about 1e-4, so this table rounds at the same two places and takes the sine of the rounded
    /// angle; weights trained in PyTorch then see the encodings they were trained with.
    /// </remarks>
    /// <param name="maxLength">Positions, 0 or more.</param>
    /// <param name="width">Model width, 0 or more.</param>
    /// <returns>A new (maxLength, width) row-major table; call it once at model construction.</returns>
    public static float[] Sinusoidal(int maxLength, int width)
    {
        Check.NonNegative(maxLength, nameof(maxLength));
        Check.NonNegative(width, nameof(width));
        float[] pe = new float[checked(maxLength * width)];
        if (width == 0)
        {
            return pe;
        }

        // PyTorch: torch.exp(torch.arange(0, width, 2) * (-math.log(10000.0) / width)); the scalar becomes a float32.
        float step = (float)(-Math.Log(10000.0) / width);
        int pairs = (width + 1) / 2;
        Span<float> omega = pairs <= 512 ? stackalloc float[pairs] : new float[pairs];
        for (int i = 0; i < pairs; i++)
        {
            omega[i] = (float)Math.Exp((float)(2 * i) * step);
        }

        for (int p = 0; p < maxLength; p++)
        {
            Span<float> row = pe.AsSpan(p * width, width);
            for (int i = 0; i < pairs; i++)
            {
                float angle = p * omega[i];
                row[2 * i] = (float)Math.Sin(angle);
                if ((2 * i) + 1 < width)
                {
                    row[(2 * i) + 1] = (float)Math.Cos(angle);
                }
            }
        }

        return pe;
    }

    /// <summary><c>x[b, t, :] += table[t, :]</c> for every batch row and t &lt; seqLen.</summary>
    /// <param name="x">Activations, (batch, seqLen, width) row-major, updated in place.</param>
    /// <param name="table">Position table, at least (seqLen, width), e.g. from <see cref="Sinusoidal"/> or a learned one.</param>
    /// <param name="batch">Batch size.</param>
    /// <param name="seqLen">Sequence length.</param>
    /// <param name="width">Model width.</param>
    public static unsafe void Add(Span<float> x, ReadOnlySpan<float> table, int batch, int seqLen, int width)
    {
        Check.NonNegative(batch, nameof(batch));
        Check.NonNegative(seqLen, nameof(seqLen));
        Check.NonNegative(width, nameof(width));
        long block = (long)seqLen * width;
        Check.Length(x.Length, batch * block, nameof(x), $"batch × seqLen × width = {batch} × {seqLen} × {width}");
        Check.Length(table.Length, block, nameof(table), $"seqLen × width = {seqLen} × {width}");
        Check.NoOverlap(table, x, nameof(table), nameof(x));
        fixed (float* px = x, pt = table)
        {
            for (int b = 0; b < batch; b++)
            {
                Simd.Add(pt, px + (b * block), (int)block);
            }
        }
    }

    /// <summary>
    /// Gradient of <see cref="Add"/> with respect to a learned table, accumulated:
    /// <c>dTable[t, :] += Σ_b dy[b, t, :]</c> for t &lt; seqLen. (The gradient with respect to x is dy itself.)
    /// </summary>
    /// <param name="dy">Gradient of the output, (batch, seqLen, width) row-major.</param>
    /// <param name="dTable">Gradient of the position table, at least (seqLen, width), added to; rows from seqLen on are untouched.</param>
    /// <param name="batch">Batch size.</param>
    /// <param name="seqLen">Sequence length.</param>
    /// <param name="width">Model width.</param>
    public static unsafe void AddBackward(ReadOnlySpan<float> dy, Span<float> dTable, int batch, int seqLen, int width)
    {
        Check.NonNegative(batch, nameof(batch));
        Check.NonNegative(seqLen, nameof(seqLen));
        Check.NonNegative(width, nameof(width));
        long block = (long)seqLen * width;
        Check.Length(dy.Length, batch * block, nameof(dy), $"batch × seqLen × width = {batch} × {seqLen} × {width}");
        Check.Length(dTable.Length, block, nameof(dTable), $"seqLen × width = {seqLen} × {width}");
        Check.NoOverlap(dy, dTable, nameof(dy), nameof(dTable));
        fixed (float* pdy = dy, pt = dTable)
        {
            for (int b = 0; b < batch; b++)
            {
                Simd.Add(pdy + (b * block), pt, (int)block);
            }
        }
    }
}
