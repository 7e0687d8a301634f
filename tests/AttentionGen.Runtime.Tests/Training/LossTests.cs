using System;
using System.Linq;
using AttentionGen.Training;

namespace AttentionGen.Runtime.Tests.Training;

public class LossTests
{
    // ---- Double-precision references, written from the definitions. ----

    private static double CrossEntropyReference(double[] x, int[] targets, int rows, int classes, int ignoreIndex, double eps)
    {
        double total = 0;
        int counted = 0;
        for (int r = 0; r < rows; r++)
        {
            if (targets[r] == ignoreIndex)
            {
                continue;
            }

            double max = double.NegativeInfinity;
            for (int c = 0; c < classes; c++)
            {
                max = Math.Max(max, x[(r * classes) + c]);
            }

            double sum = 0;
            for (int c = 0; c < classes; c++)
            {
                sum += Math.Exp(x[(r * classes) + c] - max);
            }

            double lse = max + Math.Log(sum);
            double nllTarget = lse - x[(r * classes) + targets[r]];
            double meanNll = 0;
            for (int c = 0; c < classes; c++)
            {
                meanNll += (lse - x[(r * classes) + c]) / classes;
            }

            total += ((1 - eps) * nllTarget) + (eps * meanNll);
            counted++;
        }

        return counted == 0 ? 0 : total / counted;
    }

    private static double BceReference(double[] x, double[] t)
    {
        double total = 0;
        for (int i = 0; i < x.Length; i++)
        {
            // −[t·log σ(x) + (1 − t)·log(1 − σ(x))], written directly (inputs are moderate here).
            double s = 1 / (1 + Math.Exp(-x[i]));
            total += -((t[i] * Math.Log(s)) + ((1 - t[i]) * Math.Log(1 - s)));
        }

        return total / x.Length;
    }

    private static double MseReference(double[] p, double[] t) => p.Zip(t, (a, b) => (a - b) * (a - b)).Sum() / p.Length;

    /// <summary>Central differences of a double-precision loss, compared with the gradient the float kernel wrote.</summary>
    private static void AssertFiniteDifferences(Func<double[], double> loss, float[] input, float[] gradient, double tol, string context)
    {
        double[] x = input.Select(v => (double)v).ToArray();
        var numeric = new double[x.Length];
        const double h = 1e-5;
        for (int i = 0; i < x.Length; i++)
        {
            double saved = x[i];
            x[i] = saved + h;
            double up = loss(x);
            x[i] = saved - h;
            double down = loss(x);
            x[i] = saved;
            numeric[i] = (up - down) / (2 * h);
        }

        Reference.AssertClose(numeric, gradient, tol, context);
    }

    // ---- Cross entropy ----

    [Fact]
    public void CrossEntropyKnownValues()
    {
        // By hand: logits [1, 2, 3], target 2.
        //   log Σ exp = 3 + log(1 + e^−1 + e^−2) = 3 + log(1.5032147) = 3.4076060, so −log p₂ = 0.40760596.
        //   With ε = 0.1: mean_c(−log p_c) = 3.4076060 − mean(1, 2, 3) = 1.4076060, and
        //   0.9·0.40760596 + 0.1·1.4076060 = 0.50760596.
        //   Softmax = [0.09003057, 0.24472847, 0.66524096]; gradient (ε = 0) = p − onehot = [0.09003057, 0.24472847, −0.33475904].
        float[] logits = [1, 2, 3];
        var d = new float[3];
        float loss = Losses.CrossEntropy(logits, [2], d, 1, 3);
        Assert.Equal(0.40760596, loss, 1e-6);
        Reference.AssertClose([0.09003057, 0.24472847, -0.33475904], d, 1e-6, "gradient");
        Assert.Equal(CrossEntropyReference([1, 2, 3], [2], 1, 3, -100, 0), loss, 1e-6);

        float smoothed = Losses.CrossEntropy(logits, [2], d, 1, 3, labelSmoothing: 0.1f);
        Assert.Equal(0.50760596, smoothed, 1e-6);
        Assert.Equal(CrossEntropyReference([1, 2, 3], [2], 1, 3, -100, 0.1f), smoothed, 1e-6);

        // Smoothed gradient: p − 0.9·onehot − 0.1/3.
        Reference.AssertClose([0.09003057 - (0.1 / 3), 0.24472847 - (0.1 / 3), 0.66524096 - 0.9 - (0.1 / 3)], d, 1e-6, "smoothed gradient");
    }

    [Theory]
    [InlineData(1, 1, 0f)]
    [InlineData(5, 3, 0f)]
    [InlineData(7, 37, 0f)]
    [InlineData(7, 37, 0.1f)]
    [InlineData(4, 64, 0.25f)]
    [InlineData(3, 50, 1f)]
    public void CrossEntropyMatchesReferenceAndFiniteDifferences(int rows, int classes, float eps)
    {
        var rng = new Random((rows * 1000) + classes);
        float[] logits = Reference.Random(rng, rows * classes, 4f);
        int[] targets = Enumerable.Range(0, rows).Select(_ => rng.Next(classes)).ToArray();
        if (rows > 2)
        {
            targets[1] = -100;
        }

        var d = new float[rows * classes];
        d.AsSpan().Fill(123f);
        float loss = Losses.CrossEntropy(logits, targets, d, rows, classes, labelSmoothing: eps);

        double[] x = logits.Select(v => (double)v).ToArray();
        Assert.Equal(CrossEntropyReference(x, targets, rows, classes, -100, eps), loss, 1e-6);
        AssertFiniteDifferences(v => CrossEntropyReference(v, targets, rows, classes, -100, eps), logits, d, 1e-6, "dLogits");
        if (rows > 2)
        {
            Assert.All(d.Skip(classes).Take(classes), v => Assert.Equal(0f, v));
        }
    }

    [Fact]
    public void CrossEntropyIgnoreIndexLeavesRowsOutOfTheMean()
    {
        float[] logits = [1, 2, 3, 5, -1, 0, 0.5f, 0.5f, 0.5f];
        var d = new float[9];
        float withIgnored = Losses.CrossEntropy(logits, [2, 7, 0], d, 3, 3, ignoreIndex: 7);
        var d2 = new float[6];
        float without = Losses.CrossEntropy([1, 2, 3, 0.5f, 0.5f, 0.5f], [2, 0], d2, 2, 3, ignoreIndex: 7);
        Assert.Equal(without, withIgnored);
        Assert.Equal(d2[..3], d[..3]);
        Assert.Equal([0f, 0f, 0f], d[3..6]);
        Assert.Equal(d2[3..], d[6..]);

        // By hand: row 3 is uniform, −log(1/3) = 1.0986123; the mean with row 1 is (0.40760596 + 1.0986123)/2 = 0.75310913.
        Assert.Equal(0.75310913, withIgnored, 1e-6);

        // The ignore index may be a real class: those rows are left out too.
        float classIgnored = Losses.CrossEntropy(logits, [2, 0, 0], d, 3, 3, ignoreIndex: 0);
        Assert.Equal(0.40760596, classIgnored, 1e-6);
    }

    [Fact]
    public void CrossEntropyAllRowsIgnoredIsZeroWithZeroGradient()
    {
        var d = Enumerable.Repeat(9f, 6).ToArray();
        Assert.Equal(0f, Losses.CrossEntropy([1, 2, 3, 4, 5, 6], [-100, -100], d, 2, 3));
        Assert.All(d, v => Assert.Equal(0f, v));
    }

    [Fact]
    public void CrossEntropyIsStableForHugeLogits()
    {
        var d = new float[3];
        float loss = Losses.CrossEntropy([1000, 0, -1000], [1], d, 1, 3);
        Assert.Equal(1000, loss, 1e-3);
        Reference.AssertClose([1, -1, 0], d, 1e-6, "gradient");
        loss = Losses.CrossEntropy([3e38f, -3e38f], [0], d.AsSpan(0, 2), 1, 2);
        Assert.Equal(0f, loss);

        // The same through the vector path: 19 classes, one far above the rest, one far below.
        var wide = new float[19];
        wide[4] = 3e38f;
        wide[11] = -3e38f;
        var dWide = new float[19];
        Assert.Equal(0f, Losses.CrossEntropy(wide, [4], dWide, 1, 19));
        Assert.All(dWide, v => Assert.Equal(0f, v));
        Assert.Equal(3e38f, Losses.CrossEntropy(wide, [0], dWide, 1, 19), 1e32f);
        Assert.Equal(-1f, dWide[0]);
        Assert.Equal(1f, dWide[4]);
    }

    [Fact]
    public void CrossEntropyOverALargeVocabularyMatchesTheReference()
    {
        const int rows = 3, classes = 50_021;
        var rng = new Random(77);
        float[] logits = Reference.Random(rng, rows * classes, 8f);
        int[] targets = [17, 50_020, 4096];
        var d = new float[logits.Length];
        float loss = Losses.CrossEntropy(logits, targets, d, rows, classes, labelSmoothing: 0.1f);
        double[] x = logits.Select(v => (double)v).ToArray();
        double expected = CrossEntropyReference(x, targets, rows, classes, -100, 0.1);
        Assert.True(Math.Abs(loss - expected) <= 1e-6 * expected, $"loss {loss}, expected {expected}");

        // Gradient = (softmax − 0.9·onehot − 0.1/classes)/rows, from a double softmax.
        var reference = new double[x.Length];
        for (int r = 0; r < rows; r++)
        {
            double max = x.Skip(r * classes).Take(classes).Max();
            double sum = x.Skip(r * classes).Take(classes).Sum(v => Math.Exp(v - max));
            for (int c = 0; c < classes; c++)
            {
                reference[(r * classes) + c] = ((Math.Exp(x[(r * classes) + c] - max) / sum) - (c == targets[r] ? 0.9 : 0) - (0.1 / classes)) / rows;
            }
        }

        // Mostly relative, since most entries are tiny; the absolute part (1e−12, about 1e−7 of a typical entry) covers
        // float rounding of x − max and the cancellation where softmax/rows is close to the smoothing term.
        for (int i = 0; i < d.Length; i++)
        {
            Assert.True(Math.Abs(d[i] - reference[i]) <= (1e-6 * Math.Abs(reference[i])) + 1e-12, $"dLogits[{i}] is {d[i]}, expected {reference[i]}");
        }
    }

    /// <summary>
    /// W2's loss, 2048 rows of 65: several chunks on the worker pool, each summing its rows in double; the loss matches
    /// the double reference and a non-finite logit in a later chunk is still reported by its index.
    /// </summary>
    [Fact]
    public void CrossEntropyOverManyRowsMatchesTheReferenceAndReportsTheFirstBadRow()
    {
        const int rows = 2048, classes = 65;
        var rng = new Random(11);
        float[] logits = Reference.Random(rng, rows * classes, 4f);
        int[] targets = Enumerable.Range(0, rows).Select(r => r % 7 == 0 ? -100 : (r * 13) % classes).ToArray();
        var d = new float[logits.Length];
        float loss = Losses.CrossEntropy(logits, targets, d, rows, classes);
        double expected = CrossEntropyReference(logits.Select(v => (double)v).ToArray(), targets, rows, classes, -100, 0);
        Assert.True(Math.Abs(loss - expected) <= 1e-6 * expected, $"loss {loss}, expected {expected}");

        logits[(1500 * classes) + 9] = float.NaN;
        logits[(1900 * classes) + 2] = float.PositiveInfinity;
        var e = Assert.Throws<ArithmeticException>(() => Losses.CrossEntropy(logits, targets, d, rows, classes));
        Assert.Contains($"logits[{(1500 * classes) + 9}] (row 1500, class 9)", e.Message);
    }

    [Fact]
    public void CrossEntropyMayWriteTheGradientOverTheLogits()
    {
        var rng = new Random(3);
        float[] logits = Reference.Random(rng, 4 * 19, 3f);
        int[] targets = [3, -100, 18, 0];
        var d = new float[logits.Length];
        float expected = Losses.CrossEntropy(logits, targets, d, 4, 19, labelSmoothing: 0.2f);
        float inPlace = Losses.CrossEntropy(logits, targets, logits, 4, 19, labelSmoothing: 0.2f);
        Assert.Equal(expected, inPlace);
        Assert.Equal(d, logits);
    }

    [Fact]
    public void CrossEntropyRejectsBadArgumentsNamingValueAndLimit()
    {
        var d = new float[6];
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => Losses.CrossEntropy([1, 2, 3, 4, 5, 6], [0, 3], d, 2, 3));
        Assert.Contains("targets[1] is 3", e.Message);
        Assert.Contains("[0, 3)", e.Message);
        e = Assert.Throws<ArgumentOutOfRangeException>(() => Losses.CrossEntropy([1, 2, 3, 4, 5, 6], [-1, 0], d, 2, 3));
        Assert.Contains("targets[0] is -1", e.Message);

        var a = Assert.Throws<ArgumentException>(() => Losses.CrossEntropy([1, 2, 3, 4, 5], [0, 0], d, 2, 3));
        Assert.Contains("logits holds 5", a.Message);
        Assert.Contains("6", a.Message);
        a = Assert.Throws<ArgumentException>(() => Losses.CrossEntropy([1, 2, 3, 4, 5, 6], [0], d, 2, 3));
        Assert.Contains("targets holds 1", a.Message);
        a = Assert.Throws<ArgumentException>(() => Losses.CrossEntropy([1, 2, 3, 4, 5, 6], [0, 0], d.AsSpan(1), 2, 3));
        Assert.Contains("dLogits holds 5", a.Message);
        e = Assert.Throws<ArgumentOutOfRangeException>(() => Losses.CrossEntropy([1, 2, 3, 4, 5, 6], [0, 0], d, 0, 3));
        Assert.Contains("rows is 0", e.Message);
        e = Assert.Throws<ArgumentOutOfRangeException>(() => Losses.CrossEntropy([1, 2, 3], [0], d, 1, 3, labelSmoothing: 1.5f));
        Assert.Contains("labelSmoothing is 1.5", e.Message);

        float[] both = [1, 2, 3, 4, 5, 6, 7];
        a = Assert.Throws<ArgumentException>(() => Losses.CrossEntropy(both.AsSpan(0, 6), [0, 0], both.AsSpan(1, 6), 2, 3));
        Assert.Contains("overlaps", a.Message);
    }

    [Fact]
    public void CrossEntropyRejectsNonFiniteLogitsNamingIndexAndValue()
    {
        var d = new float[6];
        var e = Assert.Throws<ArithmeticException>(() => Losses.CrossEntropy([1, 2, 3, 4, float.NaN, 6], [0, 0], d, 2, 3));
        Assert.Contains("logits[4]", e.Message);
        Assert.Contains("NaN", e.Message);
        e = Assert.Throws<ArithmeticException>(() => Losses.CrossEntropy([float.NegativeInfinity, 2, 3, 4, 5, 6], [-100, 0], d, 2, 3));
        Assert.Contains("logits[0]", e.Message);
        Assert.Contains("-Infinity", e.Message);
        var big = new float[40];
        big[33] = float.PositiveInfinity;
        e = Assert.Throws<ArithmeticException>(() => Losses.CrossEntropy(big, [0, 0], new float[40], 2, 20));
        Assert.Contains("logits[33] (row 1, class 13)", e.Message);
    }

    // ---- Binary cross entropy with logits ----

    [Fact]
    public void BinaryCrossEntropyKnownValues()
    {
        // By hand: x = 0, t = 1: log 2 = 0.69314718, gradient σ(0) − 1 = −0.5.
        //          x = 2, t = 0: 2 + log(1 + e^−2) = 2 + 0.12692801 = 2.12692801, gradient σ(2) = 0.88079708.
        var d = new float[2];
        Assert.Equal(0.69314718, Losses.BinaryCrossEntropyWithLogits([0], [1], d.AsSpan(0, 1)), 1e-7);
        Assert.Equal(-0.5f, d[0]);
        Assert.Equal((0.69314718 + 2.12692801) / 2, Losses.BinaryCrossEntropyWithLogits([0, 2], [1, 0], d), 1e-6);
        Reference.AssertClose([-0.25, 0.88079708 / 2], d, 1e-7, "gradient");
    }

    [Theory]
    [InlineData(1)]
    [InlineData(13)]
    [InlineData(40)]
    public void BinaryCrossEntropyMatchesReferenceAndFiniteDifferences(int n)
    {
        var rng = new Random(n);
        float[] x = Reference.Random(rng, n, 6f);
        float[] t = Enumerable.Range(0, n).Select(i => i % 3 == 0 ? (float)rng.NextDouble() : (i % 3) - 1).ToArray();
        var d = new float[n];
        float loss = Losses.BinaryCrossEntropyWithLogits(x, t, d);
        double[] td = t.Select(v => (double)v).ToArray();
        Assert.Equal(BceReference(x.Select(v => (double)v).ToArray(), td), loss, 1e-6);
        AssertFiniteDifferences(v => BceReference(v, td), x, d, 1e-7, "dLogits");
    }

    [Fact]
    public void BinaryCrossEntropyIsStableForLargeLogits()
    {
        var d = new float[4];
        float loss = Losses.BinaryCrossEntropyWithLogits([200, -200, 200, -200], [1, 0, 0, 1], d);
        Assert.Equal(100f, loss, 1e-4);
        Reference.AssertClose([0, 0, 0.25, -0.25], d, 1e-7, "gradient");
    }

    [Fact]
    public void BinaryCrossEntropyRejectsBadInputs()
    {
        var d = new float[2];
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => Losses.BinaryCrossEntropyWithLogits([0, 1], [0, 1.5f], d));
        Assert.Contains("targets[1] is 1.5", e.Message);
        Assert.Contains("[0, 1]", e.Message);
        var n = Assert.Throws<ArithmeticException>(() => Losses.BinaryCrossEntropyWithLogits([0, float.NaN], [0, 1], d));
        Assert.Contains("logits[1] is NaN", n.Message);
        n = Assert.Throws<ArithmeticException>(() => Losses.BinaryCrossEntropyWithLogits([0, 1], [float.NaN, 1], d));
        Assert.Contains("targets[0] is NaN", n.Message);
        var a = Assert.Throws<ArgumentException>(() => Losses.BinaryCrossEntropyWithLogits([0, 1], [0], d));
        Assert.Contains("targets holds 1 elements but logits holds 2", a.Message);
        a = Assert.Throws<ArgumentException>(() => Losses.BinaryCrossEntropyWithLogits([], [], []));
        Assert.Contains("logits is empty", a.Message);
    }

    // ---- Mean squared error ----

    [Fact]
    public void MeanSquaredErrorKnownValues()
    {
        // By hand: p = [1, 2, 0.5], t = [0, 0, 1]: (1 + 4 + 0.25)/3 = 1.75; gradient 2(p − t)/3 = [2/3, 4/3, −1/3].
        var d = new float[3];
        Assert.Equal(1.75f, Losses.MeanSquaredError([1, 2, 0.5f], [0, 0, 1], d));
        Reference.AssertClose([2.0 / 3, 4.0 / 3, -1.0 / 3], d, 1e-7, "gradient");
    }

    [Theory]
    [InlineData(1)]
    [InlineData(17)]
    public void MeanSquaredErrorMatchesReferenceAndFiniteDifferences(int n)
    {
        var rng = new Random(n + 50);
        float[] p = Reference.Random(rng, n, 3f);
        float[] t = Reference.Random(rng, n, 3f);
        var d = new float[n];
        float loss = Losses.MeanSquaredError(p, t, d);
        double[] td = t.Select(v => (double)v).ToArray();
        Assert.Equal(MseReference(p.Select(v => (double)v).ToArray(), td), loss, 1e-6);
        AssertFiniteDifferences(v => MseReference(v, td), p, d, 1e-7, "dPredictions");

        // In place over the predictions gives the same.
        float inPlace = Losses.MeanSquaredError(p, t, p);
        Assert.Equal(loss, inPlace);
        Assert.Equal(d, p);
    }

    [Fact]
    public void MeanSquaredErrorRejectsNonFiniteValuesAndOverflow()
    {
        var d = new float[2];
        var n = Assert.Throws<ArithmeticException>(() => Losses.MeanSquaredError([0, float.PositiveInfinity], [0, 1], d));
        Assert.Contains("predictions[1]", n.Message);
        n = Assert.Throws<ArithmeticException>(() => Losses.MeanSquaredError([3e38f, 0], [-3e38f, 0], d));
        Assert.Contains("does not fit in a float", n.Message);
        var a = Assert.Throws<ArgumentException>(() => Losses.MeanSquaredError([0, 1], [0, 1], d.AsSpan(1)));
        Assert.Contains("dPredictions holds 1 elements but predictions holds 2", a.Message);
    }
}
