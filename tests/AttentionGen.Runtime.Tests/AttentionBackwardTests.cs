using System;

namespace AttentionGen.Runtime.Tests;

public class AttentionBackwardTests
{
    /// <summary>One attention call's shape and options.</summary>
    public sealed record Problem(
        int Batch, int QueryLen, int KeyLen, int Heads, int HeadDim, bool Causal, int[] Lengths, float P = 0f, ulong Seed = 77)
    {
        public int Width => Heads * HeadDim;

        public bool Visible(int b, int i, int j) => j < (Lengths.Length == 0 ? KeyLen : Lengths[b]) && (!Causal || j <= i);

        /// <summary>The dropout factor of probability (b, h, i, j): 0 or 1/(1 − p), from the documented index.</summary>
        public double Mask(int b, int h, int i, int j)
        {
            if (P == 0)
            {
                return 1;
            }

            long index = ((((long)(b * Heads) + h) * QueryLen) + i) * KeyLen + j;
            return Dropout.Keep(Seed, index, P) ? 1.0 / (1.0 - P) : 0;
        }

        /// <summary>A seed for the test's random inputs that is the same on every run (a record's hash of an array is not).</summary>
        public int StableSeed
        {
            get
            {
                int h = 17;
                foreach (char c in ToString())
                {
                    h = (h * 31) + c;
                }

                return h & 0xFFFF;
            }
        }

        public override string ToString()
            => $"b={Batch} lq={QueryLen} lk={KeyLen} h={Heads} d={HeadDim} causal={Causal} lengths=[{string.Join(",", Lengths)}] p={P}";
    }

    /// <summary>Dense (rows, width) operands in double.</summary>
    private sealed record Operands(double[] Q, double[] K, double[] V);

    /// <summary>Softmax probabilities of query (b, h, i) in double; null when the query sees no key.</summary>
    private static double[]? Probabilities(Problem s, Operands x, int b, int h, int i)
    {
        int w = s.Width, d = s.HeadDim;
        var p = new double[s.KeyLen];
        double max = double.NegativeInfinity;
        for (int j = 0; j < s.KeyLen; j++)
        {
            if (!s.Visible(b, i, j))
            {
                p[j] = double.NegativeInfinity;
                continue;
            }

            double dot = 0;
            for (int c = 0; c < d; c++)
            {
                dot += x.Q[(((b * s.QueryLen) + i) * w) + (h * d) + c] * x.K[(((b * s.KeyLen) + j) * w) + (h * d) + c];
            }

            p[j] = dot / Math.Sqrt(d);
            max = Math.Max(max, p[j]);
        }

        if (double.IsNegativeInfinity(max))
        {
            return null;
        }

        double sum = 0;
        for (int j = 0; j < s.KeyLen; j++)
        {
            p[j] = Math.Exp(p[j] - max);
            sum += p[j];
        }

        for (int j = 0; j < s.KeyLen; j++)
        {
            p[j] /= sum;
        }

        return p;
    }

    /// <summary>O = (P∘m)·V in double, zeros for a query that sees no key.</summary>
    private static double[] ReferenceForward(Problem s, Operands x)
    {
        int w = s.Width, d = s.HeadDim;
        var o = new double[s.Batch * s.QueryLen * w];
        for (int b = 0; b < s.Batch; b++)
        {
            for (int h = 0; h < s.Heads; h++)
            {
                for (int i = 0; i < s.QueryLen; i++)
                {
                    double[]? p = Probabilities(s, x, b, h, i);
                    if (p == null)
                    {
                        continue;
                    }

                    for (int j = 0; j < s.KeyLen; j++)
                    {
                        double pm = p[j] * s.Mask(b, h, i, j);
                        for (int c = 0; c < d; c++)
                        {
                            o[(((b * s.QueryLen) + i) * w) + (h * d) + c] += pm * x.V[(((b * s.KeyLen) + j) * w) + (h * d) + c];
                        }
                    }
                }
            }
        }

        return o;
    }

    /// <summary>The textbook attention backward in double, one query at a time.</summary>
    private static Operands ReferenceBackward(Problem s, Operands x, double[] dOut)
    {
        int w = s.Width, d = s.HeadDim;
        double scale = 1 / Math.Sqrt(d);
        var dq = new double[x.Q.Length];
        var dk = new double[x.K.Length];
        var dv = new double[x.V.Length];
        var dp = new double[s.KeyLen];
        for (int b = 0; b < s.Batch; b++)
        {
            for (int h = 0; h < s.Heads; h++)
            {
                for (int i = 0; i < s.QueryLen; i++)
                {
                    double[]? p = Probabilities(s, x, b, h, i);
                    if (p == null)
                    {
                        continue;
                    }

                    int qi = (((b * s.QueryLen) + i) * w) + (h * d);
                    double rowDot = 0;
                    for (int j = 0; j < s.KeyLen; j++)
                    {
                        int kj = (((b * s.KeyLen) + j) * w) + (h * d);
                        double m = s.Mask(b, h, i, j);
                        double dDropped = 0;
                        for (int c = 0; c < d; c++)
                        {
                            dv[kj + c] += p[j] * m * dOut[qi + c];
                            dDropped += dOut[qi + c] * x.V[kj + c];
                        }

                        dp[j] = dDropped * m;
                        rowDot += dp[j] * p[j];
                    }

                    for (int j = 0; j < s.KeyLen; j++)
                    {
                        int kj = (((b * s.KeyLen) + j) * w) + (h * d);
                        double ds = p[j] * (dp[j] - rowDot) * scale;
                        for (int c = 0; c < d; c++)
                        {
                            dq[qi + c] += ds * x.K[kj + c];
                            dk[kj + c] += ds * x.Q[qi + c];
                        }
                    }
                }
            }
        }

        return new Operands(dq, dk, dv);
    }

    /// <summary>Rows of one operand inside a larger buffer.</summary>
    private readonly record struct View(float[] Buffer, int Offset, int Stride)
    {
        public Span<float> Span => Buffer.AsSpan(Offset);

        public double[] Dense(int rows, int width)
        {
            var a = new double[rows * width];
            for (int r = 0; r < rows; r++)
            {
                for (int c = 0; c < width; c++)
                {
                    a[(r * width) + c] = Buffer[Offset + (r * Stride) + c];
                }
            }

            return a;
        }
    }

    /// <summary>The forward operands and the gradient buffers of one test, pre-filled with random values.</summary>
    private sealed class Layout
    {
        public required View Q { get; init; }

        public required View K { get; init; }

        public required View V { get; init; }

        public required View Dq { get; init; }

        public required View Dk { get; init; }

        public required View Dv { get; init; }

        /// <summary>Every gradient buffer, to check that elements outside the views stay as they were.</summary>
        public required float[][] GradientBuffers { get; init; }

        public static Layout Create(Problem s, bool packed, Random rng)
        {
            int w = s.Width;
            int queryRows = s.Batch * s.QueryLen, keyRows = s.Batch * s.KeyLen;
            if (packed)
            {
                // nn.MultiheadAttention's in_proj output for self-attention: (rows, 3·width), and its gradient alike.
                float[] qkv = Reference.Random(rng, queryRows * 3 * w, 2f);
                float[] dqkv = Reference.Random(rng, queryRows * 3 * w);
                return new Layout
                {
                    Q = new View(qkv, 0, 3 * w),
                    K = new View(qkv, w, 3 * w),
                    V = new View(qkv, 2 * w, 3 * w),
                    Dq = new View(dqkv, 0, 3 * w),
                    Dk = new View(dqkv, w, 3 * w),
                    Dv = new View(dqkv, 2 * w, 3 * w),
                    GradientBuffers = [dqkv],
                };
            }

            // Separate buffers whose strides leave gaps between rows.
            float[] dq = Reference.Random(rng, queryRows * (w + 2));
            float[] dk = Reference.Random(rng, keyRows * w);
            float[] dv = Reference.Random(rng, keyRows * (w + 5));
            return new Layout
            {
                Q = new View(Reference.Random(rng, queryRows * (w + 3), 2f), 0, w + 3),
                K = new View(Reference.Random(rng, keyRows * (w + 1), 2f), 0, w + 1),
                V = new View(Reference.Random(rng, keyRows * w, 2f), 0, w),
                Dq = new View(dq, 0, w + 2),
                Dk = new View(dk, 0, w),
                Dv = new View(dv, 0, w + 5),
                GradientBuffers = [dq, dk, dv],
            };
        }

        public Operands Inputs(Problem s) => new(
            Q.Dense(s.Batch * s.QueryLen, s.Width), K.Dense(s.Batch * s.KeyLen, s.Width), V.Dense(s.Batch * s.KeyLen, s.Width));

        public Operands Gradients(Problem s) => new(
            Dq.Dense(s.Batch * s.QueryLen, s.Width), Dk.Dense(s.Batch * s.KeyLen, s.Width), Dv.Dense(s.Batch * s.KeyLen, s.Width));
    }

    /// <summary>What the forward pass keeps for the backward: its output and each query's log-sum-exp.</summary>
    private sealed record Saved(float[] Output, float[] LogSumExp);

    /// <summary>The forward pass the backward differentiates, then the backward from what it kept.</summary>
    private static void Backward(Problem s, Layout l, float[] dOut)
    {
        Saved saved = ForwardSaved(s, l);
        Backward(s, l, dOut, saved);
    }

    private static void Backward(Problem s, Layout l, float[] dOut, Saved saved)
        => Attention.Backward(
            l.Q.Span, l.Q.Stride, l.K.Span, l.K.Stride, l.V.Span, l.V.Stride, saved.Output, dOut, saved.LogSumExp,
            l.Dq.Span, l.Dq.Stride, l.Dk.Span, l.Dk.Stride, l.Dv.Span, l.Dv.Stride,
            s.Batch, s.QueryLen, s.KeyLen, s.Heads, s.HeadDim, s.Causal, s.Lengths, s.P, s.Seed);

    private static float[] Forward(Problem s, Layout l) => ForwardSaved(s, l).Output;

    private static Saved ForwardSaved(Problem s, Layout l)
    {
        var output = new float[s.Batch * s.QueryLen * s.Width];
        output.AsSpan().Fill(float.NaN);
        var lse = new float[s.Batch * s.QueryLen * s.Heads];
        lse.AsSpan().Fill(float.NaN);
        Attention.Forward(
            l.Q.Span, l.Q.Stride, l.K.Span, l.K.Stride, l.V.Span, l.V.Stride, output, lse,
            s.Batch, s.QueryLen, s.KeyLen, s.Heads, s.HeadDim, s.Causal, s.Lengths, s.P, s.Seed);
        return new Saved(output, lse);
    }

    private static double[] Accumulated(double[] start, double[] gradient, int times)
    {
        var r = new double[start.Length];
        for (int i = 0; i < r.Length; i++)
        {
            r[i] = start[i] + (times * gradient[i]);
        }

        return r;
    }

    private static void AssertClose(double[] expected, double[] actual, double tol, string context)
        => GradientCheck.AssertClose(expected, actual, tol, context);

    public static TheoryData<Problem, bool> Problems => new()
    {
        { new Problem(1, 1, 1, 1, 1, false, []), false },
        { new Problem(2, 5, 5, 2, 3, false, []), true },
        { new Problem(2, 7, 7, 1, 17, true, []), false },
        { new Problem(1, 3, 3, 3, 33, true, []), true },
        { new Problem(3, 6, 6, 2, 8, true, [4, 0, 6]), true },          // a length-0 row
        { new Problem(3, 9, 9, 2, 5, false, [1, 9, 0]), false },
        { new Problem(2, 3, 7, 2, 5, false, [7, 2]), false },           // cross: fewer queries than keys
        { new Problem(2, 7, 3, 2, 5, true, [3, 1]), false },            // cross, causal, more queries than keys
        { new Problem(2, 1, 40, 1, 16, false, []), false },             // one query: a block of one real row
        { new Problem(2, 9, 9, 3, 33, false, [9, 0], 0.1f), false },    // dropout
        { new Problem(2, 6, 6, 2, 4, true, [], 0.1f), true },
        { new Problem(1, 5, 40, 1, 16, false, [], 0.3f), false },
        { new Problem(3, 37, 37, 4, 40, true, []), false },             // above the threading threshold
        { new Problem(3, 37, 45, 4, 40, false, [45, 20, 0], 0.1f), false },
        { new Problem(2, 30, 30, 4, 64, true, [30, 17], 0.1f), true },
        { new Problem(1, 65, 65, 2, 64, true, []), true },              // several blocks of queries and keys
        { new Problem(2, 130, 200, 1, 7, false, [200, 97], 0.1f), false },
        { new Problem(1, 200, 200, 2, 16, true, [], 0.2f), true },
        { new Problem(2, 33, 33, 2, 65, true, [33, 7]), false },
    };

    [Theory]
    [MemberData(nameof(Problems))]
    public void AccumulatesTheDoubleReference(Problem s, bool packed)
    {
        var rng = new Random(s.StableSeed);
        var l = Layout.Create(s, packed, rng);
        float[] dOut = Reference.Random(rng, s.Batch * s.QueryLen * s.Width);
        Operands expected = ReferenceBackward(s, l.Inputs(s), GradientCheck.ToDouble(dOut));
        Operands start = l.Gradients(s);
        float[][] before = Array.ConvertAll(l.GradientBuffers, b => (float[])b.Clone());

        for (int call = 1; call <= 2; call++)
        {
            Backward(s, l, dOut);
            Operands actual = l.Gradients(s);
            AssertClose(Accumulated(start.Q, expected.Q, call), actual.Q, 1e-4, $"dq after {call} call(s), {s}, packed={packed}");
            AssertClose(Accumulated(start.K, expected.K, call), actual.K, 1e-4, $"dk after {call} call(s), {s}, packed={packed}");
            AssertClose(Accumulated(start.V, expected.V, call), actual.V, 1e-4, $"dv after {call} call(s), {s}, packed={packed}");
        }

        // Nothing outside the three views is written: zero the views in both copies and compare the rest exactly.
        for (int n = 0; n < before.Length; n++)
        {
            foreach (View view in new[] { l.Dq, l.Dk, l.Dv })
            {
                if (view.Buffer == l.GradientBuffers[n])
                {
                    int rows = view == l.Dq ? s.Batch * s.QueryLen : s.Batch * s.KeyLen;
                    for (int r = 0; r < rows; r++)
                    {
                        Array.Clear(before[n], view.Offset + (r * view.Stride), s.Width);
                        Array.Clear(l.GradientBuffers[n], view.Offset + (r * view.Stride), s.Width);
                    }
                }
            }

            Assert.Equal(before[n], l.GradientBuffers[n]);
        }
    }

    public static TheoryData<Problem> SmallProblems => new()
    {
        new Problem(2, 3, 5, 2, 3, false, [5, 2]),
        new Problem(2, 4, 4, 2, 3, true, [4, 0], 0.3f),
        new Problem(1, 3, 3, 1, 2, true, [], 0.1f),
        new Problem(1, 4, 2, 2, 2, true, []),
    };

    /// <summary>The reference backward against central differences of the reference forward (the dropout mask is fixed by the seed).</summary>
    [Theory]
    [MemberData(nameof(SmallProblems))]
    public void ReferenceMatchesFiniteDifferences(Problem s)
    {
        var rng = new Random(5);
        var l = Layout.Create(s, packed: false, rng);
        Operands x = l.Inputs(s);
        double[] r = GradientCheck.ToDouble(Reference.Random(rng, s.Batch * s.QueryLen * s.Width));
        Operands g = ReferenceBackward(s, x, r);

        double Loss(Operands o) => GradientCheck.Dot(ReferenceForward(s, o), r);
        AssertClose(GradientCheck.Numerical(q => Loss(x with { Q = q }), x.Q), g.Q, 1e-6, $"dq, {s}");
        AssertClose(GradientCheck.Numerical(k => Loss(x with { K = k }), x.K), g.K, 1e-6, $"dk, {s}");
        AssertClose(GradientCheck.Numerical(v => Loss(x with { V = v }), x.V), g.V, 1e-6, $"dv, {s}");
    }

    /// <summary>The dropout forward against the reference with the documented mask.</summary>
    [Theory]
    [MemberData(nameof(Problems))]
    public void DropoutForwardMatchesTheReference(Problem s, bool packed)
    {
        var rng = new Random(s.StableSeed + 1);
        var l = Layout.Create(s, packed, rng);
        double[] expected = ReferenceForward(s, l.Inputs(s));
        float[] output = Forward(s, l);
        GradientCheck.AssertClose(expected, output, 1e-5, $"output, {s}");
    }

    /// <summary>
    /// The kernels against each other: the output is linear in v, so Σ Forward(v)·r must equal Σ v·dV with
    /// dV from Backward(dOutput = r). Holds only if both passes drop exactly the same probabilities.
    /// </summary>
    [Theory]
    [InlineData(0.1f, false)]
    [InlineData(0.5f, true)]
    public void ForwardAndBackwardDropTheSameProbabilities(float p, bool causal)
    {
        var s = new Problem(3, 37, 37, 4, 40, causal, [37, 20, 9], p, Seed: 123);
        var rng = new Random(9);
        var l = Layout.Create(s, packed: true, rng);
        float[] r = Reference.Random(rng, s.Batch * s.QueryLen * s.Width);
        float[] output = Forward(s, l);
        Array.Clear(l.GradientBuffers[0]);
        Backward(s, l, r);

        double left = GradientCheck.Dot(output, r);
        double right = GradientCheck.Dot(l.V.Dense(s.Batch * s.KeyLen, s.Width), l.Dv.Dense(s.Batch * s.KeyLen, s.Width));
        Assert.True(Math.Abs(left - right) <= 1e-4 * (1 + Math.Abs(left)), $"Σ O·r = {left}, Σ v·dV = {right}");

        // A different seed gives a different mask, which the identity would notice.
        Array.Clear(l.GradientBuffers[0]);
        Backward(s with { Seed = 124 }, l, r);
        double other = GradientCheck.Dot(l.V.Dense(s.Batch * s.KeyLen, s.Width), l.Dv.Dense(s.Batch * s.KeyLen, s.Width));
        Assert.True(Math.Abs(left - other) > 1e-2 * (1 + Math.Abs(left)), $"seed 124 gave the same Σ v·dV = {other}");
    }

    [Fact]
    public void TheOverloadWithoutDropoutIsProbabilityZero()
    {
        var s = new Problem(2, 11, 11, 2, 16, true, [11, 6]);
        var l = Layout.Create(s, packed: true, new Random(3));
        float[] withP = Forward(s with { P = 0f, Seed = 999 }, l);
        var without = new float[withP.Length];
        Attention.Forward(
            l.Q.Span, l.Q.Stride, l.K.Span, l.K.Stride, l.V.Span, l.V.Stride, without, default,
            s.Batch, s.QueryLen, s.KeyLen, s.Heads, s.HeadDim, s.Causal, s.Lengths);
        Assert.Equal(without, withP);
    }

    [SkippableFact]
    public void LargeCallsRunOnTheWorkerPool()
    {
        Skip.If(GemmWorkers.Count == 0, $"This machine has {Environment.ProcessorCount} logical processor(s): there is no worker pool.");
        var s = new Problem(3, 37, 37, 4, 40, true, [37, 20, 0], 0.1f);
        var rng = new Random(8);
        var l = Layout.Create(s, packed: false, rng);
        float[] dOut = Reference.Random(rng, s.Batch * s.QueryLen * s.Width);
        Saved saved = ForwardSaved(s, l);
        Operands expected = ReferenceBackward(s, l.Inputs(s), GradientCheck.ToDouble(dOut));

        // A worker may wake too late to claim a pair on a busy machine: try a few times, checking each result.
        long before = GemmWorkers.WorkerItems;
        for (int attempt = 0; attempt < 50 && GemmWorkers.WorkerItems == before; attempt++)
        {
            foreach (float[] buffer in l.GradientBuffers)
            {
                Array.Clear(buffer);
            }

            Backward(s, l, dOut, saved);
            Operands actual = l.Gradients(s);
            AssertClose(expected.Q, actual.Q, 1e-4, $"dq, attempt {attempt}");
            AssertClose(expected.K, actual.K, 1e-4, $"dk, attempt {attempt}");
            AssertClose(expected.V, actual.V, 1e-4, $"dv, attempt {attempt}");
        }

        Assert.True(GemmWorkers.WorkerItems > before, "no worker thread ran any backward pair in 50 attempts");
    }

    [Fact]
    public void NoKeysOrNoQueriesLeaveTheGradientsAlone()
    {
        var dq = new float[2 * 3 * 4];
        dq.AsSpan().Fill(1f);
        var q = new float[2 * 3 * 4];
        Attention.Backward(
            q, 4, default, 4, default, 4, new float[24], new float[24], new float[6], dq, 4, default, 4, default, 4,
            2, 3, 0, 1, 4, false, default, 0.5f, 1);
        Assert.All(dq, x => Assert.Equal(1f, x));
        var dk = new float[2 * 3 * 4];
        Attention.Backward(
            default, 4, q, 4, q, 4, default, default, default, default, 4, dk, 4, new float[24], 4,
            2, 0, 3, 1, 4, true, default, 0f, 1);
        Assert.All(dk, x => Assert.Equal(0f, x));
    }

    [Theory]
    [InlineData(8)]
    [InlineData(300)] // above the threading threshold: the worker pool runs it
    public void CallsAllocateNothing(int len)
    {
        var s = new Problem(2, len, len, 2, 8, true, [len, 5], 0.1f);
        var l = Layout.Create(s, packed: true, new Random(1));
        var dOut = new float[s.Batch * s.QueryLen * s.Width];
        Saved saved = ForwardSaved(s, l);
        Assert.Equal(0, Reference.Allocated(() => Backward(s, l, dOut, saved)));
        Assert.Equal(0, Reference.Allocated(() => Attention.Forward(
            l.Q.Span, l.Q.Stride, l.K.Span, l.K.Stride, l.V.Span, l.V.Stride, saved.Output, saved.LogSumExp,
            s.Batch, s.QueryLen, s.KeyLen, s.Heads, s.HeadDim, s.Causal, s.Lengths, s.P, s.Seed)));
    }

    [Fact]
    public void BadArgumentsAreReported()
    {
        var s = new Problem(2, 3, 3, 2, 4, false, []);
        var l = Layout.Create(s, packed: false, new Random(2));
        var dOut = new float[2 * 3 * 8];
        var output = new float[2 * 3 * 8];
        var lse = new float[2 * 3 * 2];
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => Attention.Backward(
            l.Q.Span, l.Q.Stride, l.K.Span, l.K.Stride, l.V.Span, l.V.Stride, output, dOut, lse,
            l.Dq.Span, 7, l.Dk.Span, l.Dk.Stride, l.Dv.Span, l.Dv.Stride, 2, 3, 3, 2, 4, false, default, 0f, 0));
        Assert.Equal("dqStride", ex.ParamName);
        Assert.Contains("heads × headDim = 8", ex.Message);

        var ex2 = Assert.Throws<ArgumentException>(() => Attention.Backward(
            l.Q.Span, l.Q.Stride, l.K.Span, l.K.Stride, l.V.Span, l.V.Stride, output, dOut.AsSpan(0, 47), lse,
            l.Dq.Span, l.Dq.Stride, l.Dk.Span, l.Dk.Stride, l.Dv.Span, l.Dv.Stride, 2, 3, 3, 2, 4, false, default, 0f, 0));
        Assert.Equal("dOutput", ex2.ParamName);
        Assert.Contains("48", ex2.Message);

        ex2 = Assert.Throws<ArgumentException>(() => Attention.Backward(
            l.Q.Span, l.Q.Stride, l.K.Span, l.K.Stride, l.V.Span, l.V.Stride, output, dOut, lse,
            l.Dq.Span, l.Dq.Stride, l.Dk.Span.Slice(0, 40), l.Dk.Stride, l.Dv.Span, l.Dv.Stride, 2, 3, 3, 2, 4, false, default, 0f, 0));
        Assert.Equal("dk", ex2.ParamName);

        ex2 = Assert.Throws<ArgumentException>(() => Attention.Backward(
            l.Q.Span, l.Q.Stride, l.K.Span, l.K.Stride, l.V.Span, l.V.Stride, output, dOut, lse,
            l.Dq.Span, l.Dq.Stride, l.Dk.Span, l.Dk.Stride, l.V.Span, l.V.Stride, 2, 3, 3, 2, 4, false, default, 0f, 0));
        Assert.Equal("dv", ex2.ParamName);

        ex = Assert.Throws<ArgumentOutOfRangeException>(() => Attention.Backward(
            l.Q.Span, l.Q.Stride, l.K.Span, l.K.Stride, l.V.Span, l.V.Stride, output, dOut, lse,
            l.Dq.Span, l.Dq.Stride, l.Dk.Span, l.Dk.Stride, l.Dv.Span, l.Dv.Stride, 2, 3, 3, 2, 4, false, default, 1f, 0));
        Assert.Equal("dropoutP", ex.ParamName);
        ex = Assert.Throws<ArgumentOutOfRangeException>(() => Attention.Forward(
            l.Q.Span, l.Q.Stride, l.K.Span, l.K.Stride, l.V.Span, l.V.Stride, dOut, lse,
            2, 3, 3, 2, 4, false, default, -0.5f, 0));
        Assert.Equal("dropoutP", ex.ParamName);

        ex2 = Assert.Throws<ArgumentException>(() => Attention.Backward(
            l.Q.Span, l.Q.Stride, l.K.Span, l.K.Stride, l.V.Span, l.V.Stride, output, dOut, default,
            l.Dq.Span, l.Dq.Stride, l.Dk.Span, l.Dk.Stride, l.Dv.Span, l.Dv.Stride, 2, 3, 3, 2, 4, false, default, 0f, 0));
        Assert.Equal("logSumExp", ex2.ParamName);
    }
}
