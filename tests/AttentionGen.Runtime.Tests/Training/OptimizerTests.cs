using System;
using System.Collections.Generic;
using System.Linq;
using AttentionGen.Training;

namespace AttentionGen.Runtime.Tests.Training;

public class OptimizerTests
{
    /// <summary>PyTorch's single-tensor AdamW, in double.</summary>
    private sealed class AdamWReference(double lr, double beta1, double beta2, double eps, double wd, int n)
    {
        private readonly double[] _m = new double[n];
        private readonly double[] _v = new double[n];
        private int _t;

        public void Step(double[] p, double[] g)
        {
            _t++;
            double bias1 = 1 - Math.Pow(beta1, _t);
            double bias2 = 1 - Math.Pow(beta2, _t);
            for (int i = 0; i < p.Length; i++)
            {
                p[i] *= 1 - (lr * wd);
                _m[i] = (beta1 * _m[i]) + ((1 - beta1) * g[i]);
                _v[i] = (beta2 * _v[i]) + ((1 - beta2) * g[i] * g[i]);
                p[i] -= lr / bias1 * _m[i] / ((Math.Sqrt(_v[i]) / Math.Sqrt(bias2)) + eps);
            }
        }
    }

    /// <summary>PyTorch's single-tensor SGD, in double.</summary>
    private sealed class SgdReference(double lr, double momentum, double dampening, double wd, bool nesterov, int n)
    {
        private readonly double[] _buf = new double[n];
        private bool _started;

        public void Step(double[] p, double[] g)
        {
            for (int i = 0; i < p.Length; i++)
            {
                double d = g[i] + (wd * p[i]);
                if (momentum != 0)
                {
                    _buf[i] = _started ? (momentum * _buf[i]) + ((1 - dampening) * d) : d;
                    d = nesterov ? d + (momentum * _buf[i]) : _buf[i];
                }

                p[i] -= lr * d;
            }

            _started = true;
        }
    }

    private static double[] ToDouble(float[] a) => a.Select(v => (double)v).ToArray();

    // ---- AdamW ----

    [Fact]
    public void AdamWFirstStepsByHand()
    {
        // p = 1, g = 0.5, lr = 0.1, defaults (β1 0.9, β2 0.999, eps 1e−8, wd 0.01).
        // Step 1: p·(1 − 0.1·0.01) = 0.999; m = 0.05, v = 0.00025; m/(1 − 0.9) = 0.5, √v/√(1 − 0.999) = 0.5;
        //         p = 0.999 − 0.1·0.5/(0.5 + 1e−8) = 0.899 (the first Adam step moves by lr·g/|g|).
        // Step 2: p·0.999 = 0.898101; m = 0.095, v = 0.00049975; m/0.19 = 0.5, √(v/0.001999) = 0.5; p = 0.798101.
        var opt = new AdamW(lr: 0.1f);
        float[] p = [1f];
        opt.Step(p, [0.5f]);
        Assert.Equal(0.899, p[0], 1e-7);
        Assert.Equal(0.05f, opt.State[0].Values[0], 1e-9f);
        Assert.Equal(0.00025f, opt.State[1].Values[0], 1e-11f);
        opt.Step(p, [0.5f]);
        Assert.Equal(0.798101, p[0], 1e-7);
        Assert.Equal(2, opt.StepCount);
    }

    [Theory]
    [InlineData(37, 1e-3f, 0.9f, 0.999f, 1e-8f, 1e-2f)]
    [InlineData(5, 0.05f, 0.8f, 0.99f, 1e-6f, 0f)]
    [InlineData(64, 0.01f, 0.3f, 0.5f, 1e-3f, 0.1f)]
    public void AdamWMatchesTheDoubleReference(int n, float lr, float beta1, float beta2, float eps, float wd)
    {
        var rng = new Random(n);
        float[] p = Reference.Random(rng, n, 2f);
        double[] pRef = ToDouble(p);
        var opt = new AdamW(lr, beta1, beta2, eps, wd);
        var reference = new AdamWReference(lr, beta1, beta2, eps, wd, n);
        for (int step = 1; step <= 3; step++)
        {
            float[] g = Reference.Random(rng, n, 1f);
            g[0] = 0; // A zero gradient exercises the eps term.
            opt.Step(p, g);
            reference.Step(pRef, ToDouble(g));
            Reference.AssertClose(pRef, p, 1e-6, $"step {step}");
        }

        Assert.Equal(3, opt.StepCount);
        Assert.Equal(["exp_avg", "exp_avg_sq"], opt.State.Select(s => s.Name));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(33)]
    [InlineData(300_007)] // above the size that shares the pass with the worker pool, not a multiple of its chunks
    public void AdamWOverALargeArenaMatchesTheDoubleReferenceAndSmallSlicesBitForBit(int n)
    {
        var rng = new Random(n);
        float[] p = Reference.Random(rng, n, 2f);
        float[] sliced = (float[])p.Clone();
        double[] pRef = ToDouble(p);
        var opt = new AdamW(lr: 0.01f);
        var reference = new AdamWReference(0.01f, 0.9f, 0.999f, 1e-8f, 1e-2f, n);

        // The same update slice by slice (each slice far below the pool's size): element-wise, so bit for bit equal.
        const int Slice = 1000;
        var slices = new AdamW[(n + Slice - 1) / Slice];
        for (int s = 0; s < slices.Length; s++)
        {
            slices[s] = new AdamW(lr: 0.01f);
        }

        for (int step = 1; step <= 2; step++)
        {
            float[] g = Reference.Random(rng, n, 1f);
            opt.Step(p, g);
            reference.Step(pRef, ToDouble(g));
            for (int s = 0; s < slices.Length; s++)
            {
                int start = s * Slice, length = Math.Min(Slice, n - start);
                slices[s].Step(sliced.AsSpan(start, length), g.AsSpan(start, length));
            }

            Reference.AssertClose(pRef, p, 1e-6, $"step {step}");
            Assert.Equal(sliced, p);
        }
    }

    [Fact]
    public void AdamWWithBetaOneBelowOneHalfUsesTheOtherLerpBranchAndStillMatches()
    {
        var opt = new AdamW(lr: 0.01f, beta1: 0.2f);
        var reference = new AdamWReference(0.01f, 0.2f, 0.999f, 1e-8f, 1e-2f, 9);
        var rng = new Random(4);
        float[] p = Reference.Random(rng, 9);
        double[] pRef = ToDouble(p);
        for (int step = 0; step < 4; step++)
        {
            float[] g = Reference.Random(rng, 9);
            opt.Step(p, g);
            reference.Step(pRef, ToDouble(g));
        }

        Reference.AssertClose(pRef, p, 1e-6, "p");
    }

    [Fact]
    public void AdamWRejectsBadHyperParametersNamingTheValue()
    {
        Assert.Contains("lr is -1", Assert.Throws<ArgumentOutOfRangeException>(() => new AdamW(lr: -1)).Message);
        Assert.Contains("beta1 is 1", Assert.Throws<ArgumentOutOfRangeException>(() => new AdamW(beta1: 1)).Message);
        Assert.Contains("beta2 is -0.5", Assert.Throws<ArgumentOutOfRangeException>(() => new AdamW(beta2: -0.5f)).Message);
        Assert.Contains("eps is NaN", Assert.Throws<ArgumentOutOfRangeException>(() => new AdamW(eps: float.NaN)).Message);
        Assert.Contains("weightDecay is -0.1", Assert.Throws<ArgumentOutOfRangeException>(() => new AdamW(weightDecay: -0.1f)).Message);
        var opt = new AdamW();
        Assert.Contains("LearningRate is Infinity", Assert.Throws<ArgumentOutOfRangeException>(() => opt.LearningRate = float.PositiveInfinity).Message);
        Assert.Equal(1e-3f, opt.LearningRate);
    }

    [Fact]
    public void AdamWResumesBitIdenticallyFromSavedState()
    {
        const int n = 29;
        var rng = new Random(9);
        float[] start = Reference.Random(rng, n);
        float[][] grads = Enumerable.Range(0, 5).Select(_ => Reference.Random(rng, n)).ToArray();

        float[] straight = (float[])start.Clone();
        var a = new AdamW(lr: 0.01f);
        foreach (float[] g in grads)
        {
            a.Step(straight, g);
        }

        float[] resumed = (float[])start.Clone();
        var b = new AdamW(lr: 0.01f);
        b.Step(resumed, grads[0]);
        b.Step(resumed, grads[1]);
        long savedStep = b.StepCount;
        float[] checkpoint = (float[])resumed.Clone();
        Dictionary<string, float[]> saved = b.State.ToDictionary(s => s.Name, s => (float[])s.Values.Clone());
        b.Step(resumed, grads[2]); // Work after the checkpoint is lost; the copies above must not see it.

        var c = new AdamW(lr: 0.01f);
        c.RestoreState(savedStep, saved);
        Assert.Equal(2, c.StepCount);
        Assert.Equal(n, c.ParameterCount);
        for (int k = 2; k < 5; k++)
        {
            c.Step(checkpoint, grads[k]);
        }

        Assert.Equal(straight, checkpoint);
        Assert.Equal(a.State[0].Values, c.State[0].Values);
        Assert.Equal(a.State[1].Values, c.State[1].Values);
        Assert.Equal(5, c.StepCount);
    }

    [Fact]
    public void RestoreStateValidatesNamesLengthsAndValues()
    {
        var opt = new AdamW();
        var ok = new Dictionary<string, float[]> { ["exp_avg"] = new float[4], ["exp_avg_sq"] = new float[4] };

        var e = Assert.Throws<ArgumentException>(() => opt.RestoreState(3, new Dictionary<string, float[]> { ["exp_avg"] = new float[4] }));
        Assert.Contains("no array named 'exp_avg_sq'", e.Message);
        e = Assert.Throws<ArgumentException>(() => opt.RestoreState(3, new Dictionary<string, float[]>(ok) { ["momentum_buffer"] = new float[4] }));
        Assert.Contains("'momentum_buffer', which AdamW does not keep (it keeps: exp_avg, exp_avg_sq)", e.Message);
        e = Assert.Throws<ArgumentException>(() => opt.RestoreState(3, new Dictionary<string, float[]> { ["exp_avg"] = new float[4], ["exp_avg_sq"] = new float[5] }));
        Assert.Contains("state['exp_avg_sq'] holds 5 elements but state['exp_avg'] holds 4", e.Message);
        e = Assert.Throws<ArgumentException>(() => opt.RestoreState(3, new Dictionary<string, float[]> { ["exp_avg"] = new float[4], ["exp_avg_sq"] = [0, 0, -1, 0] }));
        Assert.Contains("state['exp_avg_sq'][2] is -1", e.Message);
        e = Assert.Throws<ArgumentException>(() => opt.RestoreState(3, new Dictionary<string, float[]> { ["exp_avg"] = [0, float.NaN, 0, 0], ["exp_avg_sq"] = new float[4] }));
        Assert.Contains("state['exp_avg'][1] is NaN", e.Message);
        e = Assert.Throws<ArgumentException>(() => opt.RestoreState(1, new Dictionary<string, float[]>()));
        Assert.Contains("no array named 'exp_avg'", e.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => opt.RestoreState(-1, ok));
        Assert.Equal(0, opt.StepCount);

        opt.RestoreState(3, ok);
        Assert.Equal(3, opt.StepCount);
        Assert.Equal(4, opt.ParameterCount);
        e = Assert.Throws<ArgumentException>(() => opt.Step(new float[5], new float[5]));
        Assert.Contains("parameters holds 5 elements, but this optimizer's state is for 4", e.Message);

        // Step 0 with no arrays is a fresh optimizer again.
        opt.RestoreState(0, new Dictionary<string, float[]>());
        Assert.Equal(0, opt.ParameterCount);
        Assert.Empty(opt.State);
        opt.Step(new float[5], new float[5]);
        Assert.Equal(5, opt.ParameterCount);
    }

    [Fact]
    public void StepValidatesLengthsAndOverlap()
    {
        var opt = new AdamW();
        var e = Assert.Throws<ArgumentException>(() => opt.Step(new float[3], new float[4]));
        Assert.Contains("gradients holds 4 elements but parameters holds 3", e.Message);
        e = Assert.Throws<ArgumentException>(() => opt.Step([], []));
        Assert.Contains("parameters is empty", e.Message);
        var buffer = new float[10];
        e = Assert.Throws<ArgumentException>(() => opt.Step(buffer.AsSpan(0, 8), buffer.AsSpan(2, 8)));
        Assert.Contains("overlaps", e.Message);
        Assert.Equal(0, opt.StepCount);
        opt.Step(new float[3], new float[3]);
        e = Assert.Throws<ArgumentException>(() => opt.Step(new float[4], new float[4]));
        Assert.Contains("state is for 3", e.Message);
        Assert.Equal(1, opt.StepCount);
    }

    [Fact]
    public void SecondAndLaterStepsAllocateNothing()
    {
        const int n = 1000;
        var p = new float[n];
        var g = Enumerable.Range(0, n).Select(i => (float)Math.Sin(i)).ToArray();
        Optimizer[] optimizers = [new AdamW(), new Sgd(0.1f), new Sgd(0.1f, momentum: 0.9f, weightDecay: 0.01f, nesterov: true)];
        foreach (Optimizer opt in optimizers)
        {
            opt.Step(p, g);
            long before = GC.GetAllocatedBytesForCurrentThread();
            opt.Step(p, g);
            opt.Step(p, g);
            long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            Assert.True(allocated == 0, $"{opt.GetType().Name} allocated {allocated} bytes after its first step");
        }

        long clipBefore = GC.GetAllocatedBytesForCurrentThread();
        GradientClipping.ClipGlobalNorm(g, 1f);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - clipBefore);
    }

    // ---- SGD ----

    [Fact]
    public void SgdStepsByHand()
    {
        // p = 1, g = 0.5, lr = 0.1, momentum 0.9, wd 0.1.
        // Step 1: d = 0.5 + 0.1·1 = 0.6; buf = 0.6; p = 1 − 0.06 = 0.94.
        // Step 2: d = 0.5 + 0.094 = 0.594; buf = 0.9·0.6 + 0.594 = 1.134; p = 0.94 − 0.1134 = 0.8266.
        var opt = new Sgd(0.1f, momentum: 0.9f, weightDecay: 0.1f);
        float[] p = [1f];
        opt.Step(p, [0.5f]);
        Assert.Equal(0.94, p[0], 1e-7);
        opt.Step(p, [0.5f]);
        Assert.Equal(0.8266, p[0], 1e-6);
        Assert.Equal(1.134f, opt.State[0].Values[0], 1e-6f);

        // Nesterov, step 1: d = 0.6 + 0.9·0.6 = 1.14; p = 1 − 0.114 = 0.886.
        var nesterov = new Sgd(0.1f, momentum: 0.9f, weightDecay: 0.1f, nesterov: true);
        p[0] = 1f;
        nesterov.Step(p, [0.5f]);
        Assert.Equal(0.886, p[0], 1e-7);

        // Plain SGD keeps no state.
        var plain = new Sgd(0.1f);
        p[0] = 1f;
        plain.Step(p, [0.5f]);
        Assert.Equal(0.95f, p[0]);
        Assert.Empty(plain.State);
    }

    [Theory]
    [InlineData(0f, 0f, 0f, false)]
    [InlineData(0f, 0f, 0.05f, false)]
    [InlineData(0.9f, 0f, 0f, false)]
    [InlineData(0.9f, 0.3f, 0.01f, false)]
    [InlineData(0.8f, 0f, 0.01f, true)]
    [InlineData(1.5f, 0.5f, 0f, false)]
    public void SgdMatchesTheDoubleReference(float momentum, float dampening, float wd, bool nesterov)
    {
        const int n = 23;
        var rng = new Random(11);
        float[] p = Reference.Random(rng, n, 2f);
        double[] pRef = ToDouble(p);
        var opt = new Sgd(0.05f, momentum, dampening, wd, nesterov);
        var reference = new SgdReference(0.05f, momentum, dampening, wd, nesterov, n);
        for (int step = 1; step <= 4; step++)
        {
            float[] g = Reference.Random(rng, n);
            opt.Step(p, g);
            reference.Step(pRef, ToDouble(g));
            Reference.AssertClose(pRef, p, 1e-6, $"step {step}");
        }

        Assert.Equal(momentum != 0 ? ["momentum_buffer"] : Array.Empty<string>(), opt.State.Select(s => s.Name));
    }

    [Fact]
    public void SgdResumesBitIdenticallyFromSavedState()
    {
        const int n = 19;
        var rng = new Random(21);
        float[] start = Reference.Random(rng, n);
        float[][] grads = Enumerable.Range(0, 5).Select(_ => Reference.Random(rng, n)).ToArray();
        Sgd Make() => new(0.05f, momentum: 0.9f, dampening: 0.1f, weightDecay: 0.01f);

        float[] straight = (float[])start.Clone();
        var a = Make();
        foreach (float[] g in grads)
        {
            a.Step(straight, g);
        }

        float[] resumed = (float[])start.Clone();
        var b = Make();
        b.Step(resumed, grads[0]);
        b.Step(resumed, grads[1]);
        var saved = b.State.ToDictionary(s => s.Name, s => (float[])s.Values.Clone());

        var c = Make();
        c.RestoreState(b.StepCount, saved);
        for (int k = 2; k < 5; k++)
        {
            c.Step(resumed, grads[k]);
        }

        Assert.Equal(straight, resumed);
        Assert.Equal(5, c.StepCount);
    }

    [Fact]
    public void SgdValidatesLikePyTorch()
    {
        Assert.Contains("nesterov needs momentum > 0 and dampening = 0", Assert.Throws<ArgumentException>(() => new Sgd(0.1f, nesterov: true)).Message);
        Assert.Contains("dampening is 0.5", Assert.Throws<ArgumentException>(() => new Sgd(0.1f, momentum: 0.9f, dampening: 0.5f, nesterov: true)).Message);
        Assert.Contains("momentum is -0.9", Assert.Throws<ArgumentOutOfRangeException>(() => new Sgd(0.1f, momentum: -0.9f)).Message);
        Assert.Contains("weightDecay is -1", Assert.Throws<ArgumentOutOfRangeException>(() => new Sgd(0.1f, weightDecay: -1)).Message);
        Assert.Contains("lr is -0.1", Assert.Throws<ArgumentOutOfRangeException>(() => new Sgd(-0.1f)).Message);

        var plain = new Sgd(0.1f);
        var e = Assert.Throws<ArgumentException>(() => plain.RestoreState(4, new Dictionary<string, float[]> { ["momentum_buffer"] = new float[2] }));
        Assert.Contains("which Sgd does not keep (it keeps: none)", e.Message);
        plain.RestoreState(4, new Dictionary<string, float[]>());
        Assert.Equal(4, plain.StepCount);
    }
}
