using System;
using System.Globalization;
using System.Numerics;
using System.Runtime.CompilerServices;
using AttentionGen.Runtime;

namespace AttentionGen.Training;

/// <summary>
/// Adam with decoupled weight decay, exactly <c>torch.optim.AdamW</c> (single-tensor path, <c>amsgrad=False</c>,
/// <c>maximize=False</c>) with its defaults. Per step t = <see cref="Optimizer.StepCount"/> (1 on the first step):
/// <code>
/// p ← p·(1 − lr·wd)
/// m ← lerp(m, g, 1 − β1)            (= β1·m + (1 − β1)·g)
/// v ← β2·v + (1 − β2)·g²
/// p ← p − (lr / (1 − β1ᵗ))·m / (√v / √(1 − β2ᵗ) + eps)
/// </code>
/// The scalar factors are computed in double and rounded to float once per step, as PyTorch does with its
/// Python-float hyper-parameters (each float hyper-parameter is read as the decimal it prints as, so 0.9f
/// counts as Python's 0.9); the element-wise work is float, one fused SIMD pass over the four arrays, in
/// PyTorch's order of operations, over the whole parameter arena at once, shared with the worker pool of the matrix
/// products (<see cref="GemmWorkers"/>) for large models.
/// </summary>
public sealed class AdamW : Optimizer
{
    /// <summary>The name of the first-moment state array.</summary>
    public const string ExpAvg = "exp_avg";

    /// <summary>The name of the second-moment state array.</summary>
    public const string ExpAvgSq = "exp_avg_sq";

    private readonly double _beta1, _beta2, _weightDecay;

    /// <summary>Create the optimizer; the defaults are PyTorch's.</summary>
    /// <param name="lr">Learning rate; finite, 0 or more.</param>
    /// <param name="beta1">First-moment decay; in [0, 1).</param>
    /// <param name="beta2">Second-moment decay; in [0, 1).</param>
    /// <param name="eps">Added to the denominator; finite, 0 or more.</param>
    /// <param name="weightDecay">Decoupled weight decay; finite, 0 or more.</param>
    /// <exception cref="ArgumentOutOfRangeException">A value is outside its range; the message names it.</exception>
    public AdamW(float lr = 1e-3f, float beta1 = 0.9f, float beta2 = 0.999f, float eps = 1e-8f, float weightDecay = 1e-2f)
        : base(lr, [ExpAvg, ExpAvgSq])
    {
        RequireBeta(beta1, nameof(beta1));
        RequireBeta(beta2, nameof(beta2));
        RequireNonNegative(eps, nameof(eps));
        RequireNonNegative(weightDecay, nameof(weightDecay));
        Beta1 = beta1;
        Beta2 = beta2;
        Eps = eps;
        WeightDecay = weightDecay;
        _beta1 = HyperParameter.AsDecimal(beta1);
        _beta2 = HyperParameter.AsDecimal(beta2);
        _weightDecay = HyperParameter.AsDecimal(weightDecay);
    }

    /// <summary>First-moment decay β1.</summary>
    public float Beta1 { get; }

    /// <summary>Second-moment decay β2.</summary>
    public float Beta2 { get; }

    /// <summary>The term added to the denominator.</summary>
    public float Eps { get; }

    /// <summary>Decoupled weight decay: each step multiplies the parameters by 1 − lr·wd first.</summary>
    public float WeightDecay { get; }

    private protected override bool RequiresNonNegative(string name) => name == ExpAvgSq;

    private protected override unsafe void Update(Span<float> parameters, ReadOnlySpan<float> gradients, float[][] state, long step)
    {
        double lr = HyperParameter.AsDecimal(LearningRate);
        double beta1 = _beta1, beta2 = _beta2;
        double biasCorrection1 = 1 - Math.Pow(beta1, step);
        double biasCorrection2 = 1 - Math.Pow(beta2, step);
        float weight = (float)(1 - beta1);
        var k = new Factors
        {
            Decay = (float)(1 - (lr * _weightDecay)),
            Weight = weight,
            OneMinusWeight = 1f - weight,
            LerpFromStart = weight < 0.5f,
            Beta2 = Beta2,
            OneMinusBeta2 = (float)(1 - beta2),
            BiasCorrection2Sqrt = (float)Math.Sqrt(biasCorrection2),
            Eps = Eps,
            NegStepSize = (float)(-lr / biasCorrection1),
        };

        int n = parameters.Length;
        fixed (float* p = parameters, g = gradients, m = state[0], v = state[1])
        {
            var plan = new UpdatePlan { Factors = k, P = p, G = g, M = m, V = v, Length = n, Items = (n + ChunkLength - 1) / ChunkLength };
            if (n >= ParallelLength && GemmWorkers.Count > 0 && GemmWorkers.TryRun(in plan))
            {
                return;
            }

            UpdateRange(p, g, m, v, n, in k);
        }
    }

    /// <summary>Elements per work item on the worker pool: 128 KB of each of the four arrays, whole vectors.</summary>
    private const int ChunkLength = 1 << 15;

    /// <summary>
    /// Parameters from which the step is shared with the worker pool: below it the pass is a few microseconds, about
    /// the cost of waking a worker. The update is element-wise, so the split never changes a result.
    /// </summary>
    private const int ParallelLength = 1 << 17;

    /// <summary>The one fused pass over elements [0, n) of the four arrays.</summary>
    private static unsafe void UpdateRange(float* p, float* g, float* m, float* v, int n, in Factors k)
    {
        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var decay = new Vector<float>(k.Decay);
            var lerpWeight = new Vector<float>(k.LerpFromStart ? k.Weight : k.OneMinusWeight);
            var beta2Vector = new Vector<float>(k.Beta2);
            var oneMinusBeta2 = new Vector<float>(k.OneMinusBeta2);
            var biasCorrection2Sqrt = new Vector<float>(k.BiasCorrection2Sqrt);
            var eps = new Vector<float>(k.Eps);
            var negStepSize = new Vector<float>(k.NegStepSize);
            bool lerpFromStart = k.LerpFromStart;
            for (; i <= n - Vector<float>.Count; i += Vector<float>.Count)
            {
                Vector<float> pi = Vector.Load(p + i);
                Vector<float> gi = Vector.Load(g + i);
                Vector<float> mi = Vector.Load(m + i);
                Vector<float> vi = Vector.Load(v + i);
                pi *= decay;
                mi = lerpFromStart ? mi + (lerpWeight * (gi - mi)) : gi - ((gi - mi) * lerpWeight);
                vi = (vi * beta2Vector) + (oneMinusBeta2 * gi * gi);
                Vector<float> denom = (Vector.SquareRoot(vi) / biasCorrection2Sqrt) + eps;
                pi += negStepSize * mi / denom;
                pi.Store(p + i);
                mi.Store(m + i);
                vi.Store(v + i);
            }
        }

        for (; i < n; i++)
        {
            Scalar(ref p[i], g[i], ref m[i], ref v[i], in k);
        }
    }

    /// <summary>One step over the whole parameter arena, cut into chunks the worker pool's threads claim.</summary>
    private unsafe struct UpdatePlan : IWorkPlan
    {
        public Factors Factors;
        public float* P;
        public float* G;
        public float* M;
        public float* V;
        public int Length;

        public int Items { get; set; }

        public readonly int Prerequisites(int item) => 0;

        public readonly void Run(int item, GemmScratch scratch)
        {
            int start = item * ChunkLength;
            UpdateRange(P + start, G + start, M + start, V + start, Math.Min(ChunkLength, Length - start), in Factors);
        }
    }

    /// <summary>The same operations, in the same order, on one element: the vector body and the tail agree bit for bit.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Scalar(ref float p, float g, ref float m, ref float v, in Factors k)
    {
        float pi = p * k.Decay;
        float mi = k.LerpFromStart ? m + (k.Weight * (g - m)) : g - ((g - m) * k.OneMinusWeight);
        float vi = (v * k.Beta2) + (k.OneMinusBeta2 * g * g);
        float denom = (MathF.Sqrt(vi) / k.BiasCorrection2Sqrt) + k.Eps;
        p = pi + (k.NegStepSize * mi / denom);
        m = mi;
        v = vi;
    }

    private static void RequireBeta(float value, string name)
    {
        if (!(value >= 0 && value < 1))
        {
            throw new ArgumentOutOfRangeException(
                name, value, string.Create(CultureInfo.InvariantCulture, $"{name} is {value}; it must be in [0, 1)."));
        }
    }

    /// <summary>The per-step scalars, rounded to float once.</summary>
    private struct Factors
    {
        public float Decay;
        public float Weight;
        public float OneMinusWeight;
        public bool LerpFromStart;
        public float Beta2;
        public float OneMinusBeta2;
        public float BiasCorrection2Sqrt;
        public float Eps;
        public float NegStepSize;
    }
}
