using System;
using System.Globalization;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace AttentionGen.Training;

/// <summary>
/// Stochastic gradient descent, exactly <c>torch.optim.SGD</c> (single-tensor path, <c>maximize=False</c>):
/// <code>
/// d ← g + wd·p                                   (when wd ≠ 0)
/// buf ← d on the first step, else momentum·buf + (1 − dampening)·d   (when momentum ≠ 0)
/// d ← nesterov ? d + momentum·buf : buf          (when momentum ≠ 0)
/// p ← p − lr·d
/// </code>
/// The momentum buffer (state <c>momentum_buffer</c>) exists only when momentum ≠ 0. Scalars are rounded to float
/// once per step; the element-wise work is one fused SIMD pass.
/// </summary>
public sealed class Sgd : Optimizer
{
    /// <summary>The name of the momentum state array.</summary>
    public const string MomentumBuffer = "momentum_buffer";

    private bool _hasBuffer;

    /// <summary>Create the optimizer; the defaults are PyTorch's.</summary>
    /// <param name="lr">Learning rate; finite, 0 or more.</param>
    /// <param name="momentum">Momentum factor; finite, 0 or more.</param>
    /// <param name="dampening">Dampening of the gradient in the momentum buffer; finite.</param>
    /// <param name="weightDecay">L2 penalty added to the gradient; finite, 0 or more.</param>
    /// <param name="nesterov">Nesterov momentum; needs <paramref name="momentum"/> &gt; 0 and <paramref name="dampening"/> = 0, as in PyTorch.</param>
    /// <exception cref="ArgumentOutOfRangeException">A value is outside its range; the message names it.</exception>
    /// <exception cref="ArgumentException"><paramref name="nesterov"/> with no momentum or with dampening.</exception>
    public Sgd(float lr, float momentum = 0, float dampening = 0, float weightDecay = 0, bool nesterov = false)
        : base(lr, momentum != 0 ? [MomentumBuffer] : [])
    {
        RequireNonNegative(momentum, nameof(momentum));
        RequireNonNegative(weightDecay, nameof(weightDecay));
        if (!float.IsFinite(dampening))
        {
            throw new ArgumentOutOfRangeException(
                nameof(dampening), dampening, string.Create(CultureInfo.InvariantCulture, $"dampening is {dampening}; it must be finite."));
        }

        if (nesterov && (momentum <= 0 || dampening != 0))
        {
            throw new ArgumentException(
                string.Create(
                    CultureInfo.InvariantCulture,
                    $"nesterov needs momentum > 0 and dampening = 0, but momentum is {momentum} and dampening is {dampening}."),
                nameof(nesterov));
        }

        Momentum = momentum;
        Dampening = dampening;
        WeightDecay = weightDecay;
        Nesterov = nesterov;
    }

    /// <summary>Momentum factor; 0 means plain SGD with no state.</summary>
    public float Momentum { get; }

    /// <summary>Dampening: the momentum buffer takes (1 − dampening) of each new gradient after the first step.</summary>
    public float Dampening { get; }

    /// <summary>L2 penalty: wd·p is added to the gradient.</summary>
    public float WeightDecay { get; }

    /// <summary>Whether the update uses Nesterov momentum.</summary>
    public bool Nesterov { get; }

    private protected override void OnRestored(bool hasState) => _hasBuffer = hasState;

    private protected override void Update(Span<float> parameters, ReadOnlySpan<float> gradients, float[][] state, long step)
    {
        var k = new Factors
        {
            Decay = WeightDecay,
            UseDecay = WeightDecay != 0,
            Momentum = Momentum,
            UseMomentum = Momentum != 0,
            FirstStep = !_hasBuffer,
            KeepGradient = (float)(1 - HyperParameter.AsDecimal(Dampening)),
            Nesterov = Nesterov,
            NegLr = -LearningRate,
        };

        ref float p = ref MemoryMarshal.GetReference(parameters);
        ref float g = ref MemoryMarshal.GetReference(gradients);
        ref float b = ref k.UseMomentum ? ref MemoryMarshal.GetArrayDataReference(state[0]) : ref Unsafe.NullRef<float>();
        int n = parameters.Length;
        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var decay = new Vector<float>(k.Decay);
            var momentum = new Vector<float>(k.Momentum);
            var keep = new Vector<float>(k.KeepGradient);
            var negLr = new Vector<float>(k.NegLr);
            for (; i <= n - Vector<float>.Count; i += Vector<float>.Count)
            {
                nuint at = (nuint)i;
                Vector<float> pi = Vector.LoadUnsafe(ref p, at);
                Vector<float> d = Vector.LoadUnsafe(ref g, at);
                if (k.UseDecay)
                {
                    d += decay * pi;
                }

                if (k.UseMomentum)
                {
                    Vector<float> buf = k.FirstStep ? d : (Vector.LoadUnsafe(ref b, at) * momentum) + (keep * d);
                    buf.StoreUnsafe(ref b, at);
                    d = k.Nesterov ? d + (momentum * buf) : buf;
                }

                pi += negLr * d;
                pi.StoreUnsafe(ref p, at);
            }
        }

        for (; i < n; i++)
        {
            ref float pi = ref Unsafe.Add(ref p, i);
            float d = Unsafe.Add(ref g, i);
            if (k.UseDecay)
            {
                d += k.Decay * pi;
            }

            if (k.UseMomentum)
            {
                ref float bi = ref Unsafe.Add(ref b, i);
                float buf = k.FirstStep ? d : (bi * k.Momentum) + (k.KeepGradient * d);
                bi = buf;
                d = k.Nesterov ? d + (k.Momentum * buf) : buf;
            }

            pi += k.NegLr * d;
        }

        _hasBuffer = k.UseMomentum;
    }

    /// <summary>The per-step scalars and switches.</summary>
    private struct Factors
    {
        public float Decay;
        public bool UseDecay;
        public float Momentum;
        public bool UseMomentum;
        public bool FirstStep;
        public float KeepGradient;
        public bool Nesterov;
        public float NegLr;
    }
}
