using System;
using System.Globalization;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using AttentionGen.Runtime;

namespace AttentionGen.Training;

/// <summary>
/// Training losses with PyTorch's semantics and its default <c>reduction='mean'</c>. Each returns the mean loss
/// and overwrites a gradient buffer with the gradient of that mean with respect to its input, ready for the
/// backward pass. Sums are kept in double.
/// </summary>
/// <remarks>
/// A NaN or infinity in any input, or a loss too large for a float, throws <see cref="ArithmeticException"/>
/// naming the index and value (a diverged run fails at once rather than training on NaN); a wrong length, row
/// count or target throws <see cref="ArgumentException"/> naming the value and its limit. After an exception the
/// gradient buffer's contents are unspecified. A gradient buffer may be the very input span (the gradient then
/// replaces the input) but must not partly overlap any input.
/// </remarks>
public static class Losses
{
    /// <summary>
    /// <c>F.cross_entropy(logits, targets, ignore_index=ignoreIndex, label_smoothing=labelSmoothing)</c> over
    /// <paramref name="rows"/> rows of <paramref name="classes"/> logits. With ε = <paramref name="labelSmoothing"/>
    /// and p = softmax of a row, the row's loss is (1 − ε)·(−log p[target]) + ε·mean_c(−log p[c]); the result is
    /// the mean over rows whose target is not <paramref name="ignoreIndex"/>, and the gradient of a counted row is
    /// (p − (1 − ε)·onehot(target) − ε/classes) / counted. Ignored rows get a zero gradient. When every row is
    /// ignored the loss is 0 with an all-zero gradient (PyTorch returns NaN there; 0 lets a batch of pure padding
    /// pass through a training loop harmlessly).
    /// </summary>
    /// <param name="logits">(rows, classes) row-major; the first rows × classes elements are read.</param>
    /// <param name="targets">One class index per row, in [0, classes), or <paramref name="ignoreIndex"/>.</param>
    /// <param name="dLogits">(rows, classes): receives the gradient of the mean loss.</param>
    /// <param name="rows">Number of rows; 1 or more.</param>
    /// <param name="classes">Number of classes; 1 or more.</param>
    /// <param name="ignoreIndex">Rows with this target are left out of the loss and the mean (PyTorch's default −100).</param>
    /// <param name="labelSmoothing">ε, in [0, 1].</param>
    /// <returns>The mean loss.</returns>
    /// <exception cref="ArgumentException">A length, count or target is out of range.</exception>
    /// <exception cref="ArithmeticException">A logit is NaN or infinite, or the loss overflows a float.</exception>
    public static unsafe float CrossEntropy(
        ReadOnlySpan<float> logits, ReadOnlySpan<int> targets, Span<float> dLogits, int rows, int classes,
        int ignoreIndex = -100, float labelSmoothing = 0f)
    {
        Check.Positive(rows, nameof(rows));
        Check.Positive(classes, nameof(classes));
        long size = (long)rows * classes;
        Check.Length(logits.Length, size, nameof(logits), $"rows × classes = {rows} × {classes}");
        Check.Length(targets.Length, rows, nameof(targets), $"rows = {rows}");
        Check.Length(dLogits.Length, size, nameof(dLogits), $"rows × classes = {rows} × {classes}");
        Check.NoPartialOverlap(logits, dLogits, nameof(logits), nameof(dLogits));
        if (!(labelSmoothing >= 0 && labelSmoothing <= 1))
        {
            throw new ArgumentOutOfRangeException(
                nameof(labelSmoothing), labelSmoothing,
                string.Create(CultureInfo.InvariantCulture, $"labelSmoothing is {labelSmoothing}; it must be in [0, 1]."));
        }

        int counted = 0;
        for (int r = 0; r < rows; r++)
        {
            int t = targets[r];
            if (t == ignoreIndex)
            {
                continue;
            }

            if ((uint)t >= (uint)classes)
            {
                throw new ArgumentOutOfRangeException(
                    nameof(targets), t,
                    $"targets[{r}] is {t}, outside the classes [0, {classes}) and not the ignore index {ignoreIndex}.");
            }

            counted++;
        }

        double inverseCount = counted == 0 ? 0 : 1.0 / counted;
        double total = 0;
        fixed (float* x0 = logits)
        fixed (float* d0 = dLogits)
        fixed (int* t0 = targets)
        {
            // Rows on every core, in chunks fixed by the size (RowParallel): each chunk sums its rows' losses in double
            // into its own slot, and the slots are added in order, so the loss is the same bits on any core count. A
            // row with a non-finite logit is recorded, not thrown, inside the chunk; the caller throws for the first.
            int chunks = RowParallel.Chunks(rows, classes);
            double* partials = (double*)GemmScratch.Current.Reduction(4L * chunks);
            int* badRows = (int*)(partials + chunks);
            var kernel = new CrossEntropyRows
            {
                Logits = x0, DLogits = d0, Targets = t0, Classes = classes, IgnoreIndex = ignoreIndex,
                Smoothing = labelSmoothing, InverseCount = inverseCount, Partials = partials, BadRows = badRows,
            };
            RowParallel.For(in kernel, rows, classes);
            for (int chunk = 0; chunk < chunks; chunk++)
            {
                if (badRows[chunk] >= 0)
                {
                    throw NonFinite(nameof(logits), new ReadOnlySpan<float>(x0, checked((int)size)), $"row {badRows[chunk]}, class ", badRows[chunk], classes);
                }

                total += partials[chunk];
            }
        }

        return Result(total * inverseCount);
    }

    /// <summary>
    /// <c>F.binary_cross_entropy_with_logits(logits, targets)</c>: the mean over i of
    /// max(x, 0) − x·t + log(1 + exp(−|x|)), stable for any finite x; the gradient is (σ(x) − t)/n.
    /// </summary>
    /// <param name="logits">The n logits x; 1 or more.</param>
    /// <param name="targets">The n targets t, each in [0, 1] (soft labels allowed).</param>
    /// <param name="dLogits">Receives the n gradients.</param>
    /// <returns>The mean loss.</returns>
    /// <exception cref="ArgumentException">The lengths differ or are zero, or a target is outside [0, 1].</exception>
    /// <exception cref="ArithmeticException">A logit or target is NaN or infinite.</exception>
    public static float BinaryCrossEntropyWithLogits(ReadOnlySpan<float> logits, ReadOnlySpan<float> targets, Span<float> dLogits)
    {
        CheckElementwise(logits, targets, dLogits, nameof(logits), nameof(targets), nameof(dLogits));
        int n = logits.Length;
        double inverseN = 1.0 / n;
        double total = 0;
        for (int i = 0; i < n; i++)
        {
            float xf = logits[i];
            float tf = targets[i];
            if (!float.IsFinite(xf))
            {
                throw NonFinite(nameof(logits), i, xf);
            }

            if (!float.IsFinite(tf))
            {
                throw NonFinite(nameof(targets), i, tf);
            }

            if (!(tf >= 0 && tf <= 1))
            {
                throw new ArgumentOutOfRangeException(
                    nameof(targets), tf, string.Create(CultureInfo.InvariantCulture, $"targets[{i}] is {tf}, outside [0, 1]."));
            }

            double x = xf, t = tf;
            double e = Math.Exp(-Math.Abs(x));
            total += Math.Max(x, 0) - (x * t) + LogOnePlus(e);
            double sigmoid = x >= 0 ? 1 / (1 + e) : e / (1 + e);
            dLogits[i] = (float)((sigmoid - t) * inverseN);
        }

        return Result(total * inverseN);
    }

    /// <summary><c>F.mse_loss(predictions, targets)</c>: the mean of (p − t)²; the gradient is 2(p − t)/n.</summary>
    /// <param name="predictions">The n predictions p; 1 or more.</param>
    /// <param name="targets">The n targets t.</param>
    /// <param name="dPredictions">Receives the n gradients.</param>
    /// <returns>The mean loss.</returns>
    /// <exception cref="ArgumentException">The lengths differ or are zero.</exception>
    /// <exception cref="ArithmeticException">A value is NaN or infinite, or the loss overflows a float.</exception>
    public static float MeanSquaredError(ReadOnlySpan<float> predictions, ReadOnlySpan<float> targets, Span<float> dPredictions)
    {
        CheckElementwise(predictions, targets, dPredictions, nameof(predictions), nameof(targets), nameof(dPredictions));
        int n = predictions.Length;
        double inverseN = 1.0 / n;
        double total = 0;
        for (int i = 0; i < n; i++)
        {
            float p = predictions[i];
            float t = targets[i];
            if (!float.IsFinite(p))
            {
                throw NonFinite(nameof(predictions), i, p);
            }

            if (!float.IsFinite(t))
            {
                throw NonFinite(nameof(targets), i, t);
            }

            double diff = (double)p - t;
            total += diff * diff;
            dPredictions[i] = (float)(2 * diff * inverseN);
        }

        return Result(total * inverseN);
    }

    /// <summary>log(1 + u) for u in [0, 1], accurate for tiny u (Goldberg's correction of the rounded 1 + u).</summary>
    private static double LogOnePlus(double u)
    {
        double w = 1 + u;
        return w == 1 ? u : Math.Log(w) * u / (w - 1);
    }

    private static void CheckElementwise(
        ReadOnlySpan<float> input, ReadOnlySpan<float> targets, Span<float> gradient, string inputName, string targetsName, string gradientName)
    {
        if (input.IsEmpty)
        {
            throw new ArgumentException($"{inputName} is empty; the mean of no elements is undefined.", inputName);
        }

        if (targets.Length != input.Length)
        {
            throw new ArgumentException(
                $"{targetsName} holds {targets.Length} elements but {inputName} holds {input.Length}; they must match.", targetsName);
        }

        if (gradient.Length != input.Length)
        {
            throw new ArgumentException(
                $"{gradientName} holds {gradient.Length} elements but {inputName} holds {input.Length}; they must match.", gradientName);
        }

        Check.NoPartialOverlap(input, gradient, inputName, gradientName);
        Check.NoPartialOverlap(targets, gradient, targetsName, gradientName);
    }

    private static float Result(double mean)
    {
        float loss = (float)mean;
        if (!float.IsFinite(loss))
        {
            throw new ArithmeticException(string.Create(
                CultureInfo.InvariantCulture, $"The mean loss is {mean}, which does not fit in a float; the inputs are far too large."));
        }

        return loss;
    }

    private static ArithmeticException NonFinite(string name, int index, float value) =>
        new(string.Create(CultureInfo.InvariantCulture, $"{name}[{index}] is {value}; a loss needs finite inputs (the run has likely diverged)."));

    private static ArithmeticException NonFinite(string name, ReadOnlySpan<float> all, string where, int row, int classes)
    {
        long start = (long)row * classes;
        for (int c = 0; c < classes; c++)
        {
            float v = all[(int)(start + c)];
            if (!float.IsFinite(v))
            {
                return new ArithmeticException(string.Create(
                    CultureInfo.InvariantCulture,
                    $"{name}[{start + c}] ({where}{c}) is {v}; a loss needs finite inputs (the run has likely diverged)."));
            }
        }

        return new ArithmeticException($"{name} row {row} sums to a non-finite value.");
    }

    /// <summary>Cross-entropy rows [start, end): each row's loss into the chunk's partial sum and its gradient into dLogits.</summary>
    private unsafe struct CrossEntropyRows : IRowKernel
    {
        public float* Logits, DLogits;
        public int* Targets;
        public int Classes, IgnoreIndex;
        public float Smoothing;
        public double InverseCount;
        public double* Partials;
        public int* BadRows;

        public readonly void Run(int chunk, int start, int end)
        {
            int classes = Classes;
            double eps = Smoothing;
            double total = 0;
            BadRows[chunk] = -1;
            for (int r = start; r < end; r++)
            {
                float* x = Logits + ((long)r * classes);
                float* d = DLogits + ((long)r * classes);
                float max = MaxAndSum(x, classes, out double sumX);
                if (!float.IsFinite(max) || !double.IsFinite(sumX))
                {
                    BadRows[chunk] = r;
                    break;
                }

                int t = Targets[r];
                if (t == IgnoreIndex)
                {
                    new Span<float>(d, classes).Clear();
                    continue;
                }

                double target = x[t];

                // d ← exp(x − max), then scaled to the gradient in place; x is read before d is written.
                double sumExp = ExpShiftSum(x, d, classes, max);
                double logSumExp = max + Math.Log(sumExp);
                double rowLoss = (1 - eps) * (logSumExp - target);
                if (eps != 0)
                {
                    rowLoss += eps * (logSumExp - (sumX / classes));
                }

                total += rowLoss;

                double scale = InverseCount / sumExp;
                double offset = eps / classes * InverseCount;
                double targetProbability = d[t] / sumExp;
                ScaleShift(d, classes, (float)scale, (float)offset);
                d[t] = (float)((targetProbability - (1 - eps) - (eps / classes)) * InverseCount);
            }

            Partials[chunk] = total;
        }
    }

    /// <summary>The row maximum, and Σ x in double; a non-finite element makes the sum NaN or infinite.</summary>
    private static unsafe float MaxAndSum(float* x, int n, out double sum)
    {
        int i = 0;
        float max = float.NegativeInfinity;
        double total = 0;
        if (Vector.IsHardwareAccelerated && n >= Vector<float>.Count)
        {
            var vmax = new Vector<float>(float.NegativeInfinity);
            Vector<double> acc = Vector<double>.Zero;
            for (; i <= n - Vector<float>.Count; i += Vector<float>.Count)
            {
                Vector<float> v = Vector.Load(x + i);
                vmax = Vector.Max(vmax, v);
                Vector.Widen(v, out Vector<double> lo, out Vector<double> hi);
                acc += lo + hi;
            }

            for (int k = 0; k < Vector<float>.Count; k++)
            {
                max = MathF.Max(max, vmax[k]);
            }

            total = Vector.Sum(acc);
        }

        for (; i < n; i++)
        {
            max = MathF.Max(max, x[i]);
            total += x[i];
        }

        sum = total;
        return max;
    }

    /// <summary>d[i] = exp(x[i] − shift); returns Σ d in double.</summary>
    private static unsafe double ExpShiftSum(float* x, float* d, int n, float shift)
    {
        int i = 0;
        double total = 0;
        if (Vector512.IsHardwareAccelerated && n >= 16)
        {
            var vs = Vector512.Create(shift);
            Vector512<double> acc = Vector512<double>.Zero;
            for (; i <= n - 16; i += 16)
            {
                Vector512<float> e = VectorExp.Exp(Vector512.Load(x + i) - vs);
                e.Store(d + i);
                (Vector512<double> lo, Vector512<double> hi) = Vector512.Widen(e);
                acc += lo + hi;
            }

            total = Vector512.Sum(acc);
        }
        else if (Vector256.IsHardwareAccelerated && n >= 8)
        {
            var vs = Vector256.Create(shift);
            Vector256<double> acc = Vector256<double>.Zero;
            for (; i <= n - 8; i += 8)
            {
                Vector256<float> e = VectorExp.Exp(Vector256.Load(x + i) - vs);
                e.Store(d + i);
                (Vector256<double> lo, Vector256<double> hi) = Vector256.Widen(e);
                acc += lo + hi;
            }

            total = Vector256.Sum(acc);
        }

        for (; i < n; i++)
        {
            float e = MathF.Exp(x[i] - shift);
            d[i] = e;
            total += e;
        }

        return total;
    }

    /// <summary>d[i] = d[i]·scale − offset.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void ScaleShift(float* d, int n, float scale, float offset)
    {
        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var vs = new Vector<float>(scale);
            var vo = new Vector<float>(offset);
            for (; i <= n - Vector<float>.Count; i += Vector<float>.Count)
            {
                ((Vector.Load(d + i) * vs) - vo).Store(d + i);
            }
        }

        for (; i < n; i++)
        {
            d[i] = (d[i] * scale) - offset;
        }
    }
}
