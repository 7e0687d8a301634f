using System;
using System.Globalization;
using System.Numerics;
using System.Runtime.InteropServices;

namespace AttentionGen.Training;

/// <summary>Gradient clipping as <c>torch.nn.utils.clip_grad_norm_</c> does it.</summary>
public static class GradientClipping
{
    /// <summary>
    /// Scales <paramref name="gradients"/> so that their global L2 norm is at most about
    /// <paramref name="maxNorm"/>, like <c>clip_grad_norm_(params, max_norm, error_if_nonfinite=True)</c>: with
    /// norm = ‖g‖₂ (summed in double), coef = maxNorm / (norm + 1e-6); when coef &lt; 1 every gradient is
    /// multiplied by coef, otherwise nothing changes. Allocates nothing.
    /// </summary>
    /// <param name="gradients">All gradients as one buffer (e.g. a model's gradient arena), scaled in place.</param>
    /// <param name="maxNorm">The largest norm to keep; finite and greater than 0.</param>
    /// <returns>The norm before clipping, as PyTorch returns it.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxNorm"/> is not finite or not positive.</exception>
    /// <exception cref="ArithmeticException">A gradient is NaN or infinite, so the norm is not finite; the message names the first such index. Nothing is scaled.</exception>
    public static double ClipGlobalNorm(Span<float> gradients, float maxNorm)
    {
        if (!(maxNorm > 0) || float.IsPositiveInfinity(maxNorm))
        {
            throw new ArgumentOutOfRangeException(
                nameof(maxNorm), maxNorm, string.Create(CultureInfo.InvariantCulture, $"maxNorm is {maxNorm}; it must be finite and greater than 0."));
        }

        double norm = Math.Sqrt(SumOfSquares(gradients));
        if (!double.IsFinite(norm))
        {
            int index = FirstNonFinite(gradients);
            throw new ArithmeticException(string.Create(
                CultureInfo.InvariantCulture,
                $"The total norm of the gradients is {norm}: gradients[{index}] is {gradients[index]}. The training has diverged or a gradient was never computed; clipping cannot fix it."));
        }

        double coef = maxNorm / (norm + 1e-6);
        if (coef < 1)
        {
            Scale(gradients, (float)coef);
        }

        return norm;
    }

    /// <summary>Σ x², accumulated in double.</summary>
    internal static double SumOfSquares(ReadOnlySpan<float> x)
    {
        ref float r = ref MemoryMarshal.GetReference(x);
        int n = x.Length;
        int i = 0;
        double sum = 0;
        if (Vector.IsHardwareAccelerated && n >= Vector<float>.Count)
        {
            Vector<double> acc0 = Vector<double>.Zero, acc1 = Vector<double>.Zero;
            for (; i <= n - Vector<float>.Count; i += Vector<float>.Count)
            {
                Vector.Widen(Vector.LoadUnsafe(ref r, (nuint)i), out Vector<double> lo, out Vector<double> hi);
                acc0 += lo * lo;
                acc1 += hi * hi;
            }

            sum = Vector.Sum(acc0 + acc1);
        }

        for (; i < n; i++)
        {
            double v = x[i];
            sum += v * v;
        }

        return sum;
    }

    /// <summary>The index of the first NaN or infinity, or −1.</summary>
    internal static int FirstNonFinite(ReadOnlySpan<float> x)
    {
        for (int i = 0; i < x.Length; i++)
        {
            if (!float.IsFinite(x[i]))
            {
                return i;
            }
        }

        return -1;
    }

    private static void Scale(Span<float> x, float s)
    {
        ref float r = ref MemoryMarshal.GetReference(x);
        int n = x.Length;
        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var vs = new Vector<float>(s);
            for (; i <= n - Vector<float>.Count; i += Vector<float>.Count)
            {
                (Vector.LoadUnsafe(ref r, (nuint)i) * vs).StoreUnsafe(ref r, (nuint)i);
            }
        }

        for (; i < n; i++)
        {
            x[i] *= s;
        }
    }
}
